/**
 * Issue 9, item 3: property-based bodies (fast-check) on every write endpoint and for every event
 * type of every process — only 4xx, never 5xx, and nothing written; an unknown field is refused by
 * name. The write endpoints come from the running api's route table, so a new one fails this file
 * until it is added to WRITE_ROUTES. (Oversized bodies: security.e2e-spec.ts.)
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { loadProcessRegistry } from '../libs/processes/src';
import { SystemUnderTest, eventually } from './support/system-under-test';
import { PEOPLE, fileCase, housingCaseAt, stranger } from './support/fixtures';
import { writeRoutes } from './support/route-table';
import { assistance, fileAndSettle, legalAid, taskOf } from './queues-helpers';

/**
 * Every write route, who calls it in this file (a role allowed to, so validation is what refuses),
 * what its body is, and a smallest body the unknown-field check extends (null: it takes no body).
 */
const WRITE_ROUTES: Record<string, { as: string | null; body: 'json' | 'csv' | 'multipart' | 'none'; minimal: Record<string, unknown> | null }> = {
  'POST /api/auth/login': { as: null, body: 'json', minimal: { username: 'cun.yannali', password: 'x' } },
  'POST /api/cases': { as: 'cun.yannali', body: 'json', minimal: { processKey: 'housing-renovation', villageCode: '370832001001', applicant: { name: '甲', idNumber: PEOPLE.yanJianguo }, data: {} } },
  'POST /api/cases/:id/events': { as: 'zhen.xiaolukou', body: 'json', minimal: { type: 'TOWNSHIP_APPROVE', payload: {} } },
  // multipart/form-data; a JSON body's fields are read as the form's fields (and the file is missing).
  'POST /api/cases/:id/attachments': { as: 'zhen.xiaolukou', body: 'multipart', minimal: { kind: 'other' } },
  'POST /api/tasks/:id/claim': { as: 'zhen.xiaolukou', body: 'none', minimal: null },
  // 批量认领 (issue 20): a real id would be a legitimate claim, so the minimal body names an unknown one.
  'POST /api/tasks/claim': { as: 'zhen.xiaolukou', body: 'json', minimal: { ids: ['00000000-0000-4000-8000-000000000000'] } },
  'POST /api/tasks/:id/release': { as: 'zhen.xiaolukou', body: 'none', minimal: null },
  'POST /api/tasks/:id/reassign': { as: 'xian.liangshan.minzheng', body: 'json', minimal: { toUsername: 'zhen.xiaolukou', reason: '调整' } },
  // 督办 (issue 20): validated before the supervisor check, so junk is a 400 for anyone.
  'POST /api/cases/:id/supervision/urges': { as: 'xian.liangshan.minzheng', body: 'json', minimal: { taskId: '00000000-0000-4000-8000-000000000000', message: '请尽快办理此事' } },
  'POST /api/cases/:id/supervision/reassignments': { as: 'xian.liangshan.minzheng', body: 'json', minimal: { taskId: '00000000-0000-4000-8000-000000000000', toUsername: 'zhen.xiaolukou', reason: '原经办人外出' } },
  'POST /api/cases/:id/supervision/opinions': { as: 'xian.liangshan.minzheng', body: 'json', minimal: { opinion: '请尽快办理此事' } },
  'POST /api/delegations': { as: 'zhen.xiaolukou', body: 'json', minimal: { toUsername: 'zhen.xiaolukou', role: 'township_officer', from: '2026-01-01', to: '2026-01-02' } },
  'POST /api/delegations/:id/end': { as: 'zhen.xiaolukou', body: 'json', minimal: { reason: '提前返岗，结束委托' } },
  'POST /api/reports/dispatch/build': { as: 'xian.liangshan.minzheng', body: 'json', minimal: {} },
  'POST /api/registry/import': { as: 'xian.liangshan.fupin', body: 'csv', minimal: null },
  'POST /api/staff/relatives': { as: 'zhen.xiaolukou', body: 'json', minimal: { name: '甲', relation: 'spouse', idNumber: PEOPLE.yanJianguo } },
  'POST /api/staff/relatives/:id/withdraw': { as: 'zhen.xiaolukou', body: 'json', minimal: { reason: '备案有误，申请撤回' } },
  'POST /api/auth/password': { as: 'cun.leikou', body: 'json', minimal: { currentPassword: 'x', newPassword: 'y' } },
  'POST /api/auth/logout': { as: 'cun.leikou', body: 'none', minimal: null },
  'POST /api/admin/users': { as: 'admin', body: 'json', minimal: { username: 'new.user', displayName: '甲', roles: ['lawyer'], jurisdictionCode: '370832' } },
  'PATCH /api/admin/users/:username': { as: 'admin', body: 'json', minimal: { displayName: '甲' } },
  'POST /api/admin/users/:username/reset-password': { as: 'admin', body: 'none', minimal: null },
  'POST /api/admin/jurisdictions/import': { as: 'admin', body: 'csv', minimal: null },
  // A county's 低保 line (jurisdictionSettings): validated before anything is written or sent.
  'PUT /api/processes/:processKey/settings/:name/:jurisdictionCode': { as: 'xian.liangshan.minzheng', body: 'json', minimal: { value: 650, reason: '民政发〔2026〕12号' } },
};

