/**
 * `npm run admin:bootstrap` (also `docker compose run --rm api npm run admin:bootstrap`): the first
 * administrator of an installation, and the root of its jurisdiction tree when the tree is empty.
 *
 *   BOOTSTRAP_JURISDICTION_CODE / _NAME / _LEVEL   the root (only read when the tree is empty;
 *                                                  otherwise the admin is placed at this existing code)
 *   BOOTSTRAP_ADMIN_USERNAME / BOOTSTRAP_ADMIN_PASSWORD
 *
 * Only when no active admin exists: otherwise it says so, changes nothing and exits 0. The password
 * must meet the policy and must be changed at the first login (it has passed through a shell or a
 * compose file). Works in production; needs only DATABASE_URL. Audited on the administration chain.
 */
import 'reflect-metadata';
import { environment, isSettingGiven, loadSettingValues, textSetting } from '@app/settings';
import { SETTING_DECLARATIONS } from '@app/engine';
import { JURISDICTION_LEVELS, JurisdictionLevel, ROLE_LEVELS, hashPassword, passwordProblem } from '@app/access';
import { createDataSource, inTransaction } from '@app/db';
import { auditAdministration } from './administration-audit';

export type BootstrapOutcome = { created: false; reason: string } | { created: true; username: string; rootCreated: boolean; jurisdictionCode: string };

export class BootstrapError extends Error {}

export async function bootstrapAdmin(env: Record<string, string | undefined>): Promise<BootstrapOutcome> {
  if (env.NODE_ENV === 'production' && !isSettingGiven('DATABASE_URL', env)) throw new BootstrapError('生产模式须设置 DATABASE_URL');
  const ds = createDataSource(textSetting('DATABASE_URL', env), 2);
  await ds.initialize();
  try {
    return await inTransaction(ds, async (tx) => {
      // One bootstrap at a time, even when two are started together.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('casework admin:bootstrap'))`);
      const [admin] = await tx.query(`SELECT username FROM users WHERE 'admin' = ANY(roles) AND active LIMIT 1`);
      if (admin) return { created: false, reason: `已有管理员（${admin.username}），未做任何更改` };

      const username = need(env, 'BOOTSTRAP_ADMIN_USERNAME');
      if (!/^[a-z0-9][a-z0-9._-]{2,63}$/.test(username)) throw new BootstrapError('BOOTSTRAP_ADMIN_USERNAME 应为 3–64 位小写字母、数字、点、下划线或连字符');
      const password = need(env, 'BOOTSTRAP_ADMIN_PASSWORD');
      const problem = passwordProblem(username, password);
      if (problem) throw new BootstrapError(`BOOTSTRAP_ADMIN_PASSWORD 不符合密码要求：${problem.zh}`);
      const code = need(env, 'BOOTSTRAP_JURISDICTION_CODE');

      const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM jurisdictions`);
      let rootCreated = false;
      let level: JurisdictionLevel;
      if (n === 0) {
        const name = need(env, 'BOOTSTRAP_JURISDICTION_NAME');
        level = need(env, 'BOOTSTRAP_JURISDICTION_LEVEL') as JurisdictionLevel;
        if (!JURISDICTION_LEVELS.includes(level)) throw new BootstrapError(`BOOTSTRAP_JURISDICTION_LEVEL 应为以下之一：${JURISDICTION_LEVELS.join('、')}`);
        if (!/^[0-9A-Za-z][0-9A-Za-z_-]{0,31}$/.test(code)) throw new BootstrapError('BOOTSTRAP_JURISDICTION_CODE 应为 1–32 位字母、数字、下划线或连字符');
        const own = (l: JurisdictionLevel) => (l === level ? code : null);
        await tx.query(
          `INSERT INTO jurisdictions (code, name, level, parent_code, province_code, city_code, county_code, township_code)
           VALUES ($1,$2,$3,NULL,$4,$5,$6,$7)`,
          [code, name, level, own('province'), code, own('county'), own('township')],
        );
        await tx.query(`INSERT INTO jurisdiction_changes (code, before, after) VALUES ($1, NULL, $2)`, [code, JSON.stringify({ name, level, parentCode: null })]);
        rootCreated = true;
      } else {
        const [node] = await tx.query(`SELECT level FROM jurisdictions WHERE code = $1`, [code]);
        if (!node) throw new BootstrapError(`BOOTSTRAP_JURISDICTION_CODE ${code} 不在已有的行政区划中`);
        level = node.level;
      }
      if (!ROLE_LEVELS.admin.includes(level)) throw new BootstrapError(`管理员只能设在${ROLE_LEVELS.admin.join('、')}级，${code} 是 ${level} 级`);
      const rows = await tx.query(
        `INSERT INTO users (username, display_name, password_hash, jurisdiction_code, roles, must_change_password)
         VALUES ($1, $2, $3, $4, '{admin}', true)
         ON CONFLICT (username) DO NOTHING RETURNING id`,
        [username, textSetting('BOOTSTRAP_ADMIN_DISPLAY_NAME', env), await hashPassword(password), code],
      );
      if (!rows.length) throw new BootstrapError(`用户名 ${username} 已被占用（但不是在用的管理员），请换一个 BOOTSTRAP_ADMIN_USERNAME`);
      await auditAdministration(tx, { bootstrap: true, jurisdictionCode: code }, 'ADMIN_BOOTSTRAP', {
        username, rootCreated, after: { roles: ['admin'], jurisdictionCode: code, disabled: false },
      });
      return { created: true, username, rootCreated, jurisdictionCode: code };
    });
  } finally {
    await ds.destroy();
  }
}

function need(env: Record<string, string | undefined>, name: string): string {
  const v = env[name]?.trim();
  if (!v) throw new BootstrapError(`缺少环境变量 ${name}`);
  return v;
}

if (require.main === module) {
  Promise.resolve()
    // The same schema as the api (types, ranges), without the api's secrets: bootstrap needs only DATABASE_URL.
    .then(() => loadSettingValues(environment(), SETTING_DECLARATIONS))
    .then(() => bootstrapAdmin(environment()))
    .then((r) => {
      process.stdout.write(
        r.created
          ? `admin:bootstrap: 已创建管理员 ${r.username}（${r.jurisdictionCode}${r.rootCreated ? '，并创建了行政区划根节点' : ''}）；首次登录须修改密码\n`
          : `admin:bootstrap: ${r.reason}\n`,
      );
    })
    .catch((err) => {
      process.stderr.write(`admin:bootstrap failed: ${err instanceof BootstrapError ? err.message : err?.message ?? err}\n`);
      process.exit(1);
    });
}
