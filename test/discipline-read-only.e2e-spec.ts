/**
 * Issue 6, "must show" 6: discipline_reviewer is read-only everywhere — every write route of the
 * running api (read from Express's route table, so a route added later is covered) answers 403 —
 * and sees its whole subtree. Also: the scheduled checkpoint job runs by itself, and the public key
 * is served to anyone.
 */
import { randomUUID } from 'node:crypto';
import { SystemUnderTest, eventually } from './support/system-under-test';
import { addSishuiReviewer } from './support/county-reviewer';
import { VILLAGE, fileCase, housingFiling, stranger } from './support/fixtures';
import { writeRoutes } from './support/route-table';
import { CaseEngine } from '../libs/engine/src';

const OWN_SESSION = ['/api/auth/login', '/api/auth/password', '/api/auth/logout'];

describe('discipline_reviewer: read-only, whole subtree', () => {
  const sut = new SystemUnderTest({ env: { AUDIT_CHECKPOINT_INTERVAL_MS: '1000' } });
  beforeAll(async () => {
    await sut.start();
    await addSishuiReviewer(sut);
  });
  afterAll(() => sut.stop());

  it('every write route of the route table answers 403 to discipline_reviewer, writes nothing, and is recorded', async () => {
    const liangshan = await fileCase(sut, 'cun.yannali', housingFiling(stranger(601)));
    const routes = writeRoutes(sut);
    const paths = routes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    // The table is the real one: the write routes known today are in it (new ones are covered anyway).
    expect(paths).toEqual(expect.arrayContaining([
      'POST /api/cases', 'POST /api/cases/:id/events', 'POST /api/tasks/:id/claim', 'POST /api/tasks/:id/release',
      'POST /api/registry/import', 'POST /api/staff/relatives',
    ]));
    // Its registry lookup runs as a job; a stranger then waits in the poverty office's identity review.
    const task = await eventually(async () => (await sut.ds.query(`SELECT id FROM tasks WHERE case_id = $1 LIMIT 1`, [liangshan.id]))[0]);
    const counts = async () => (await sut.ds.query(`SELECT
      (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM tasks)::int AS tasks,
      (SELECT count(*) FROM tasks WHERE status = 'claimed')::int AS claimed, (SELECT count(*) FROM outbox)::int AS outbox,
      (SELECT count(*) FROM staff_relatives)::int AS relatives, (SELECT count(*) FROM registry_imports)::int AS imports,
      (SELECT max(revision) FROM cases)::int AS revision,
      (SELECT count(*) FROM audit_entries WHERE outcome = 'ok')::int AS audited`))[0];
    const refusedBefore = (await sut.ds.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'WRITE_REFUSED'`))[0].n;
    const token = await sut.token('jijian.shi'); // the login is an audit entry: before counting
    const before = await counts();
    const tried: string[] = [];
    for (const r of routes) {
      // One's own session stays one's own: log in, change the password, log out.
      if (OWN_SESSION.includes(r.path)) continue;
      const url = r.path
        .replace(/:id\b/g, r.path.startsWith('/api/tasks') ? task.id : r.path.startsWith('/api/cases') ? liangshan.id : randomUUID())
        .replace(/:[A-Za-z]+/g, 'x');
      const res = await (sut.http() as any)[r.method](url).set('Authorization', `Bearer ${token}`).send({});
      expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status: 403 });
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.detail).toMatch(/只能查阅/);
      tried.push(`${r.method} ${r.path}`);
    }
    expect(tried.length).toBeGreaterThanOrEqual(6);
    expect(await counts()).toEqual(before);
    const refused = await sut.ds.query(
      `SELECT payload->>'method' AS method, payload->>'route' AS route FROM audit_entries WHERE action = 'WRITE_REFUSED' ORDER BY id OFFSET $1`,
      [refusedBefore],
    );
    expect(refused).toHaveLength(tried.length);
    expect(refused[0]).toMatchObject({ method: routes.find((r) => !OWN_SESSION.includes(r.path))!.method.toUpperCase() });
  });

  it('the one exception is a process declaring writableBy: filing it and its events; every other write route, and every other process, still 403', async () => {
    const registry = sut.api.get(CaseEngine).processes;
    const writable = registry.all().filter((d) => d.writableBy?.includes('discipline_reviewer')).map((d) => d.key);
    expect(writable).toEqual(['audit-rectification']);
    const subject = await fileCase(sut, 'cun.yannali', housingFiling(stranger(604)));
    const reviewer = await sut.as('jijian.shi');
    const finding = await reviewer.post('/api/cases', {
      processKey: 'audit-rectification',
      data: {
        subjectCaseId: subject.id, category: 'procedure', severity: 'general', responsibleJurisdictionCode: VILLAGE.yannali,
        responsibleRole: 'village_clerk', description: '集体评议记录缺少参会人员签字', basis: '《社会救助暂行办法》第六十六条',
      },
    });
    expect(finding.status).toBe(201);
    const referred = await reviewer.post(`/api/cases/${finding.body.id}/events`, {
      type: 'REFER_CLUE', payload: { to: 'judicial', receiptNo: 'SF-2026-01', referredAt: '2026-11-10', summary: '问题线索' },
    });
    expect(referred.status).toBe(200);
    // Every other process: filing and events refused by the guard, before the engine.
    for (const key of registry.keys().filter((k) => !writable.includes(k))) {
      const res = await reviewer.post('/api/cases', { processKey: key, villageCode: VILLAGE.yannali, data: {} });
      expect({ key, status: res.status, detail: res.body.detail }).toEqual({ key, status: 403, detail: expect.stringMatching(/只能查阅/) });
    }
    expect((await reviewer.post(`/api/cases/${subject.id}/events`, { type: 'WITHDRAW', payload: { reason: '纪检不能办理' } })).status).toBe(403);
    // And every write route but those two, pointed at the finding: 403.
    for (const r of writeRoutes(sut)) {
      if (OWN_SESSION.includes(r.path) || (r.method === 'post' && ['/api/cases', '/api/cases/:id/events'].includes(r.path))) continue;
      const url = r.path.replace(/:id\b/g, finding.body.id).replace(/:[A-Za-z]+/g, 'x');
      const res = await (sut.http() as any)[r.method](url).set('Authorization', `Bearer ${await sut.token('jijian.shi')}`).send({});
      expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status: 403 });
    }
  });

  it('the reviewer sees its whole subtree: the city-level one both counties, a county-level one only its own', async () => {
    const liangshan = await fileCase(sut, 'cun.yannali', housingFiling(stranger(602)));
    const sishui = await fileCase(sut, 'cun.jinzhuang', { ...housingFiling(stranger(603)), villageCode: VILLAGE.jinzhuang });
    const city = await sut.as('jijian.shi');
    const county = await sut.as('jijian.sishui');
    const ids = async (who: typeof city) => (await who.get('/api/cases?limit=200')).body.items.map((c: any) => c.id);
    expect(await ids(city)).toEqual(expect.arrayContaining([liangshan.id, sishui.id]));
    const countyIds = await ids(county);
    expect(countyIds).toContain(sishui.id);
    expect(countyIds).not.toContain(liangshan.id);
    expect((await county.get(`/api/cases/${liangshan.id}`)).status).toBe(404);
    expect((await city.get(`/api/cases/${liangshan.id}/history`)).status).toBe(200);

    const cityAudit = (await city.get('/api/audit?action=FILE&limit=500')).body.items.map((e: any) => e.caseId);
    expect(cityAudit).toEqual(expect.arrayContaining([liangshan.id, sishui.id]));
    const countyAudit = (await county.get('/api/audit?action=FILE&limit=500')).body.items.map((e: any) => e.caseId);
    expect(countyAudit).toContain(sishui.id);
    expect(countyAudit).not.toContain(liangshan.id);
    // A jurisdiction filter narrows inside the subtree and may not leave it.
    const narrowed = (await city.get('/api/audit?action=FILE&jurisdictionCode=370831')).body.items.map((e: any) => e.caseId);
    expect(narrowed).toContain(sishui.id);
    expect(narrowed).not.toContain(liangshan.id);
    const outside = await county.get('/api/audit?jurisdictionCode=370832');
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0].field).toBe('jurisdictionCode');

    for (const url of ['/api/flags', '/api/audit/verify', `/api/audit/verify?caseId=${sishui.id}`, '/api/audit/export?format=csv']) {
      expect({ url, status: (await county.get(url)).status }).toEqual({ url, status: 200 });
    }
    const countyExport = (await county.get('/api/audit/export?format=jsonl')).text;
    expect(countyExport).toContain(sishui.id);
    expect(countyExport).not.toContain(liangshan.id);
  });

  it('the checkpoint job runs on its own schedule; the public key is served to anyone and signs it', async () => {
    const city = await sut.as('jijian.shi');
    const file = await eventually(async () => {
      const res = await city.get('/api/audit/checkpoints/latest');
      return res.status === 200 ? res.body : undefined;
    }, 20000);
    const key = await sut.http().get('/api/audit/public-key');
    expect(key.status).toBe(200);
    expect(key.body).toMatchObject({ algorithm: 'Ed25519' });
    expect(key.body.publicKey).toContain('BEGIN PUBLIC KEY');
    expect(file.keyId).toBe(key.body.keyId);
    expect(file.publicKey).toBe(key.body.publicKey);
    // The checkpoint covers the whole trail: not for a county-level reviewer, nor for other roles.
    expect((await (await sut.as('jijian.sishui')).get('/api/audit/checkpoints/latest')).status).toBe(403);
    expect((await (await sut.as('zhen.xiaolukou')).get('/api/audit/checkpoints/latest')).status).toBe(403);
    expect((await (await sut.as('zhen.xiaolukou')).get('/api/flags')).status).toBe(403);
    expect((await (await sut.as('zhen.xiaolukou')).get('/api/audit/export')).status).toBe(403);
  });
});
