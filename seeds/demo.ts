/**
 * `npm run seed:demo`: the demo jurisdictions, users (password DEMO_PASSWORD) and registry rows of
 * PROCESSES.md §1. Idempotent. Runs only in demo mode (DEMO_MODE=1, set by `npm run demo`) or in the
 * test harness: demo users share a public password, so a real installation must never get them.
 */
import 'reflect-metadata';
import { environment, textSetting } from '@app/settings';
import { DataSource } from 'typeorm';
import { hashPassword } from '@app/access';
import { createDataSource } from '@app/db';
import { PiiCipher, makeIdNumber } from '@app/registry';
import { isDemoMode, loadSettings } from '@app/engine';
import { DEMO_APPLICANTS, DEMO_JURISDICTIONS, DEMO_USERS } from './demo-data';

export { DEFAULT_DEMO_PASSWORD } from './demo-password';

export async function seedDemo(ds: DataSource, env = environment()): Promise<{ users: number; jurisdictions: number; registry: number }> {
  if (env.NODE_ENV === 'production') throw new Error('演示数据不能在生产模式（NODE_ENV=production）下写入');
  if (!isDemoMode(env) && env.NODE_ENV !== 'test') {
    throw new Error('演示数据只在演示模式下写入（DEMO_MODE=1，npm run demo 会设置）：演示账号的密码是公开的，正式环境请用 npm run admin:bootstrap 创建管理员');
  }
  const settings = loadSettings(env);
  const cipher = new PiiCipher(settings.piiKey);
  const password = textSetting('DEMO_PASSWORD', env)!;
  const byCode = new Map(DEMO_JURISDICTIONS.map((j) => [j.code, j]));
  const ancestor = (code: string, level: string): string | null => {
    let j = byCode.get(code);
    while (j && j.level !== level) j = j.parent ? byCode.get(j.parent) : undefined;
    return j?.code ?? null;
  };
  for (const j of DEMO_JURISDICTIONS) {
    await ds.query(
      `INSERT INTO jurisdictions (code, name, level, parent_code, city_code, county_code, township_code) VALUES ($1,$2,$3,$4,$5,$6,$7)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name`,
      [j.code, j.name, j.level, j.parent, ancestor(j.code, 'city'), ancestor(j.code, 'county'), ancestor(j.code, 'township')],
    );
  }
  const hash = await hashPassword(password);
  for (const u of DEMO_USERS) {
    await ds.query(
      `INSERT INTO users (username, display_name, password_hash, jurisdiction_code, roles) VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name, password_hash = EXCLUDED.password_hash,
         jurisdiction_code = EXCLUDED.jurisdiction_code, roles = EXCLUDED.roles, active = true`,
      [u.username, u.displayName, hash, u.jurisdiction, u.roles],
    );
  }
  let registry = 0;
  for (const a of DEMO_APPLICANTS.filter((x) => x.category)) {
    const id = makeIdNumber(a.first17);
    await ds.query(
      `INSERT INTO registry_entries (id_index, id_cipher, name, village_code, category, status, household_id) VALUES ($1,$2,$3,$4,$5,$6,$7)
       ON CONFLICT (id_index) DO NOTHING`,
      [cipher.indexOf(id), cipher.encrypt(id), a.name, a.village, a.category, a.status, a.household],
    );
    registry++;
  }
  return { users: DEMO_USERS.length, jurisdictions: DEMO_JURISDICTIONS.length, registry };
}

if (require.main === module) {
  (async () => {
    const ds = createDataSource(textSetting('DATABASE_URL'), 2);
    await ds.initialize();
    try {
      const n = await seedDemo(ds);
      process.stdout.write(`demo data: ${n.jurisdictions} jurisdictions, ${n.users} users, ${n.registry} registry rows\n`);
    } finally {
      await ds.destroy();
    }
  })().catch((err) => {
    process.stderr.write(`seed failed: ${err.message}\n`);
    process.exit(1);
  });
}
