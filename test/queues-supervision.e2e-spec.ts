/**
 * Issue 5, "must show" 4 (reassignment by a supervisor) and 5 (delegation while absent). Nothing
 * here waits on timers; claims are given a year before they count as idle.
 */
import fc from 'fast-check';
import { SystemUnderTest } from './support/system-under-test';
import { PEOPLE, send, step, stranger } from './support/fixtures';
import { addUser, assistance, fileAndSettle, legalAid, taskOf } from './queues-helpers';

/** Today in the time zone delegation dates are read in (LOCAL_TIME_ZONE, default Asia/Shanghai). */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

describe('work queues: reassignment and delegation', () => {
  const sut = new SystemUnderTest({ timeScale: 3600, env: { CLAIM_IDLE_MINUTES: '525600' } });
  beforeAll(async () => {
    await sut.start();
    // "The same role one level up": a county-level township officer (the demo data has none).
    await addUser(sut, 'xian.liangshan.xiangzhen', ['township_officer'], '370832');
  });
  afterAll(() => sut.stop());

  const history = async (caseId: string) => (await (await sut.as('jijian.shi')).get(`/api/cases/${caseId}/history`)).body.items;

  it('4. a supervisor reassigns a claimed township task with a reason, audited on the case chain; a peer → 403', async () => {
    const c = await fileAndSettle(sut, assistance(stranger(601)));
    const task = await taskOf(sut, c.id);
    expect((await (await sut.as('zhen.xiaolukou')).post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    const body = { toUsername: 'zhen.xiaolukou2', reason: '原经办人外出参加培训，改由同事办理' };

    const peer = await (await sut.as('zhen.xiaolukou2')).post(`/api/tasks/${task.id}/reassign`, body);
    expect(peer.status).toBe(403);
    expect(peer.body.detail).toContain('上一级');
    // The housing bureau supervises housing tasks, not temporary assistance.
    expect((await (await sut.as('xian.liangshan.zhujian')).post(`/api/tasks/${task.id}/reassign`, body)).status).toBe(403);
    const civil = await sut.as('xian.liangshan.minzheng');
    const short = await civil.post(`/api/tasks/${task.id}/reassign`, { ...body, reason: '外出' });
    expect(short.status).toBe(400);
    expect(short.body.errors).toEqual([{ field: 'reason', message: expect.any(String) }]);
    const elsewhere = await civil.post(`/api/tasks/${task.id}/reassign`, { ...body, toUsername: 'zhen.jinzhuang' });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.errors[0]).toMatchObject({ field: 'toUsername', message: expect.stringContaining('小路口镇') });
    expect((await (await sut.as('zhen.jinzhuang')).post(`/api/tasks/${task.id}/reassign`, body)).status).toBe(404);

    const moved = await civil.post(`/api/tasks/${task.id}/reassign`, body);
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: task.id, status: 'claimed', claimedBy: 'zhen.xiaolukou2' });
    // The same role one level up may reassign too (back to the first officer).
    const back = await (await sut.as('xian.liangshan.xiangzhen')).post(`/api/tasks/${task.id}/reassign`, { toUsername: 'zhen.xiaolukou', reason: '培训结束，交还原经办人' });
    expect(back.body).toMatchObject({ status: 'claimed', claimedBy: 'zhen.xiaolukou' });

    const entries = (await history(c.id)).filter((e: any) => e.action === 'TASK_REASSIGNED');
    expect(entries.map((e: any) => [e.actor.username, e.role, e.outcome, e.fromState, e.toState, e.payload])).toEqual([
      ['xian.liangshan.minzheng', 'county_civil', 'ok', 'township_review', 'township_review',
        { taskId: task.id, taskKind: 'township_review', fromUsername: 'zhen.xiaolukou', toUsername: 'zhen.xiaolukou2', reason: body.reason }],
      ['xian.liangshan.xiangzhen', 'township_officer', 'ok', 'township_review', 'township_review',
        { taskId: task.id, taskKind: 'township_review', fromUsername: 'zhen.xiaolukou2', toUsername: 'zhen.xiaolukou', reason: '培训结束，交还原经办人' }],
    ]);
    // The peer's refusal is on the peer's own chain.
    const refused = (await (await sut.as('jijian.shi')).get(`/api/audit?caseId=${c.id}&action=TASK_REASSIGNED`)).body;
    const refusals = (refused.items ?? []).filter((e: any) => e.outcome === 'refused');
    expect(refusals.map((e: any) => (typeof e.actor === 'string' ? e.actor : e.actor?.username))).toEqual(
      expect.arrayContaining(['zhen.xiaolukou2', 'xian.liangshan.zhujian']),
    );
    expect((await (await sut.as('jijian.shi')).get(`/api/audit/verify?caseId=${c.id}`)).body.valid).toBe(true);
  });

  it('5. delegation: during the range the delegate sees and acts on the delegator\'s named task and the history names both; after it → 403', async () => {
    const v = await fileAndSettle(sut, legalAid(PEOPLE.yanXiuying, '闫秀英'));
    await step(sut, 'xian.liangshan.fayuan', v.id, 'GRANT_AID', { decisionNo: '梁法援决〔2026〕201号' });
    await step(sut, 'xian.liangshan.fayuan', v.id, 'ASSIGN_LAWYER', { lawyer: 'lvshi.wang' });
    const zhao = await sut.as('lvshi.zhao');
    const wang = await sut.as('lvshi.wang');
    expect((await send(sut, 'lvshi.zhao', v.id, 'RECORD_PROGRESS', { note: '会见当事人' })).status).toBe(403);
    expect((await zhao.get('/api/tasks')).body.items.some((t: any) => t.caseId === v.id)).toBe(false);

    const range = { toUsername: 'lvshi.zhao', role: 'lawyer', from: today(), to: today() };
    const wrong = [
      [{ ...range, toUsername: 'zhen.xiaolukou' }, 400, 'toUsername'],
      [{ ...range, toUsername: 'lvshi.wang' }, 400, 'toUsername'],
      [{ ...range, from: '2099-01-02', to: '2099-01-01' }, 400, 'to'],
      [{ ...range, from: '2020-01-01', to: '2020-01-31' }, 400, 'to'],
      [{ ...range, to: 'tomorrow' }, 400, 'to'],
    ] as const;
    for (const [body, status, field] of wrong) {
      const res = await wang.post('/api/delegations', body);
      expect([res.status, res.body.errors?.[0]?.field]).toEqual([status, field]);
    }
    expect((await wang.post('/api/delegations', { ...range, role: 'county_civil' })).status).toBe(403);
    const created = await wang.post('/api/delegations', range);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ direction: 'given', role: 'lawyer', from: today(), to: today(), active: true, delegate: { username: 'lvshi.zhao' } });
    expect((await wang.post('/api/delegations', range)).status).toBe(409);
    const delegationEntries = (await (await sut.as('jijian.shi')).get('/api/audit?actor=lvshi.wang&action=DELEGATE_ROLE')).body.items;
    expect(delegationEntries.map((e: any) => [e.outcome, e.payload.role]).sort()).toEqual([['ok', 'lawyer'], ['refused', 'county_civil']]);
    expect((await zhao.get('/api/delegations')).body.items).toEqual([
      expect.objectContaining({ id: created.body.id, direction: 'received', delegator: expect.objectContaining({ username: 'lvshi.wang' }) }),
    ]);

    // During the range: the named task shows in the delegate's inbox, marked, and the delegate acts.
    const row = (await zhao.get('/api/tasks')).body.items.find((t: any) => t.caseId === v.id);
    expect(row).toMatchObject({ kind: 'in_service', assignee: 'lvshi.wang', onBehalfOf: { username: 'lvshi.wang' } });
    expect((await zhao.get(`/api/cases/${v.id}`)).body.availableEvents).toEqual(expect.arrayContaining(['RECORD_PROGRESS', 'SUBMIT_CLOSURE']));
    await step(sut, 'lvshi.zhao', v.id, 'RECORD_PROGRESS', { note: '王律师出差期间代为会见当事人，收集考勤记录' });
    const entry = (await history(v.id)).at(-1);
    expect(entry).toMatchObject({
      action: 'RECORD_PROGRESS', actor: { username: 'lvshi.zhao' }, onBehalfOf: 'lvshi.wang', role: 'lawyer',
      payload: { _onBehalfOf: 'lvshi.wang', _delegationId: created.body.id },
    });

    // The range ends by itself. The calendar cannot be sped up (people's dates are never scaled), so
    // the delegation is moved into the past, as it will be tomorrow.
    await sut.ds.query(
      `UPDATE delegations SET starts_on = (now() AT TIME ZONE 'Asia/Shanghai')::date - 3, ends_on = (now() AT TIME ZONE 'Asia/Shanghai')::date - 1 WHERE id = $1`,
      [created.body.id],
    );
    const late = await send(sut, 'lvshi.zhao', v.id, 'RECORD_PROGRESS', { note: '继续代为办理' });
    expect(late.status).toBe(403);
    expect((await zhao.get('/api/tasks')).body.items.some((t: any) => t.caseId === v.id)).toBe(false);
    expect((await zhao.get(`/api/cases/${v.id}`)).body.availableEvents).toEqual([]);
    expect((await zhao.get('/api/delegations')).body.items[0].active).toBe(false);
    await step(sut, 'lvshi.wang', v.id, 'RECORD_PROGRESS', { note: '出差归来，继续办理' });
    expect((await history(v.id)).at(-1)).toMatchObject({ actor: { username: 'lvshi.wang' }, onBehalfOf: null });
  });

  it('5b. a township officer\'s delegate sees the officer\'s claims as theirs to release', async () => {
    const c = await fileAndSettle(sut, assistance(stranger(602)));
    const task = await taskOf(sut, c.id);
    const one = await sut.as('zhen.xiaolukou');
    const two = await sut.as('zhen.xiaolukou2');
    expect((await one.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    expect((await two.post(`/api/tasks/${task.id}/release`)).status).toBe(403);
    expect((await one.post('/api/delegations', { toUsername: 'zhen.xiaolukou2', role: 'township_officer', from: today(), to: today() })).status).toBe(201);
    const row = (await two.get('/api/tasks')).body.items.find((t: any) => t.id === task.id);
    expect(row).toMatchObject({ claimedBy: 'zhen.xiaolukou', onBehalfOf: { username: 'zhen.xiaolukou' } });
    expect((await two.post(`/api/tasks/${task.id}/release`)).body).toMatchObject({ status: 'open', claimedBy: null });
  });

  it('property-based bodies on reassign, delegations and report builds: only 4xx, never a write', async () => {
    const c = await fileAndSettle(sut, assistance(stranger(603)));
    const task = await taskOf(sut, c.id);
    const counts = async () => (await sut.ds.query(
      `SELECT (SELECT count(*) FROM delegations)::int AS d, (SELECT count(*) FROM audit_entries WHERE case_id = $1)::int AS a,
              (SELECT count(*) FROM outbox WHERE queue = 'reports')::int AS o, (SELECT status FROM tasks WHERE id = $2) AS s`, [c.id, task.id]))[0];
    const before = await counts();
    const tokens = { civil: await sut.token('xian.liangshan.minzheng'), officer: await sut.token('zhen.xiaolukou') };
    const postJson = (url: string, token: string, body: unknown) =>
      sut.http().post(url).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send(JSON.stringify(body) ?? 'null');
    // An unknown field makes any object invalid, so no generated body is a legitimate request.
    const junk = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(fc.string(), fc.jsonValue()).map((d) => ({ ...d, unexpectedField: true })),
      fc.record({ toUsername: fc.jsonValue(), reason: fc.jsonValue(), role: fc.jsonValue(), from: fc.jsonValue(), to: fc.jsonValue(), month: fc.jsonValue() }),
    );
    const targets: Array<[string, string]> = [
      [`/api/tasks/${task.id}/reassign`, tokens.civil],
      ['/api/delegations', tokens.officer],
      ['/api/reports/dispatch/build', tokens.civil],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), junk, async ([url, token], body) => {
        const res = await postJson(url, token, body);
        return res.status >= 400 && res.status < 500;
      }),
      { numRuns: 150 },
    );
    expect(await counts()).toEqual(before);
  });
});
