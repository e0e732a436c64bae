/**
 * Issue 13, "must show" 1–4: a county puts its own people and places into an empty installation.
 * Production mode throughout (built migrate, bootstrap and two api processes as children):
 * empty database → migrate → admin:bootstrap → import a tree with 12-digit codes → create a village
 * clerk and a township officer → each must change the one-time password → the clerk files, the
 * officer sees it in the inbox. Then: a disabled user's token is refused on both apis within 5 s;
 * a county admin is kept inside its county; row errors write nothing; every act is audited with
 * before/after; no password appears in any log line or answer but the one-time password's own.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { admin, dropTestDatabase, stamp, urlFor } from './support/databases';
import { PiiWatch } from './support/pii-watch';
import { eventually } from './support/system-under-test';
import { stranger } from './support/fixtures';
import { freePort } from './faults-support';

const DIST = join(__dirname, '..', 'dist');
const ROOT = '370800000000';
const COUNTY = '370832000000';
const TOWN = '370832100000';
const VILLAGE = '370832100201';
const OTHER_COUNTY = '370831000000';
const TREE_CSV = [
  'code,name,parentCode,level',
  `${COUNTY},梁山县,${ROOT},county`,
  `${TOWN},小路口镇,${COUNTY},township`,
  `${VILLAGE},闫那里村,${TOWN},village`,
  `370832100202,雷口村,${TOWN},village`,
  `${OTHER_COUNTY},泗水县,${ROOT},county`,
  `370831100000,金庄镇,${OTHER_COUNTY},township`,
  `370831100201,金庄村,370831100000,village`,
].join('\n');

describe('administration in production mode, from an empty database', () => {
  const db = `cw_t_${stamp()}_${process.pid}_prod`;
  const pii = new PiiWatch();
  const fetch = pii.fetch;
  const children: ChildProcess[] = [];
  const output: string[] = [];
  const passwords = new Set<string>();
  const chosenBy = new Map<string, string>();
  const answers: Array<{ url: string; text: string }> = [];
  let env: Record<string, string>;
  const bases: string[] = [];

  const call = async (base: string, method: string, path: string, token?: string, body?: unknown, contentType = 'application/json') => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': contentType } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    answers.push({ url: `${method} ${path}`, text });
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const run = (script: string, extra: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [join(DIST, script)], { env: { ...env, ...extra }, encoding: 'utf8', timeout: 60000 });
    output.push(r.stdout, r.stderr);
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  };
  const startApi = async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(DIST, 'apps/api/src/main.js')], { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => output.push(String(d)));
    child.stderr!.on('data', (d) => output.push(String(d)));
    pii.tapChild(child, `api ${port}`);
    children.push(child);
    const base = `http://127.0.0.1:${port}`;
    await eventually(async () => (await fetch(`${base}/api/health`).catch(() => undefined))?.status === 200, 30000, 200);
    return base;
  };
  /** Logs in with a one-time password, checks that only the password change is open, changes it. */
  const firstLogin = async (base: string, username: string, oneTime: string) => {
    const login = await call(base, 'POST', '/api/auth/login', undefined, { username, password: oneTime });
    expect(login.status).toBe(200);
    expect(login.body.mustChangePassword).toBe(true);
    const blocked = await call(base, 'GET', '/api/tasks', login.body.accessToken);
    expect(blocked.status).toBe(403);
    expect(blocked.body.detail).toContain('初始密码');
    expect((await call(base, 'GET', '/api/me', login.body.accessToken)).body.mustChangePassword).toBe(true);
    const weak = await call(base, 'POST', '/api/auth/password', login.body.accessToken, { currentPassword: oneTime, newPassword: `${username}2026!` });
    expect(weak.status).toBe(400);
    expect(weak.body.errors).toEqual([{ field: 'newPassword', message: '密码不能包含用户名' }]);
    const chosen = `Qx7!${Math.random().toString(36).slice(2, 10)}Lm`;
    passwords.add(chosen);
    chosenBy.set(username, chosen);
    const changed = await call(base, 'POST', '/api/auth/password', login.body.accessToken, { currentPassword: oneTime, newPassword: chosen });
    expect(changed.status).toBe(200);
    expect((await call(base, 'GET', '/api/me', login.body.accessToken)).status).toBe(401); // the old session ended
    const me = await call(base, 'GET', '/api/me', changed.body.accessToken);
    expect(me.body).toMatchObject({ username, mustChangePassword: false });
    return changed.body.accessToken as string;
  };
  const createUser = async (base: string, token: string, body: Record<string, unknown>) => {
    const res = await call(base, 'POST', '/api/admin/users', token, body);
    expect(res.status).toBe(201);
    expect(res.body.username).toBe(body.username);
    passwords.add(res.body.initialPassword);
    return res.body.initialPassword as string;
  };
  const audit = async (base: string, token: string, action: string) => (await call(base, 'GET', `/api/audit?action=${action}`, token)).body.items as any[];

  let cityAdmin: string;
  let clerk: string;
  let officer: string;

  beforeAll(async () => {
    if (!existsSync(join(DIST, 'apps/api/src/admin/bootstrap.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    pii.start();
    await admin((c) => c.query(`CREATE DATABASE ${db}`));
    env = {
      PATH: process.env.PATH!, NODE_ENV: 'production', DATABASE_URL: urlFor(db), REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `t${db.replace(/[^a-z0-9]/g, '')}`, JWT_SECRET: process.env.JWT_SECRET!, PII_KEY: process.env.PII_KEY!,
      AUDIT_SIGNING_KEY: process.env.AUDIT_SIGNING_KEY!,
    };
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await dropTestDatabase(db).catch(() => undefined);
    await pii.stop();
  });

  it('migrate → admin:bootstrap (once) → tree import → clerk and officer change their passwords → file → inbox', async () => {
    expect(run('libs/db/src/migrate.js').status).toBe(0);
    // Demo users never reach a real installation.
    expect(run('seeds/demo.js').status).toBe(1);
    const bootstrapPassword = 'Jn-Admin-2026-first';
    passwords.add(bootstrapPassword);
    const boot = { BOOTSTRAP_JURISDICTION_CODE: ROOT, BOOTSTRAP_JURISDICTION_NAME: '济宁市', BOOTSTRAP_JURISDICTION_LEVEL: 'city', BOOTSTRAP_ADMIN_USERNAME: 'jining.admin', BOOTSTRAP_ADMIN_PASSWORD: bootstrapPassword };
    expect(run('apps/api/src/admin/bootstrap.js', { ...boot, BOOTSTRAP_ADMIN_PASSWORD: '123' }).status).toBe(1);
    const first = run('apps/api/src/admin/bootstrap.js', boot);
    expect(first).toMatchObject({ status: 0 });
    expect(first.out).toContain('已创建管理员 jining.admin');
    const again = run('apps/api/src/admin/bootstrap.js', { ...boot, BOOTSTRAP_ADMIN_USERNAME: 'someone.else' });
    expect(again).toMatchObject({ status: 0 });
    expect(again.out).toContain('已有管理员');

    bases.push(await startApi(), await startApi());
    const [a] = bases;
    cityAdmin = await firstLogin(a, 'jining.admin', bootstrapPassword);

    const imported = await call(a, 'POST', '/api/admin/jurisdictions/import', cityAdmin, TREE_CSV, 'text/csv');
    expect(imported).toMatchObject({ status: 200, body: { imported: 7, updated: 0, unchanged: 0 } });
    expect((await call(a, 'POST', '/api/admin/jurisdictions/import', cityAdmin, TREE_CSV, 'text/csv')).body).toEqual({ imported: 0, updated: 0, unchanged: 7 });
    const towns = await call(a, 'GET', `/api/jurisdictions?parent=${COUNTY}`, cityAdmin);
    expect(towns.body.items).toEqual([expect.objectContaining({ code: TOWN, name: '小路口镇', level: 'township', childCount: 2 })]);

    const clerkOneTime = await createUser(a, cityAdmin, { username: 'cun.yannali.lsx', displayName: '闫那里村 王会计', roles: ['village_clerk'], jurisdictionCode: VILLAGE });
    const officerOneTime = await createUser(a, cityAdmin, { username: 'zhen.xiaolukou.li', displayName: '小路口镇 李审核', roles: ['township_officer'], jurisdictionCode: TOWN });
    clerk = await firstLogin(a, 'cun.yannali.lsx', clerkOneTime);
    officer = await firstLogin(bases[1], 'zhen.xiaolukou.li', officerOneTime);

    const filed = await call(a, 'POST', '/api/cases', clerk, {
      processKey: 'temporary-assistance', villageCode: VILLAGE, applicant: { name: '陈刚', idNumber: stranger(901) },
      data: { hardshipType: 'expenditure', urgency: 'normal', description: '子女上学支出过大', requestedAmount: 1200 },
    });
    expect(filed.status).toBe(201);
    const inbox = await call(bases[1], 'GET', '/api/tasks', officer);
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((t: any) => t.caseId)).toContain(filed.body.id);
  });

  it('a disabled user, a changed role and a logout: the token is refused on both apis within 5 s', async () => {
    const [a, b] = bases;
    for (const base of bases) expect((await call(base, 'GET', '/api/tasks', officer)).status).toBe(200);
    const disabled = await call(a, 'PATCH', '/api/admin/users/zhen.xiaolukou.li', cityAdmin, { disabled: true });
    expect(disabled).toMatchObject({ status: 200, body: { disabled: true } });
    const refusedAt = Date.now();
    await eventually(async () => (await call(a, 'GET', '/api/tasks', officer)).status === 401 && (await call(b, 'GET', '/api/tasks', officer)).status === 401, 5000, 100);
    expect(Date.now() - refusedAt).toBeLessThan(5000);
    // A disabled user cannot log in again.
    expect((await call(b, 'POST', '/api/auth/login', undefined, { username: 'zhen.xiaolukou.li', password: chosenBy.get('zhen.xiaolukou.li') })).status).toBe(401);

    // The clerk's logout on one api ends the token on the other.
    const second = await call(b, 'POST', '/api/auth/login', undefined, { username: 'cun.yannali.lsx', password: chosenBy.get('cun.yannali.lsx') });
    expect(second.status).toBe(200);
    expect((await call(a, 'POST', '/api/auth/logout', second.body.accessToken)).status).toBe(204);
    expect((await call(b, 'GET', '/api/me', second.body.accessToken)).status).toBe(401);
    expect((await call(b, 'GET', '/api/me', clerk)).status).toBe(200); // only that session ended
  });

  it('a county admin stays inside its county; wrong levels and row errors are refused and write nothing', async () => {
    const [a] = bases;
    const countyAdminOneTime = await createUser(a, cityAdmin, { username: 'liangshan.admin', displayName: '梁山县管理员', roles: ['admin'], jurisdictionCode: COUNTY });
    const countyAdmin = await firstLogin(a, 'liangshan.admin', countyAdminOneTime);
    const count = async () => (await call(a, 'GET', '/api/admin/users?limit=200', cityAdmin)).body.items.length;
    const before = await count();

    const elsewhere = await call(a, 'POST', '/api/admin/users', countyAdmin, { username: 'cun.jinzhuang.x', displayName: '金庄村', roles: ['village_clerk'], jurisdictionCode: '370831100201' });
    expect(elsewhere.status).toBe(404);
    expect((await call(a, 'PATCH', '/api/admin/users/jining.admin', countyAdmin, { displayName: '改名' })).status).toBe(404);
    expect((await call(a, 'POST', '/api/admin/users/jining.admin/reset-password', countyAdmin)).status).toBe(404);
    expect((await call(a, 'GET', `/api/jurisdictions?parent=${OTHER_COUNTY}`, countyAdmin)).status).toBe(404);
    const wrongLevel = await call(a, 'POST', '/api/admin/users', countyAdmin, { username: 'cun.wrong', displayName: '错层级', roles: ['village_clerk'], jurisdictionCode: TOWN });
    expect(wrongLevel.status).toBe(400);
    expect(wrongLevel.body.errors[0]).toMatchObject({ field: 'roles', message: expect.stringContaining('村级经办员只能设在村级') });
    expect(await count()).toBe(before);

    const jurisdictions = async () => (await call(a, 'GET', `/api/jurisdictions?parent=${TOWN}`, cityAdmin)).body.items.length;
    const treeBefore = await jurisdictions();
    const bad = [
      'code,name,parentCode,level',
      `370832100203,新村,${TOWN},village`, // fine on its own
      '370831100299,越界村,370831100000,village', // another county
      '370832100204,无主村,370832999999,village', // unknown parent
      `370832100205,层级错,${TOWN},county`, // a county under a town
      `370832100206,重复村,${TOWN},village`,
      `370832100206,重复村二,${TOWN},village`,
      '370832100301,甲,370832100302,village',
      '370832100302,乙,370832100301,village',
    ].join('\n');
    const refused = await call(a, 'POST', '/api/admin/jurisdictions/import', countyAdmin, bad, 'text/csv');
    expect(refused.status).toBe(400);
    const byLine = refused.body.errors.map((e: any) => [e.line, e.field]);
    expect(byLine).toEqual(expect.arrayContaining([[3, 'parentCode'], [4, 'parentCode'], [5, 'level'], [7, 'code']]));
    expect(refused.body.errors.some((e: any) => e.message.includes('循环'))).toBe(true);
    expect(refused.body.errors.some((e: any) => e.line === 2)).toBe(false);
    expect(await jurisdictions()).toBe(treeBefore);

    // Inside its county it works, and a rename keeps the old name in the audit.
    const ok = await call(a, 'POST', '/api/admin/jurisdictions/import', countyAdmin, `code,name,parentCode,level\n370832100202,雷口村（更名）,${TOWN},village\n`, 'text/csv');
    expect(ok.body).toEqual({ imported: 0, updated: 1, unchanged: 0 });
  });

  it('every act is in the audit with before and after; no password in any log line or other answer', async () => {
    const [a] = bases;
    const reviewerOneTime = await createUser(a, cityAdmin, { username: 'jijian.jn', displayName: '市纪委 审查员', roles: ['discipline_reviewer'], jurisdictionCode: ROOT });
    const reviewer = await firstLogin(a, 'jijian.jn', reviewerOneTime);
    const created = await audit(a, reviewer, 'USER_CREATED');
    expect(created.map((e) => e.payload.username)).toEqual(expect.arrayContaining(['cun.yannali.lsx', 'zhen.xiaolukou.li', 'liangshan.admin', 'jijian.jn']));
    expect(created.find((e) => e.payload.username === 'cun.yannali.lsx')).toMatchObject({
      actor: 'jining.admin', payload: { before: null, after: { roles: ['village_clerk'], jurisdictionCode: VILLAGE, disabled: false } },
    });
    const updated = await audit(a, reviewer, 'USER_UPDATED');
    expect(updated.find((e) => e.payload.username === 'zhen.xiaolukou.li')).toMatchObject({
      payload: { before: { disabled: false, roles: ['township_officer'] }, after: { disabled: true }, sessionsEnded: 1 },
    });
    const imports = await audit(a, reviewer, 'JURISDICTIONS_IMPORTED');
    expect(imports.find((e) => e.payload.updated === 1)).toMatchObject({
      actor: 'liangshan.admin', payload: { renamed: [{ code: '370832100202', before: { name: '雷口村' }, after: { name: '雷口村（更名）' } }] },
    });
    expect((await audit(a, reviewer, 'ADMIN_BOOTSTRAP'))[0]).toMatchObject({ actor: 'admin:bootstrap', payload: { username: 'jining.admin', rootCreated: true } });
    expect((await audit(a, reviewer, 'PASSWORD_CHANGED')).length).toBeGreaterThanOrEqual(5);
    expect((await audit(a, reviewer, 'LOGOUT')).length).toBe(1);
    // The reviewer reads; it cannot administer.
    expect((await call(a, 'POST', '/api/admin/users', reviewer, { username: 'x.y.z', displayName: 'x', roles: ['lawyer'], jurisdictionCode: COUNTY })).status).toBe(403);

    const verify = await call(a, 'GET', '/api/audit/verify', reviewer);
    expect(verify.body.valid).toBe(true);

    const logs = output.join('');
    for (const pw of passwords) {
      expect(logs.includes(pw)).toBe(false);
      const holders = answers.filter((r) => r.text.includes(pw)).map((r) => r.url);
      // Only the answer that hands out a one-time password holds it.
      expect(holders.every((u) => /^POST \/api\/admin\/users(\/[^/]+\/reset-password)?$/.test(u))).toBe(true);
    }
  });
});