/** An unknown field makes any object invalid, so no generated body is a legitimate request. */
const UNKNOWN = { unexpectedField: true };
const junkObject = fc.dictionary(fc.string(), fc.jsonValue()).map((d) => ({ ...d, ...UNKNOWN }));
const junk = fc.oneof(fc.jsonValue(), junkObject);
/** No key, or any printable key up to past its 200-character limit: a refused request must not keep it. */
const idempotencyHeader = fc.option(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 260 }).map((key) => ({ 'Idempotency-Key': key })),
  { nil: {} },
);

describe('hostile bodies on every write endpoint and every event type', () => {
  // Hundreds of refused logins from one address must not lock the others out of this file.
  const sut = new SystemUnderTest({ env: { LOGIN_MAX_FAILURES_PER_ADDRESS: '100000', LOGIN_MAX_FAILURES: '100000' } });
  const cases: Record<string, { id: string; as: string }> = {};
  let taskId = '';
  beforeAll(async () => {
    await sut.start();
    cases['housing-renovation'] = { id: await housingCaseAt(sut, 'township_audit', stranger(701)), as: 'zhen.xiaolukou' };
    const assisted = await fileAndSettle(sut, assistance(stranger(702)));
    cases['temporary-assistance'] = { id: assisted.id, as: 'zhen.xiaolukou' };
    cases['legal-aid'] = { id: (await fileAndSettle(sut, legalAid(stranger(703), '赵某'))).id, as: 'xian.liangshan.fayuan' };
    // 低保: settled once its registry lookup has answered (nothing may change while the junk is sent).
    const dibao = await fileCase(sut, 'cun.yannali', {
      processKey: 'minimum-living-allowance', villageCode: '370832001001', applicant: { name: '钱某', idNumber: stranger(704), householdSize: 1 },
      data: { members: [], basis: 'single_person', declaredMonthlyIncomeYuan: 200, declaredAssets: '无', checkConsentRef: '核对授权-1', relativeDeclaration: { declared: false } },
    });
    await eventually(async () => ((await (await sut.as('jijian.shi')).get(`/api/cases/${dibao.id}`)).body.context.registeredPoor !== undefined ? true : undefined));
    cases['minimum-living-allowance'] = { id: dibao.id, as: 'zhen.xiaolukou' };
    // A finding about the assistance case: its events are the reviewers' (and the responsible unit's).
    const finding = await (await sut.as('jijian.shi')).post('/api/cases', {
      processKey: 'audit-rectification',
      data: {
        subjectCaseId: assisted.id, category: 'procedure', severity: 'general', responsibleJurisdictionCode: '370832001',
        responsibleRole: 'township_officer', description: '入户调查记录缺少调查人签字', basis: '《社会救助暂行办法》第六十六条',
      },
    });
    cases['audit-rectification'] = { id: finding.body.id, as: 'jijian.shi' };
    taskId = (await taskOf(sut, assisted.id)).id;
    // Nothing may change but what requests do: deadlines and clocks (a day lasts 50 ms here) stop,
    // and every caller is logged in already (a login is an audit entry).
    await sut.stopWorker();
    for (const spec of Object.values(WRITE_ROUTES)) if (spec.as) await sut.token(spec.as);
    for (const c of Object.values(cases)) await sut.token(c.as);
  });
  afterAll(() => sut.stop());

  /** Everything a write could touch: row counts, and a digest of what changes in place. */
  const state = async () =>
    (await sut.ds.query(`SELECT
      (SELECT md5(string_agg(id::text || ':' || revision || ':' || state, ',' ORDER BY id)) FROM cases) AS cases,
      (SELECT md5(string_agg(id::text || ':' || status || ':' || coalesce(claimed_by::text, '') || ':' || coalesce(assignee_username, ''), ',' ORDER BY id)) FROM tasks) AS tasks,
      (SELECT count(*) FROM audit_entries WHERE outcome = 'ok')::int AS audit_ok,
      (SELECT count(*) FROM outbox)::int AS outbox, (SELECT count(*) FROM case_timers)::int AS timers,
      (SELECT count(*) FROM sla_clocks)::int AS clocks, (SELECT count(*) FROM registry_entries)::int AS registry,
      (SELECT count(*) FROM registry_imports)::int AS imports, (SELECT count(*) FROM staff_relatives)::int AS relatives,
      (SELECT count(*) FROM delegations)::int AS delegations, (SELECT count(*) FROM delegations WHERE ended_at IS NOT NULL)::int AS delegations_ended, (SELECT count(*) FROM users)::int AS users,
      (SELECT count(*) FROM idempotency_keys)::int AS idempotency, (SELECT count(*) FROM jurisdictions)::int AS jurisdictions,
      (SELECT count(*) FROM attachments)::int AS attachments, (SELECT count(*) FROM jurisdiction_settings)::int AS jurisdiction_settings, (SELECT count(*) FROM attachment_bytes)::int AS attachment_bytes,
      (SELECT md5(string_agg(username || display_name || array_to_string(roles, ',') || active || jurisdiction_code || password_hash, ',' ORDER BY username)) FROM users) AS user_rows`))[0];

  const post = async (path: string, as: string | null, body: unknown, type = 'application/json', headers: Record<string, string> = {}, method: 'post' | 'patch' | 'put' = 'post') => {
    let req = sut.http()[method](path).set('Content-Type', type).set(headers);
    if (as) req = req.set('Authorization', `Bearer ${await sut.token(as)}`);
    return req.send(type === 'application/json' ? JSON.stringify(body) ?? 'null' : (body as string));
  };
  const is4xx = (res: { status: number }) => res.status >= 400 && res.status < 500;

  it('every write route of the running api is in this file’s table', () => {
    const live = writeRoutes(sut).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(live.sort()).toEqual(Object.keys(WRITE_ROUTES).sort());
  });

  it('every event type of every process: junk payloads and near-valid ones get 4xx, nothing is written', async () => {
    const registry = loadProcessRegistry();
    expect(Object.keys(cases).sort()).toEqual(registry.keys().sort());
    for (const key of registry.keys()) {
      const def = registry.latest(key)!;
      const types = Object.keys(def.events);
      // Near-valid: every declared field of the event present with any JSON value, plus an unknown one.
      const nearValid = fc.constantFrom(...types).chain((type) => {
        const props = Object.keys((def.events[type].payload as { properties?: Record<string, unknown> }).properties ?? {});
        return fc.record({ type: fc.constant(type), payload: fc.record(Object.fromEntries(props.map((p) => [p, fc.jsonValue()]))).map((p) => ({ ...p, ...UNKNOWN })) });
      });
      const anyType = fc.record({ type: fc.constantFrom(...types), payload: junkObject, expectedRevision: fc.option(fc.jsonValue(), { nil: undefined }) });
      const { id, as } = cases[key];
      const before = await state();
      await fc.assert(
        fc.asyncProperty(fc.oneof(nearValid, anyType, junk), idempotencyHeader, async (body, headers) =>
          is4xx(await post(`/api/cases/${id}/events`, as, body, 'application/json', headers)),
        ),
        { numRuns: 60 },
      );
      expect({ process: key, ...(await state()) }).toEqual({ process: key, ...before });
    }
  });

  it('every other write route: junk bodies and junk ids get 4xx, nothing is written', async () => {
    const before = await state();
    const junkId = fc.oneof(fc.uuid(), fc.string({ minLength: 1 })).map((s) => encodeURIComponent(s));
    const property = (fn: (arg: any) => Promise<{ status: number }>, arb: fc.Arbitrary<any>, numRuns = 40) =>
      fc.assert(fc.asyncProperty(arb, async (a) => is4xx(await fn(a))), { numRuns });

    await property((b) => post('/api/auth/login', null, b), junk);
    const filing = fc.oneof(junk, fc.record({ processKey: fc.string(), villageCode: fc.string(), applicant: fc.jsonValue(), data: fc.jsonValue() }));
    await property(([b, headers]) => post('/api/cases', 'cun.yannali', b, 'application/json', headers), fc.tuple(filing, idempotencyHeader));
    await property((b) => post(`/api/tasks/${taskId}/reassign`, 'xian.liangshan.minzheng', b), junk);
    await property((b) => post('/api/delegations', 'zhen.xiaolukou', b), junk);
    await property(([id, b]) => post(`/api/delegations/${id}/end`, 'zhen.xiaolukou', b), fc.tuple(junkId, fc.oneof(junk, fc.record({ reason: fc.string() }))));
    await property((b) => post('/api/reports/dispatch/build', 'xian.liangshan.minzheng', b), junk);
    await property((b) => post('/api/staff/relatives', 'zhen.xiaolukou', b), junk);
    await property(([id, b]) => post(`/api/staff/relatives/${id}/withdraw`, 'zhen.xiaolukou', b), fc.tuple(junkId, fc.oneof(junk, fc.record({ reason: fc.string() }))));
    // Registry import: junk CSV text (its header is never right) and JSON instead of CSV.
    await property((t) => post('/api/registry/import', 'xian.liangshan.fupin', t, 'text/csv'), fc.string());
    await property((b) => post('/api/registry/import', 'xian.liangshan.fupin', b), junk, 10);
    // Administration: junk bodies, junk usernames, junk jurisdiction CSV (never a valid new node).
    await property((b) => post('/api/auth/password', 'cun.leikou', b), junk);
    await property((b) => post('/api/admin/users', 'admin', b), fc.oneof(junk, fc.record({ username: fc.string(), displayName: fc.string(), roles: fc.jsonValue(), jurisdictionCode: fc.string() })));
    await property(([name, b]) => post(`/api/admin/users/${name}`, 'admin', b, 'application/json', {}, 'patch'), fc.tuple(fc.oneof(junkId, fc.constant('cun.leikou')), junk));
    await property((name) => post(`/api/admin/users/${name}/reset-password`, 'admin', {}), junkId);
    await property((t) => post('/api/admin/jurisdictions/import', 'admin', t, 'text/csv'), fc.oneof(fc.string(), fc.string().map((x) => `code,name,parentCode,level\n${x}`)));
    // Claim and release take no body: junk ids (a real id would be a legitimate claim).
    await property((id) => post(`/api/tasks/${id}/claim`, 'zhen.xiaolukou', {}), junkId);
    await property((id) => post(`/api/tasks/${id}/release`, 'zhen.xiaolukou', {}), junkId);
    await property((b) => post('/api/tasks/claim', 'zhen.xiaolukou', b), fc.oneof(junk, fc.record({
      // Never a list of 1–50 strings: that is a legitimate batch (each unknown id is its own 404 inside a 200).
      ids: fc.oneof(fc.constant([]), fc.constant(null), fc.integer(), fc.string(), fc.array(fc.integer(), { minLength: 1 }), fc.array(fc.uuid(), { minLength: 51, maxLength: 60 })),
    })), 30);
    await property((id) => post(`/api/cases/${id}/events`, 'zhen.xiaolukou', { type: 'TOWNSHIP_APPROVE', payload: {} }), junkId, 20);
    // A county's line: junk bodies, near-valid ones (a value that is no amount, a reason too short) and junk names and places.
    const line = '/api/processes/minimum-living-allowance/settings/line/370832';
    await property((b) => post(line, 'xian.liangshan.minzheng', b, 'application/json', {}, 'put'), fc.oneof(junk, fc.record({ value: fc.oneof(fc.string(), fc.constant(-1), fc.constant(0), fc.constant(null)), reason: fc.string() })), 30);
    await property(([name, code]) => post(`/api/processes/minimum-living-allowance/settings/${name}/${code}`, 'xian.liangshan.minzheng', { value: 650, reason: '民政发〔2026〕12号' }, 'application/json', {}, 'put'),
      fc.tuple(fc.oneof(junkId, fc.constant('line')), junkId).filter(([n, c]) => !(n === 'line' && c === '370832')), 20);
    // Attachments, on a case the caller may act on: junk JSON, and forms with junk bytes, junk fields and an unknown one.
    const attachments = `/api/cases/${cases['housing-renovation'].id}/attachments`;
    await property((b) => post(attachments, 'zhen.xiaolukou', b), junk, 20);
    const form = fc.record({ bytes: fc.uint8Array({ maxLength: 64 }), name: fc.string(), fields: fc.dictionary(fc.string({ minLength: 1 }), fc.string()) });
    await property(async ({ bytes, name, fields }: { bytes: Uint8Array; name: string; fields: Record<string, string> }) => {
      let req = sut.http().post(attachments).set('Authorization', `Bearer ${await sut.token('zhen.xiaolukou')}`);
      for (const [k, v] of Object.entries<string>({ ...fields, unexpectedField: 'x' })) req = req.field(k, v);
      return req.attach('file', Buffer.from(bytes), { filename: name || 'x', contentType: 'application/pdf' });
    }, form, 30);
    await property((id) => post(`/api/cases/${id}/attachments`, 'zhen.xiaolukou', {}), junkId, 10);
    for (const action of ['urges', 'reassignments', 'opinions']) {
      await property(([b, headers]) => post(`/api/cases/${cases['temporary-assistance'].id}/supervision/${action}`, 'xian.liangshan.minzheng', b, 'application/json', headers), fc.tuple(junk, idempotencyHeader), 20);
      await property((id) => post(`/api/cases/${id}/supervision/${action}`, 'xian.liangshan.minzheng', { opinion: '请尽快办理此事' }), junkId, 10);
    }
    expect(await state()).toEqual(before);
  });

  it('an unknown top-level field is refused by name on every route that takes a JSON body', async () => {
    const before = await state();
    for (const [route, spec] of Object.entries(WRITE_ROUTES)) {
      if (!spec.minimal) continue;
      const [method, template] = route.split(' ');
      const path = template.replace(':id', route.startsWith('POST /api/cases/:id') ? cases['housing-renovation'].id : taskId).replace(':username', 'cun.leikou')
        .replace(':processKey', 'minimum-living-allowance').replace(':name', 'line').replace(':jurisdictionCode', '370832');
      const res = await post(path, spec.as, { ...spec.minimal, unexpectedField: 1 }, 'application/json', {}, method.toLowerCase() as 'post' | 'patch' | 'put');
      expect({ route, status: res.status, type: res.headers['content-type'] }).toEqual({ route, status: 400, type: expect.stringContaining('application/problem+json') });
      expect({ route, fields: (res.body.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({ route, fields: expect.arrayContaining(['unexpectedField']) });
    }
    // Routes without a JSON body, for the record: claim and release (no body), registry import (CSV).
    expect(Object.entries(WRITE_ROUTES).filter(([, s]) => !s.minimal).map(([r]) => r).sort()).toEqual([
      'POST /api/admin/jurisdictions/import', 'POST /api/admin/users/:username/reset-password', 'POST /api/auth/logout',
      'POST /api/registry/import', 'POST /api/tasks/:id/claim', 'POST /api/tasks/:id/release',
    ]);
    expect(await state()).toEqual(before);
  });

  it('a path id that is not a case or task is 404, not 500', async () => {
    const id = randomUUID();
    expect((await post(`/api/cases/${id}/events`, 'zhen.xiaolukou', { type: 'TOWNSHIP_APPROVE', payload: {} })).status).toBe(404);
    expect((await post(`/api/tasks/${id}/claim`, 'zhen.xiaolukou', {})).status).toBe(404);
  });
});
