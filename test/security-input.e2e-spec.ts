/**
 * Issue 19 (pen test), items 3 and 4: inputs that were a 500 or were stored must be a 400 naming the
 * field, with nothing written — NUL bytes in query strings and JSON strings, event types that are
 * Object.prototype's property names, forged list cursors, JSON nested 120,000 levels deep, amounts
 * like 1e308, dates in year 1 or 9999, bidi overrides and other invisible control characters, and an
 * Idempotency-Key past its 200-character limit.
 */
import { SystemUnderTest } from './support/system-under-test';
import { PEOPLE, VILLAGE, housingCaseAt, housingFiling, stranger } from './support/fixtures';
import { assistance, legalAid } from './queues-helpers';

const b64 = (s: string) => Buffer.from(s).toString('base64url');

describe('pen test: hostile input is a 400 naming the field, nothing written', () => {
  const sut = new SystemUnderTest();
  let housing = '';

  beforeAll(async () => {
    await sut.start();
    housing = await housingCaseAt(sut, 'township_audit', stranger(901));
    // Nothing may change but what the requests do: timers and jobs stop, callers are logged in already.
    await sut.stopWorker();
    for (const u of ['cun.yannali', 'zhen.xiaolukou', 'xian.liangshan.zhujian', 'jijian.shi']) await sut.token(u);
  });
  afterAll(() => sut.stop());

  const state = async () =>
    (await sut.ds.query(`SELECT
      (SELECT md5(string_agg(id::text || ':' || revision || ':' || state || ':' || data::text || ':' || context::text, ',' ORDER BY id)) FROM cases) AS cases,
      (SELECT count(*) FROM audit_entries)::int AS audit, (SELECT count(*) FROM outbox)::int AS outbox,
      (SELECT count(*) FROM tasks)::int AS tasks, (SELECT count(*) FROM idempotency_keys)::int AS idempotency`))[0];

  /** A 400 problem+json whose field errors name exactly `fields` (every one of them, nothing else). */
  function expectRefused(res: { status: number; headers: Record<string, string>; body: any }, fields: string[]) {
    const named = [...new Set<string>((res.body.errors ?? []).map((e: { field: string }) => e.field))].sort();
    expect({ status: res.status, type: res.headers['content-type'], fields: named })
      .toEqual({ status: 400, type: expect.stringContaining('application/problem+json'), fields: [...fields].sort() });
    for (const e of res.body.errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  }

  const event = async (user: string, type: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    (await sut.as(user)).post(`/api/cases/${housing}/events`, { type, payload }, headers);

  it('a NUL byte in a query string value or in a JSON string is 400 naming the field (PostgreSQL refuses NUL: it was a 500)', async () => {
    const before = await state();
    const town = await sut.as('zhen.xiaolukou');
    expectRefused(await town.get('/api/cases?state=township%00audit'), ['state']);
    expectRefused(await town.get('/api/tasks?processKey=%00'), ['processKey']);
    expectRefused(await (await sut.as('jijian.shi')).get('/api/audit?action=LOGIN%00'), ['action']);
    const nul = await event('zhen.xiaolukou', 'TOWNSHIP_APPROVE', { opinion: '同意\u0000上报' });
    expectRefused(nul, ['payload.opinion']);
    expect(nul.body.errors[0].message).toContain('U+0000');
    expectRefused(await (await sut.as('cun.yannali')).post('/api/cases', housingFiling(stranger(902), {
      applicant: { name: '闫\u0000建国', idNumber: stranger(902) },
    })), ['applicant.name']);
    expectRefused(await sut.http().post('/api/auth/login').send({ username: 'cun.yannali\u0000', password: 'x' }), ['username']);
    expect(await state()).toEqual(before);
  });

  it('event types named like Object.prototype properties are unknown types (400 on `type`), not a 500', async () => {
    const before = await state();
    for (const type of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__']) {
      const res = await event('zhen.xiaolukou', type, {});
      expectRefused(res, ['type']);
      expect(res.body.errors[0].message).toContain('未知事件类型');
    }
    expect(await state()).toEqual(before);
  });

  it('a forged cursor (base64 of null, junk, a huge offset, a repeated parameter) is 400 on `cursor` on every list that takes one', async () => {
    const lists: Array<[string, string]> = [
      ['zhen.xiaolukou', '/api/cases'],
      ['zhen.xiaolukou', '/api/tasks'],
      ['jijian.shi', '/api/flags'],
      ['jijian.shi', '/api/audit'],
    ];
    const forged = [
      b64('null'), b64('[]'), b64('"x"'), b64('{}'), b64('{"o":1e20}'), b64('{"o":-1}'), b64('{"o":"5"}'),
      b64('{"f":null,"i":null}'), b64('{"f":"not a date","i":"x"}'), b64('{"f":"2026-01-01T00:00:00.000Z","i":"not-a-uuid"}'),
      b64('0'), b64('-5'), b64('1e400'), b64('99999999999999999999'), '%25%25%25', 'not base64 at all!',
    ];
    for (const [user, path] of lists) {
      const client = await sut.as(user);
      // The real cursor still works.
      expect({ path, status: (await client.get(`${path}?limit=1`)).status }).toEqual({ path, status: 200 });
      for (const cursor of forged) {
        const res = await client.get(`${path}?cursor=${encodeURIComponent(cursor)}`);
        expect({ path, cursor, status: res.status, fields: (res.body.errors ?? []).map((e: any) => e.field) }).toEqual({ path, cursor, status: 400, fields: ['cursor'] });
      }
      const twice = await client.get(`${path}?cursor=${b64('{"o":1}')}&cursor=${b64('{"o":2}')}`);
      expect({ path, status: twice.status }).toEqual({ path, status: 400 });
    }
  });

  it('JSON nested 120,000 levels deep is 400 before anything recursive runs; 64 levels still parse', async () => {
    const before = await state();
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const send = async (path: string, body: string) =>
      sut.http().post(path).set('Authorization', `Bearer ${await sut.token(path === '/api/cases' ? 'cun.yannali' : 'zhen.xiaolukou')}`)
        .set('Content-Type', 'application/json').send(body);
    const res = await send(`/api/cases/${housing}/events`, `{"type":"TOWNSHIP_APPROVE","payload":{"opinion":${deep(120_000)}}}`);
    expectRefused(res, ['(body)']);
    expect(res.body.errors[0].message).toContain('64');
    const filing = JSON.stringify(housingFiling(stranger(903))).replace('"houseStructure":"土木"', `"houseStructure":${deep(120_000)}`);
    expectRefused(await send('/api/cases', filing), ['(body)']);
    // Within the limit the body reaches validation, which names the field as usual.
    const shallow = await send(`/api/cases/${housing}/events`, `{"type":"TOWNSHIP_APPROVE","payload":{"opinion":${deep(62)}}}`);
    expectRefused(shallow, ['payload.opinion']);
    expect(await state()).toEqual(before);
  });

  it('amounts past 10,000,000 yuan or finer than a fen are refused on every money field', async () => {
    const before = await state();
    const clerk = await sut.as('cun.yannali');
    for (const requestedAmount of [1e308, 10_000_000.01, 0.001, 12.345, 0, -5]) {
      expectRefused(await clerk.post('/api/cases', assistance(stranger(904), { requestedAmount })), ['data.requestedAmount']);
    }
    // The payload is validated before the state and the sender are: any case shows it.
    expectRefused(await event('zhen.xiaolukou', 'COUNTY_APPROVE', { method: 'reinforce', subsidyAmount: 1e308 }), ['payload.subsidyAmount']);
    expectRefused(await event('zhen.xiaolukou', 'COUNTY_APPROVE', { method: 'reinforce', subsidyAmount: 100.005 }), ['payload.subsidyAmount']);
    expectRefused(await event('zhen.xiaolukou', 'RECORD_COLLECTIVE_REVIEW', {
      meetingDate: '2026-11-20', attendees: 1e308, votesFor: 1, votesAgainst: 0, minutesRef: '记录', passed: true,
    }), ['payload.attendees']);
    expect(await state()).toEqual(before);
  });

  it('dates in year 1 or 9999 are refused (1900-01-01 … 2100-12-31)', async () => {
    const before = await state();
    for (const meetingDate of ['0001-01-01', '9999-12-31', '1899-12-31', '2101-01-01']) {
      const res = await event('zhen.xiaolukou', 'RECORD_COLLECTIVE_REVIEW', {
        meetingDate, attendees: 31, votesFor: 29, votesAgainst: 1, minutesRef: '记录', passed: true,
      });
      expectRefused(res, ['payload.meetingDate']);
      expect(res.body.errors[0].message).toMatch(/不能(早|晚)于/);
    }
    expectRefused(await (await sut.as('cun.yannali')).post('/api/cases', {
      ...legalAid(stranger(905), '赵某'), data: { ...legalAid(stranger(905), '赵某').data, limitationDeadline: '9999-12-31' },
    }), ['data.limitationDeadline']);
    expectRefused(await (await sut.as('zhen.xiaolukou')).post('/api/delegations', {
      toUsername: 'zhen.xiaolukou2', role: 'township_officer', from: '9999-12-30', to: '9999-12-31',
    }), ['from', 'to']);
    expect(await state()).toEqual(before);
  });

  it('bidi overrides, direction marks and C0/C1 controls in names and text are refused; tab and newline are not', async () => {
    const before = await state();
    const clerk = await sut.as('cun.yannali');
    const spoofs = ['\u202E', '\u202A', '\u202D', '\u2066', '\u2069', '\u200E', '\u200F', '\u0007', '\u001B', '\u0085', '\u009B', '\u007F'];
    for (const ch of spoofs) {
      const named = await clerk.post('/api/cases', housingFiling(stranger(906), { applicant: { name: `闫${ch}建国`, idNumber: stranger(906) } }));
      expectRefused(named, ['applicant.name']);
      expect(named.body.errors[0].message).toContain(`U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
      expectRefused(await event('zhen.xiaolukou', 'TOWNSHIP_APPROVE', { opinion: `同意${ch}上报` }), ['payload.opinion']);
    }
    // Several at once: each field named (array items by index).
    expectRefused(await event('zhen.xiaolukou', 'RETURN_FOR_CORRECTION', { missing: ['户口簿', '\u202Egnp.exe'] }), ['payload.missing.1']);
    expect(await state()).toEqual(before);
    // Tab and newline are ordinary in free text.
    const ok = await clerk.post('/api/cases', housingFiling(stranger(907), {
      data: { category: 'registered_poor', houseDescription: '土坯房：\n\t1. 墙体开裂\r\n\t2. 屋顶漏雨' },
    }));
    expect(ok.status).toBe(201);
  });

  it('an Idempotency-Key over 200 characters is 400 naming the header, not 409; 200 characters are accepted', async () => {
    const before = await state();
    const long = 'k'.repeat(201);
    const filed = await (await sut.as('cun.yannali')).post('/api/cases', housingFiling(PEOPLE.zhangPing, { villageCode: VILLAGE.yannali }), { 'Idempotency-Key': long });
    expectRefused(filed, ['Idempotency-Key']);
    expectRefused(await event('zhen.xiaolukou', 'TOWNSHIP_APPROVE', { opinion: '同意上报' }, { 'Idempotency-Key': long }), ['Idempotency-Key']);
    expect(await state()).toEqual(before);
    const fine = await (await sut.as('cun.yannali')).post('/api/cases', housingFiling(stranger(908)), { 'Idempotency-Key': 'k'.repeat(200) });
    expect(fine.status).toBe(201);
  });
});
