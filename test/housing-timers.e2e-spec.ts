/**
 * Issue 2: notice timers are rows fired by delayed jobs. An objection inside the notice period makes
 * the armed timer stale; with Redis stopped events are still accepted, and after Redis comes back
 * (empty: it keeps nothing on disk) every pending notice fires exactly once.
 * Its own redis-server on a spare port, so stopping it disturbs nobody else.
 * WORKFLOW_TIME_SCALE = 201600: the 7-day village notice lasts 3 s.
 */
import { SystemUnderTest, eventually } from './support/system-under-test';
import { PrivateRedis } from '../bench/private-redis';
import { COLLECTIVE_REVIEW_PASSED, PEOPLE, fileCase, housingFiling, send, step, stranger, waitForState } from './support/fixtures';
import { CaseEngine } from '../libs/engine/src';

describe('housing notice timers, objections and a Redis outage', () => {
  const redis = new PrivateRedis();
  let sut: SystemUnderTest;

  beforeAll(async () => {
    await redis.start();
    sut = await new SystemUnderTest({ timeScale: 201600, redisUrl: redis.url }).start();
  });
  afterAll(async () => {
    await sut?.stop();
    await redis.stop();
  });

  const toVillageNotice = async (idNumber: string) => {
    const c = await fileCase(sut, 'cun.yannali', housingFiling(idNumber));
    const s = await eventually(async () => {
      const v = (await (await sut.as('cun.yannali')).get(`/api/cases/${c.id}`)).body;
      return ['collective_review', 'identity_review'].includes(v.state) ? v.state : undefined;
    });
    if (s === 'identity_review') await step(sut, 'xian.liangshan.fupin', c.id, 'CONFIRM_IDENTITY', { note: '经入户核实，属新识别贫困户' });
    const v = await step(sut, 'cun.yannali', c.id, 'RECORD_COLLECTIVE_REVIEW', COLLECTIVE_REVIEW_PASSED);
    expect(v.state).toBe('village_notice');
    return c.id as string;
  };

  const noticeEndings = async (caseId: string) =>
    (await sut.ds.query(`SELECT count(*)::int AS n FROM audit_entries WHERE case_id = $1 AND action = 'NOTICE_PERIOD_ENDED'`, [caseId]))[0].n;

  it('an objection during the village notice returns the case to collective_review; the old timer is stale', async () => {
    const caseId = await toVillageNotice(stranger(201));
    const [timer] = await sut.ds.query(`SELECT id FROM case_timers WHERE case_id = $1 AND status = 'armed'`, [caseId]);
    const objected = await step(sut, 'cun.yannali', caseId, 'RECORD_OBJECTION', { summary: '村民反映申请人另有住房，需重新评议' });
    expect(objected.state).toBe('collective_review');
    expect((await sut.ds.query(`SELECT status FROM case_timers WHERE id = $1`, [timer.id]))[0].status).toBe('cancelled');
    // Firing the stale deadline (as a late or duplicated job would) changes nothing.
    const fired = await sut.api.get(CaseEngine).fireTimer(timer.id);
    expect(fired).toEqual({ applied: false, reason: 'stale timer' });
    // And when its delayed job does run, the case stays where the objection put it.
    await new Promise((r) => setTimeout(r, 3500));
    expect((await (await sut.as('cun.yannali')).get(`/api/cases/${caseId}`)).body.state).toBe('collective_review');
    expect(await noticeEndings(caseId)).toBe(0);
  });

  it('with Redis stopped events are accepted; after it restarts empty, pending notices fire once and the case moves on', async () => {
    // A: notice armed and already handed to Redis before the outage (its delayed job dies with Redis).
    const a = await toVillageNotice(PEOPLE.yanJianguo);
    // D: waiting for its collective review when Redis goes away.
    const d = await fileCase(sut, 'cun.yannali', housingFiling(PEOPLE.yanXiuying, { data: { category: 'dibao', houseDescription: '砖木结构，屋面塌陷' } }));
    await waitForState(sut, 'cun.yannali', d.id, 'collective_review');
    await eventually(async () => (await sut.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL`))[0].n === 0);
    await redis.stop();

    // During the outage: B reaches its notice and C is filed; both answer normally.
    const b = await fileCase(sut, 'cun.yannali', housingFiling(stranger(202)));
    expect(b.state).toBe('identity_check');
    const dNotice = await step(sut, 'cun.yannali', d.id, 'RECORD_COLLECTIVE_REVIEW', COLLECTIVE_REVIEW_PASSED);
    expect(dNotice.state).toBe('village_notice');
    const health = await sut.http().get('/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ postgres: 'up', redis: 'down' });
    const pending = (await sut.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL`))[0].n;
    expect(pending).toBeGreaterThan(0);

    await new Promise((r) => setTimeout(r, 3500)); // longer than the notice period
    await redis.start();

    await waitForState(sut, 'zhen.xiaolukou', a, 'township_audit', 20000);
    await waitForState(sut, 'xian.liangshan.fupin', b.id, 'identity_review', 20000);
    await waitForState(sut, 'zhen.xiaolukou', d.id, 'township_audit', 20000);
    await eventually(async () => (await sut.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL`))[0].n === 0);
    // Give late duplicates (a re-armed job, the reconciler) time to show up if they were going to.
    await new Promise((r) => setTimeout(r, 2500));
    expect(await noticeEndings(a)).toBe(1);
    expect(await noticeEndings(d.id)).toBe(1);
    const lookups = await sut.ds.query(`SELECT count(*)::int AS n FROM audit_entries WHERE case_id = $1 AND action LIKE 'IDENTITY_%'`, [b.id]);
    expect(lookups[0].n).toBe(1);
    expect((await (await sut.as('jijian.shi')).get(`/api/audit/verify?caseId=${a}`)).body.valid).toBe(true);
    const wrong = await send(sut, 'zhen.xiaolukou', a, 'RECORD_OBJECTION', { summary: '公示期已过后提出的异议' });
    expect(wrong.status).toBe(422);
  });
});
