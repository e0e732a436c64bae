/**
 * Issue 9, item 1: a job the relay handed to Redis is lost when Redis comes back empty before a
 * worker ran it (no persistence, a flush, a replaced instance). Deadlines and SLA phases have the
 * reconciler; every other job — registry lookups, payments, national reports, referrals — is
 * relayed again from the outbox, because its row was dispatched but never completed. A job that
 * had finished is not run again. Its own redis-server, so emptying it disturbs nobody else.
 */
import { SystemUnderTest, eventually } from './support/system-under-test';
import { PrivateRedis } from '../bench/private-redis';
import { fileCase, stranger } from './support/fixtures';
import { legalAid } from './queues-helpers';
import { returning } from '../libs/db/src';

describe('jobs lost with an emptied Redis are relayed again, finished ones are not', () => {
  const redis = new PrivateRedis();
  let sut: SystemUnderTest;

  beforeAll(async () => {
    await redis.start();
    sut = await new SystemUnderTest({ redisUrl: redis.url, worker: false }).start();
  });
  afterAll(async () => {
    await sut?.stop();
    await redis.stop();
  });

  /** Registry answers applied: the events that moved the case out of its eligibility check. */
  const lookups = async (caseId: string) =>
    (await sut.ds.query(
      `SELECT count(*)::int AS n FROM audit_entries WHERE case_id = $1 AND from_state = 'eligibility_check' AND to_state <> 'eligibility_check'`,
      [caseId],
    ))[0].n;
  const stateOf = async (caseId: string) => (await sut.ds.query(`SELECT state FROM cases WHERE id = $1`, [caseId]))[0].state;
  const unfinished = async () =>
    (await sut.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE completed_at IS NULL AND queue NOT IN ('timers', 'sla-clocks')`))[0].n;

  it('a lookup relayed to a Redis that then lost it runs once the worker is back', async () => {
    const c = await fileCase(sut, 'cun.yannali', legalAid(stranger(801), '钱某'));
    expect(c.state).toBe('eligibility_check');
    // As if a relay had handed the job to Redis just before Redis went away with it.
    const [row] = await returning(sut.ds,
      `UPDATE outbox SET dispatched_at = now(), attempts = 1 WHERE payload->>'caseId' = $1 AND queue = 'registry-lookup' RETURNING id`,
      [c.id],
    );
    expect(row).toBeDefined();
    await redis.stop();
    await redis.start();

    await sut.startWorker();
    await eventually(async () => (await stateOf(c.id)) !== 'eligibility_check', 20000);
    expect(await lookups(c.id)).toBe(1);
    const done = await eventually(async () => (await sut.ds.query(`SELECT completed_at, attempts FROM outbox WHERE id = $1 AND completed_at IS NOT NULL`, [row.id]))[0]);
    expect(done.attempts).toBe(2);
  });

  it('after another empty restart, finished jobs stay finished and run no second time', async () => {
    const c = await fileCase(sut, 'cun.yannali', legalAid(stranger(802), '孙某'));
    await eventually(async () => (await stateOf(c.id)) !== 'eligibility_check', 20000);
    await eventually(async () => (await unfinished()) === 0, 20000);
    // Deadlines and SLA phases still pending in Redis are unfinished by right, and relayed again too.
    const relayedJobs = async () => (await sut.ds.query(`SELECT sum(attempts)::int AS n FROM outbox WHERE queue NOT IN ('timers', 'sla-clocks')`))[0].n;
    const attemptsBefore = await relayedJobs();

    await redis.stop();
    await redis.start();
    // The relay notices the emptied Redis on its next tick and writes a new marker.
    await eventually(async () => redis.ping() && (await unfinished()) === 0, 20000);
    const probe = await fileCase(sut, 'cun.yannali', legalAid(stranger(803), '李某'));
    await eventually(async () => (await stateOf(probe.id)) !== 'eligibility_check', 20000);

    expect(await lookups(c.id)).toBe(1);
    expect(await lookups(probe.id)).toBe(1);
    // Only the probe's own rows were relayed since: nothing finished went back to Redis.
    const relayedSince = (await relayedJobs()) - attemptsBefore;
    const probeRows = (await sut.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE payload->>'caseId' = $1 AND queue NOT IN ('timers', 'sla-clocks')`, [probe.id]))[0].n;
    expect(relayedSince).toBe(probeRows);
  });
});
