/**
 * Issue 19, item 5: ending a delegation (委托办理) early — `POST /api/delegations/:id/end {reason}`
 * by the delegator or a supervisor of the role (the rules of task reassignment), audited on the
 * delegator's chain with the trimmed reason. From then on the delegate neither sees nor acts on the
 * delegator's tasks; the row keeps its dates and says who ended it, when and why.
 */
import { randomUUID } from 'node:crypto';
import { SystemUnderTest } from './support/system-under-test';
import { PEOPLE, send, step, stranger } from './support/fixtures';
import { assistance, fileAndSettle, legalAid, taskOf } from './queues-helpers';

/** Calendar days in the time zone delegation dates are read in (LOCAL_TIME_ZONE, default Asia/Shanghai). */
const day = (offset = 0) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + offset * 86400000));

describe('ending a delegation early', () => {
  const sut = new SystemUnderTest({ timeScale: 3600, env: { CLAIM_IDLE_MINUTES: '525600' } });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  /** The entries of `username`'s own audit chain with this action. */
  const chainEntries = async (username: string, action: string) =>
    sut.ds.query(
      `SELECT e.outcome, e.actor_username, e.actor_role, e.payload FROM audit_entries e JOIN users u ON e.chain_id = 'actor:' || u.id
       WHERE u.username = $1 AND e.action = $2 ORDER BY e.seq`,
      [username, action],
    );

  it('the delegator ends it with a reason: the delegate no longer sees or acts on the delegator\'s task', async () => {
    const v = await fileAndSettle(sut, legalAid(PEOPLE.yanXiuying, '闫秀英'));
    await step(sut, 'xian.liangshan.fayuan', v.id, 'GRANT_AID', { decisionNo: '梁法援决〔2026〕301号' });
    await step(sut, 'xian.liangshan.fayuan', v.id, 'ASSIGN_LAWYER', { lawyer: 'lvshi.wang' });
    const wang = await sut.as('lvshi.wang');
    const zhao = await sut.as('lvshi.zhao');
    const created = await wang.post('/api/delegations', { toUsername: 'lvshi.zhao', role: 'lawyer', from: day(), to: day(5) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await zhao.get('/api/tasks')).body.items.some((t: any) => t.caseId === v.id)).toBe(true);
    await step(sut, 'lvshi.zhao', v.id, 'RECORD_PROGRESS', { note: '王律师出差期间代为会见当事人' });

    // Bad input: the reason is trimmed before its length is checked; unknown fields and ids refused.
    const bad: Array<[unknown, string]> = [[{ reason: '   短理由 ' }, 'reason'], [{}, 'reason'], [{ reason: 42 }, 'reason'], [{ reason: '王律师提前返岗', extra: 1 }, 'extra']];
    for (const [body, field] of bad) {
      const res = await wang.post(`/api/delegations/${id}/end`, body);
      expect({ status: res.status, type: res.headers['content-type'], fields: res.body.errors?.map((e: any) => e.field) })
        .toEqual({ status: 400, type: expect.stringContaining('application/problem+json'), fields: [field] });
    }
    expect((await wang.post('/api/delegations/not-a-uuid/end', { reason: '王律师提前返岗' })).status).toBe(404);
    expect((await wang.post(`/api/delegations/${randomUUID()}/end`, { reason: '王律师提前返岗' })).status).toBe(404);

    // Neither the delegate nor an officer who does not supervise lawyers may end it; both refusals are on record.
    const byDelegate = await zhao.post(`/api/delegations/${id}/end`, { reason: '我想结束这个委托' });
    expect(byDelegate.status).toBe(403);
    const byOfficer = await (await sut.as('xian.liangshan.fayuan')).post(`/api/delegations/${id}/end`, { reason: '中心统一调整委托' });
    expect(byOfficer.status).toBe(403);
    expect((await chainEntries('lvshi.zhao', 'DELEGATION_ENDED')).map((e: any) => e.outcome)).toEqual(['refused']);
    expect((await chainEntries('xian.liangshan.fayuan', 'DELEGATION_ENDED')).map((e: any) => e.outcome)).toEqual(['refused']);
    expect((await zhao.get('/api/delegations')).body.items[0]).toMatchObject({ id, active: true, ended: null });

    const ended = await wang.post(`/api/delegations/${id}/end`, { reason: '   王律师提前返岗，收回委托   ' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({
      id, direction: 'given', from: day(), to: day(5), active: false,
      ended: { byUsername: 'lvshi.wang', reason: '王律师提前返岗，收回委托', at: expect.any(String) },
    });
    // Audited on the delegator's own chain, with the trimmed reason.
    expect(await chainEntries('lvshi.wang', 'DELEGATION_ENDED')).toEqual([{
      outcome: 'ok', actor_username: 'lvshi.wang', actor_role: 'lawyer',
      payload: { delegationId: id, delegatorUsername: 'lvshi.wang', toUsername: 'lvshi.zhao', role: 'lawyer', from: day(), to: day(5), reason: '王律师提前返岗，收回委托' },
    }]);

    // From now on: not in the delegate's inbox, not offered, refused.
    expect((await zhao.get('/api/tasks')).body.items.some((t: any) => t.caseId === v.id)).toBe(false);
    expect((await zhao.get(`/api/cases/${v.id}`)).body.availableEvents).toEqual([]);
    expect((await send(sut, 'lvshi.zhao', v.id, 'RECORD_PROGRESS', { note: '继续代为办理' })).status).toBe(403);
    expect((await zhao.get('/api/delegations')).body.items[0]).toMatchObject({ id, direction: 'received', active: false, ended: { byUsername: 'lvshi.wang' } });
    await step(sut, 'lvshi.wang', v.id, 'RECORD_PROGRESS', { note: '返岗后继续办理' });

    // Once ended it stays ended; the days it covered are free for a new delegation.
    expect((await wang.post(`/api/delegations/${id}/end`, { reason: '再结束一次试试' })).status).toBe(409);
    expect((await wang.post('/api/delegations', { toUsername: 'lvshi.zhao', role: 'lawyer', from: day(1), to: day(3) })).status).toBe(201);
    expect((await (await sut.as('jijian.shi')).get('/api/audit/verify')).body.valid).toBe(true);
  });

  it('a supervisor of the role ends a township officer\'s delegation; the delegate loses the officer\'s claims', async () => {
    const c = await fileAndSettle(sut, assistance(stranger(611)));
    const task = await taskOf(sut, c.id);
    const one = await sut.as('zhen.xiaolukou');
    const two = await sut.as('zhen.xiaolukou2');
    expect((await one.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    const created = await one.post('/api/delegations', { toUsername: 'zhen.xiaolukou2', role: 'township_officer', from: day(), to: day(3) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await two.get('/api/tasks')).body.items.find((t: any) => t.id === task.id)).toMatchObject({ onBehalfOf: { username: 'zhen.xiaolukou' } });

    // Another township's officer does not even see it.
    expect((await (await sut.as('zhen.jinzhuang')).post(`/api/delegations/${id}/end`, { reason: '跨乡镇结束委托' })).status).toBe(404);

    // County civil affairs supervises township officers (TASK_SUPERVISORS), as for reassignment.
    const ended = await (await sut.as('xian.liangshan.minzheng')).post(`/api/delegations/${id}/end`, { reason: '经办员已返岗，由县民政局结束委托' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ id, direction: 'supervised', active: false, ended: { byUsername: 'xian.liangshan.minzheng', reason: '经办员已返岗，由县民政局结束委托' } });
    expect(await chainEntries('zhen.xiaolukou', 'DELEGATION_ENDED')).toEqual([
      expect.objectContaining({ outcome: 'ok', actor_username: 'xian.liangshan.minzheng', actor_role: 'county_civil', payload: expect.objectContaining({ delegationId: id, reason: '经办员已返岗，由县民政局结束委托' }) }),
    ]);

    // The delegate no longer stands in: the claim is not theirs to see as the officer's, nor to release.
    expect((await two.get('/api/tasks')).body.items.find((t: any) => t.id === task.id)?.onBehalfOf ?? null).toBeNull();
    expect((await two.post(`/api/tasks/${task.id}/release`)).status).toBe(403);
    expect((await one.post(`/api/tasks/${task.id}/release`)).status).toBe(200);
  });
});
