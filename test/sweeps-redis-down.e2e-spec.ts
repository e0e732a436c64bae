/**
 * Issue 17, ADR 0007: the background sweeps are scheduled in PostgreSQL, so they keep running while
 * Redis is down — the case the reconciler exists for. With the worker's Redis stopped (its own
 * redis-server, so nobody else is disturbed), every sweep keeps adding runs, and a deadline whose
 * job Redis lost is fired by the reconciler; the outbox rows that firing writes wait for Redis.
 * The worker is the built one in a child process, SIGKILLed at the end.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SystemUnderTest, eventually } from './support/system-under-test';
import { PrivateRedis } from '../bench/private-redis';
import { COLLECTIVE_REVIEW_PASSED, PEOPLE, fileCase, housingFiling, step, waitForState } from './support/fixtures';

const WORKER_MAIN = join(__dirname, '..', 'dist', 'apps', 'worker', 'src', 'main.js');

describe('sweeps while Redis is down', () => {
  const redis = new PrivateRedis();
  let sut: SystemUnderTest;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    if (!existsSync(WORKER_MAIN)) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    await redis.start();
    // Real time (a 7-day notice lasts 7 days) and sweeps every half second.
    sut = await new SystemUnderTest({
      redisUrl: redis.url,
      timeScale: 1,
      worker: false,
      env: { RECONCILE_INTERVAL_MS: '500', RECONCILE_GRACE_MS: '500', CLAIM_SWEEP_INTERVAL_MS: '500', AUDIT_CHECKPOINT_INTERVAL_MS: '1000', DISPATCH_CHECK_INTERVAL_MS: '1000' },
    }).start();
    // The settings above are in process.env now (SystemUnderTest), and so the child's.
    worker = spawn(process.execPath, [WORKER_MAIN], { env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    sut.pii.tapChild(worker, 'worker child');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the worker did not start')), 40000);
      worker!.stdout!.on('data', (d) => String(d).includes('worker started') && (clearTimeout(timer), resolve()));
      worker!.on('exit', (code) => (clearTimeout(timer), reject(new Error(`the worker exited with ${code}`))));
    });
  }, 60000);
  afterAll(async () => {
    if (worker && worker.exitCode === null && worker.signalCode === null) {
      const exited = new Promise((r) => worker!.once('exit', r));
      worker.kill('SIGKILL');
      await exited;
    }
    if (!redis.ping()) await redis.start(); // a failed run: the api's Redis probe closes cleanly
    await sut?.stop();
    await redis.stop();
  });

  const runsSince = async (since: Date) =>
    Object.fromEntries(
      (await sut.ds.query(`SELECT sweep, count(*)::int AS n FROM sweep_runs WHERE started_at > $1 AND outcome = 'ok' GROUP BY sweep`, [since]))
        .map((r: any) => [r.sweep, r.n]),
    );

  it('every sweep keeps running and the reconciler fires a deadline whose job Redis lost', async () => {
    const c = await fileCase(sut, 'cun.yannali', housingFiling(PEOPLE.yanJianguo));
    await waitForState(sut, 'zhen.xiaolukou', c.id, 'collective_review');
    await step(sut, 'cun.yannali', c.id, 'RECORD_COLLECTIVE_REVIEW', COLLECTIVE_REVIEW_PASSED);
    const [timer] = await sut.ds.query(`SELECT id FROM case_timers WHERE case_id = $1 AND status = 'armed'`, [c.id]);
    expect(timer).toBeDefined();

    await redis.stop();
    const [{ now: down }] = await sut.ds.query(`SELECT now()`);
    // The notice is over, and its delayed job went with Redis.
    await sut.ds.query(`UPDATE case_timers SET due_at = now() - interval '1 second' WHERE id = $1`, [timer.id]);

    const fired = await waitForState(sut, 'zhen.xiaolukou', c.id, 'township_audit', 15000);
    expect(fired.state).toBe('township_audit');
    const [{ n }] = await sut.ds.query(`SELECT count(*)::int AS n FROM audit_entries WHERE case_id = $1 AND payload->>'_timerId' = $2`, [c.id, timer.id]);
    expect(n).toBe(1);
    await eventually(async () => {
      const runs = await runsSince(down);
      return ['reconcile-timers', 'release-idle-claims', 'audit-checkpoint', 'dispatch-check'].every((s) => runs[s] >= 2);
    }, 15000, 250);
    // Fired by a reconciler run (none had anything to fire before: the notice had 7 days to go).
    const reconciled = await sut.ds.query(
      `SELECT coalesce(sum((result->>'timers')::int), 0)::int AS n FROM sweep_runs WHERE sweep = 'reconcile-timers'`,
    );
    expect(reconciled[0].n).toBe(1);
    expect(redis.ping()).toBe(false);

    // Redis back (empty): what the firing queued drains, and the sweeps go on.
    await redis.start();
    await eventually(async () => (await sut.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE completed_at IS NULL AND available_at < now()`))[0].n === 0, 20000, 250);
  });
});
