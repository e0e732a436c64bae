/**
 * Issue 17 and ARCHITECTURE §5: two api and two worker processes (the built mains, as child
 * processes) on one PostgreSQL database and one Redis, load spread over both apis, one api and one
 * worker SIGKILLed mid-run and restarted. Then: every answered request is stored once (retried
 * Idempotency-Keys never duplicate), every deadline and payment happened once, every outbox row
 * completed, each background sweep ran once per interval across the cluster (never twice within one
 * interval, whichever worker ran it), and 50-way races split over both apis still have one winner.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource } from '../libs/db/src/data-source';
import { DEFAULT_DEMO_PASSWORD } from '../seeds/demo';
import { createTestDatabase, dropTestDatabase } from './support/databases';
import { PiiWatch } from './support/pii-watch';
import { eventually } from './support/system-under-test';
import { COLLECTIVE_REVIEW_PASSED, PEOPLE, VILLAGE, housingFiling, stranger } from './support/fixtures';
import { CONSISTENT, checkConsistency, freePort } from './faults-support';

const DIST = join(__dirname, '..', 'dist', 'apps');
const API_MAIN = join(DIST, 'api', 'src', 'main.js');
const WORKER_MAIN = join(DIST, 'worker', 'src', 'main.js');

/** A day lasts half a second: the 7-day notice periods pass in 3.5 s. */
const SCALE = 172800;
/** Every sweep every second, so a run of this length sees dozens of ticks. */
const SWEEP_MS = 1000;
/** A claim untouched for 23,040 business minutes (8 s at this scale) goes back to the queue. */
const IDLE_MINUTES = 23040;
const FLOWS = 24;
const CLIENTS = 50;
const SWEEPS = ['reconcile-timers', 'release-idle-claims', 'audit-checkpoint', 'dispatch-check'];
const DECISIONS: Array<[string, Record<string, unknown>]> = [
  ['TOWNSHIP_APPROVE', { opinion: '材料齐全，情况属实，同意上报' }],
  ['TOWNSHIP_REJECT', { reason: '经核实家庭另有安全住房，不符合改造条件' }],
  ['RETURN_FOR_CORRECTION', { missing: ['户口簿复印件'] }],
];

const assistance = (n: number) => ({
  processKey: 'temporary-assistance',
  villageCode: VILLAGE.yannali,
  applicant: { name: '陈刚', idNumber: stranger(900 + n), householdSize: 3 },
  data: { hardshipType: 'expenditure', urgency: 'normal', description: `子女上学支出过大（多副本测试 ${n}）`, requestedAmount: 1000 + n },
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer {
  status: number;
  body: any;
}

describe('two apis and two workers on one database and one Redis', () => {
  const pii = new PiiWatch();
  const fetch = pii.fetch;
  const runKey = Math.random().toString(36).slice(2, 8);
  let db: { name: string; url: string };
  let ds: DataSource;
  let env: NodeJS.ProcessEnv;
  const ports: number[] = [];
  const apis: Array<ChildProcess | undefined> = [undefined, undefined];
  const workers: Array<ChildProcess | undefined> = [undefined, undefined];
  const children: ChildProcess[] = [];
  const tail: string[] = [];

  const spawnMain = (main: string, name: string, extra: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [main], { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
    pii.tapChild(child, name);
    for (const s of [child.stdout!, child.stderr!]) {
      s.on('data', (d: string) => {
        tail.push(...String(d).split('\n').filter(Boolean).map((l) => `${name}: ${l}`));
        tail.splice(0, Math.max(0, tail.length - 300));
      });
    }
    children.push(child);
    return child;
  };
  const startApi = async (i: number) => {
    apis[i] = spawnMain(API_MAIN, `api${i}`, { PORT: String(ports[i]), HOST: '127.0.0.1' });
    await eventually(async () => (await fetch(`http://127.0.0.1:${ports[i]}/api/health`).catch(() => undefined))?.status === 200, 40000, 200);
  };
  const startWorker = async (i: number) => {
    const child = spawnMain(WORKER_MAIN, `worker${i}`);
    workers[i] = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker${i} did not start`)), 40000);
      child.stdout!.on('data', (d: string) => {
        if (String(d).includes('worker started')) (clearTimeout(timer), resolve());
      });
      child.on('exit', (code) => (clearTimeout(timer), reject(new Error(`worker${i} exited with ${code}`))));
    });
  };
  const kill = async (child: ChildProcess) => {
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_c, signal) => r(signal)));
    child.kill('SIGKILL');
    return exited;
  };
  const workerId = (child: ChildProcess) => `${hostname()}:${child.pid}`;

  beforeAll(async () => {
    if (!existsSync(API_MAIN) || !existsSync(WORKER_MAIN)) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    pii.start();
    db = await createTestDatabase();
    ds = createDataSource(db.url, 4);
    await ds.initialize();
    ports.push(await freePort(), await freePort());
    env = {
      ...process.env, // JWT_SECRET, PII_KEY, AUDIT_SIGNING_KEY of this run
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `t${db.name.replace(/[^a-z0-9]/g, '')}`,
      WORKFLOW_TIME_SCALE: String(SCALE),
      OUTBOX_POLL_MS: '50',
      RECONCILE_INTERVAL_MS: String(SWEEP_MS),
      RECONCILE_GRACE_MS: '2000',
      CLAIM_SWEEP_INTERVAL_MS: String(SWEEP_MS),
      CLAIM_IDLE_MINUTES: String(IDLE_MINUTES),
      AUDIT_CHECKPOINT_INTERVAL_MS: String(SWEEP_MS),
      DISPATCH_CHECK_INTERVAL_MS: String(SWEEP_MS),
      // A worker killed mid-run holds its sweep at most 2 s; its jobs come back after 1.5 s.
      SWEEP_LEASE_MS: '2000',
      WORKER_LOCK_MS: '1500',
      WORKER_CONCURRENCY: '4',
      DB_POOL_SIZE: '10',
    };
    await Promise.all([startApi(0), startApi(1), startWorker(0), startWorker(1)]);
  }, 90000);

  afterAll(async () => {
    await Promise.all(children.filter((c) => c.exitCode === null && c.signalCode === null).map((c) => kill(c)));
    await ds?.destroy().catch(() => undefined);
    if (db) await dropTestDatabase(db.name).catch(() => undefined);
    await pii.stop();
  }, 60000);

  /** One request to api `i`; status 0 when no answer came (refused, reset, killed mid-request). */
  const call = async (i: number, method: string, path: string, token?: string, body?: unknown, key?: string): Promise<Answer> => {
    try {
      const res = await fetch(`http://127.0.0.1:${ports[i]}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(key ? { 'idempotency-key': key } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    } catch {
      return { status: 0, body: undefined };
    }
  };

  it('load over both apis with an api and a worker killed: stored once, fired once, paid once, each sweep once per interval, one winner per race', async () => {
    try {
      const login = async (username: string) => {
        const r = await call(0, 'POST', '/api/auth/login', undefined, { username, password: process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD });
        expect(r.status).toBe(200);
        return r.body.accessToken as string;
      };
      const [clerk, officer, officer2] = await Promise.all(['cun.yannali', 'zhen.xiaolukou', 'zhen.xiaolukou2'].map(login));
      const startedAt = Date.now();

      // What a load balancer does: a write with no answer (or the pool's 503) goes to the other
      // api with the same Idempotency-Key.
      const writes: Array<{ key: string; path: string; type: string; first: number; final: Answer }> = [];
      let answered = 0;
      let faults = () => undefined as void;
      const write = async (prefer: number, path: string, token: string, body: any, key: string): Promise<Answer> => {
        let first = -1;
        for (let attempt = 0; attempt < 40; attempt++) {
          const r = await call((prefer + attempt) % 2, 'POST', path, token, body, key);
          if (first < 0) first = r.status;
          if (r.status !== 0 && r.status !== 503) {
            writes.push({ key, path, type: body.type ?? 'FILE', first, final: r });
            answered++;
            faults();
            return r;
          }
          await sleep(attempt === 0 ? 0 : 250);
        }
        throw new Error(`${path} (${key}): no answer from either api`);
      };
      const stateOf = async (id: string) => (await ds.query(`SELECT state FROM cases WHERE id = $1`, [id]))[0]?.state as string;
      const waitState = (id: string, ok: (s: string) => boolean, timeoutMs = 40000) =>
        eventually(async () => {
          const s = await stateOf(id);
          return ok(s) ? s : undefined;
        }, timeoutMs, 150);

      // The faults: api0 SIGKILLed once 12 writes are answered (others in flight), restarted a
      // second later; worker0 SIGKILLed once 4 approvals queued their payments (later cases' notice
      // timers still armed), restarted 1.5 s later. Meanwhile requests go to api1, jobs and timers
      // to worker1, and a job worker0 held comes back when its lock lapses.
      const firstWorkerId = workerId(workers[0]!);
      let killedApi = false;
      let killedWorker = false;
      let approved = 0;
      const restarts: Array<Promise<unknown>> = [];
      const killedAt: Record<string, number> = {};
      let pendingAtKill: Promise<{ timers: number; jobs: number }> | undefined;
      faults = () => {
        if (!killedApi && answered >= 12) {
          killedApi = true;
          killedAt.api = Date.now();
          restarts.push(kill(apis[0]!).then(async (signal) => {
            expect(signal).toBe('SIGKILL');
            await sleep(1000);
            await startApi(0);
          }));
        }
        if (!killedWorker && approved >= 4) {
          killedWorker = true;
          killedAt.worker = Date.now();
          // What was pending when it died: deadlines still armed, jobs not yet done.
          pendingAtKill = ds.query(
            `SELECT (SELECT count(*) FROM case_timers WHERE status = 'armed')::int AS timers,
                    (SELECT count(*) FROM outbox WHERE completed_at IS NULL)::int AS jobs`,
          ).then((rows: any[]) => rows[0]);
          restarts.push(kill(workers[0]!).then(async (signal) => {
            expect(signal).toBe('SIGKILL');
            await sleep(1500);
            await startWorker(0);
          }));
        }
      };

      // 24 temporary-assistance cases, each filed, investigated (a 7-day notice timer), approved by
      // the second officer (a payment job) and closed by the payment's confirmation; alternating apis.
      const flow = async (i: number) => {
        await sleep(i * 120);
        const filed = await write(i % 2, '/api/cases', clerk, assistance(i), `${runKey}-file-${i}`);
        expect(filed.status).toBe(201);
        const id = filed.body.id as string;
        expect(await waitState(id, (s) => !['intake', 'eligibility_check', 'identity_check'].includes(s))).toBe('township_review');
        const inv = await write((i + 1) % 2, `/api/cases/${id}/events`, officer,
          { type: 'SUBMIT_INVESTIGATION', payload: { findings: '入户调查属实', recommendedAmount: 1000 + i } }, `${runKey}-inv-${i}`);
        expect(inv.status).toBe(200);
        await waitState(id, (s) => s === 'township_approval');
        const appr = await write(i % 2, `/api/cases/${id}/events`, officer2, { type: 'APPROVE', payload: { amount: 1000 + i } }, `${runKey}-appr-${i}`);
        expect(appr.status).toBe(200);
        approved++;
        faults();
        await waitState(id, (s) => s === 'closed');
        return id;
      };
      // Beside them: a housing case walked to the township audit (its village notice is a timer)
      // and an assistance case whose open task the officers will race to claim.
      const housing = async () => {
        const filed = await write(1, '/api/cases', clerk, housingFiling(PEOPLE.yanJianguo), `${runKey}-housing`);
        expect(filed.status).toBe(201);
        await waitState(filed.body.id, (s) => s === 'collective_review');
        const review = await write(0, `/api/cases/${filed.body.id}/events`, clerk, { type: 'RECORD_COLLECTIVE_REVIEW', payload: COLLECTIVE_REVIEW_PASSED }, `${runKey}-review`);
        expect(review.status).toBe(200);
        await waitState(filed.body.id, (s) => s === 'township_audit');
        return filed.body.id as string;
      };
      const claimable = async () => {
        const filed = await write(0, '/api/cases', clerk, assistance(99), `${runKey}-claimable`);
        expect(filed.status).toBe(201);
        await waitState(filed.body.id, (s) => s === 'township_review');
        return filed.body.id as string;
      };
      const [closed, housingId, claimCaseId] = await Promise.all([Promise.all(Array.from({ length: FLOWS }, (_, i) => flow(i))), housing(), claimable()]);
      await Promise.all(restarts);
      expect({ killedApi, killedWorker }).toEqual({ killedApi: true, killedWorker: true });
      // The worker died mid-run: deadlines were armed and jobs unfinished at that moment.
      const pending = await pendingAtKill!;
      expect(pending.timers).toBeGreaterThan(0);
      expect(pending.jobs).toBeGreaterThan(0);
      // The api kill really cost answers: some writes had to be sent again.
      expect(writes.filter((w) => w.first === 0).length).toBeGreaterThan(0);
      expect(closed).toHaveLength(FLOWS);

      // Race 1: 50 conflicting decisions on one case from two officers over both apis.
      const tokens = [officer, officer2];
      const [{ revision }] = await ds.query(`SELECT revision FROM cases WHERE id = $1`, [housingId]);
      const decisions = Array.from({ length: CLIENTS }, (_, i) => ({ api: i % 2, officer: Math.floor(i / 2) % 2, decision: DECISIONS[i % 3] }));
      const decided = await Promise.all(decisions.map((d) => call(d.api, 'POST', `/api/cases/${housingId}/events`, tokens[d.officer], { type: d.decision[0], payload: d.decision[1] })));
      const decidedStatuses = decided.map((r) => r.status);
      expect(decidedStatuses.filter((s) => s === 200)).toHaveLength(1);
      expect(decidedStatuses.filter((s) => ![200, 403, 409, 422, 503].includes(s))).toEqual([]);
      const winner = decisions[decidedStatuses.indexOf(200)];
      const applied = await ds.query(
        `SELECT action, actor_username FROM audit_entries
          WHERE chain_id = $1 AND outcome = 'ok' AND action = ANY($2)`,
        [`case:${housingId}`, DECISIONS.map((d) => d[0])],
      );
      expect(applied.map((a: any) => [a.action, a.actor_username])).toEqual([[winner.decision[0], ['zhen.xiaolukou', 'zhen.xiaolukou2'][winner.officer]]]);
      const [{ revision: after }] = await ds.query(`SELECT revision FROM cases WHERE id = $1`, [housingId]);
      expect(after).toBeGreaterThan(revision);

      // Race 2: 50 claims of one task over both apis.
      const [task] = await ds.query(`SELECT id FROM tasks WHERE case_id = $1 AND status = 'open' AND kind NOT LIKE 'escalation:%'`, [claimCaseId]);
      const claims = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => call(i % 2, 'POST', `/api/tasks/${task.id}/claim`, tokens[Math.floor(i / 2) % 2])));
      const claimStatuses = claims.map((r) => r.status);
      expect(claimStatuses.filter((s) => s === 200)).toHaveLength(1);
      expect(claimStatuses.filter((s) => s !== 200 && s !== 409 && s !== 503)).toEqual([]);
      const claimer = ['zhen.xiaolukou', 'zhen.xiaolukou2'][Math.floor(claimStatuses.indexOf(200) / 2) % 2];
      const [held] = await ds.query(`SELECT t.status, u.username FROM tasks t JOIN users u ON u.id = t.claimed_by WHERE t.id = $1`, [task.id]);
      expect(held).toEqual({ status: 'claimed', username: claimer });
      // Left idle, the claim goes back to the queue by the sweep: released and audited once.
      await eventually(async () => (await ds.query(`SELECT status FROM tasks WHERE id = $1`, [task.id]))[0].status === 'open', 30000, 250);

      // Drained: every outbox row's job completed, no deadline overdue and still armed.
      await eventually(async () => {
        const [o] = await ds.query(
          `SELECT (SELECT count(*) FROM outbox WHERE completed_at IS NULL AND available_at < now() - interval '1 second')::int AS open,
                  (SELECT count(*) FROM case_timers WHERE status = 'armed' AND due_at < now())::int AS overdue`,
        );
        return o.open === 0 && o.overdue === 0;
      }, 30000, 250);

      // 1. Every answered write is stored once; a key retried on the other api answered the same.
      for (const w of writes) expect([200, 201]).toContain(w.final.status);
      const filings = writes.filter((w) => w.type === 'FILE');
      for (const f of filings) {
        const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM cases WHERE id = $1`, [f.final.body.id]);
        expect(n).toBe(1);
      }
      const descriptions = [...Array.from({ length: FLOWS }, (_, i) => assistance(i).data.description), assistance(99).data.description];
      const perDescription = await ds.query(
        `SELECT data->>'description' AS d, count(*)::int AS n FROM cases WHERE data->>'description' = ANY($1) GROUP BY 1`, [descriptions],
      );
      expect(perDescription.filter((r: any) => r.n !== 1)).toEqual([]);
      expect(perDescription).toHaveLength(descriptions.length);
      const [{ housings }] = await ds.query(`SELECT count(*)::int AS housings FROM cases WHERE process_key = 'housing-renovation'`);
      expect(housings).toBe(1);
      const [{ n: keys }] = await ds.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key LIKE $1 AND response IS NOT NULL`, [`${runKey}-%`]);
      expect(keys).toBe(writes.length);
      for (const w of writes.filter((x) => x.type !== 'FILE')) {
        const caseId = w.path.split('/')[3];
        const [{ n }] = await ds.query(
          `SELECT count(*)::int AS n FROM audit_entries WHERE chain_id = $1 AND action = $2 AND outcome = 'ok'`, [`case:${caseId}`, w.type],
        );
        expect({ key: w.key, n }).toEqual({ key: w.key, n: 1 });
      }

      // 2. Every deadline fired once (one audit entry carries its timer id), none left behind.
      const timers = await ds.query(
        `SELECT t.status, (SELECT count(*) FROM audit_entries a WHERE a.case_id = t.case_id AND a.payload->>'_timerId' = t.id::text)::int AS entries
           FROM case_timers t`,
      );
      const fired = timers.filter((t: any) => t.status === 'fired');
      expect(fired.length).toBeGreaterThanOrEqual(FLOWS + 1);
      expect(timers.filter((t: any) => (t.status === 'fired' ? t.entries !== 1 : t.entries !== 0))).toEqual([]);

      // 3. One payment and one confirmation per closed case; every registry lookup applied once.
      const paid = await ds.query(
        `SELECT c.id, (SELECT count(*) FROM payments p WHERE p.case_id = c.id)::int AS payments,
                (SELECT count(*) FROM audit_entries a WHERE a.case_id = c.id AND a.action = 'PAYMENT_CONFIRMED')::int AS confirmations,
                (SELECT count(*) FROM outbox o WHERE o.queue = 'disbursement' AND o.payload->>'caseId' = c.id::text)::int AS jobs
           FROM cases c WHERE c.id = ANY($1)`,
        [closed],
      );
      expect(paid.filter((p: any) => p.payments !== 1 || p.confirmations !== 1 || p.jobs !== 1)).toEqual([]);
      const [{ n: relookups }] = await ds.query(
        `SELECT count(*)::int AS n FROM (SELECT case_id FROM audit_entries WHERE from_state IN ('eligibility_check', 'identity_check')
            AND to_state NOT IN ('eligibility_check', 'identity_check') AND chain_id LIKE 'case:%' GROUP BY case_id HAVING count(*) > 1) x`,
      );
      expect(relookups).toBe(0);
      const [{ n: unfinished }] = await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE completed_at IS NULL AND available_at < now() - interval '1 second'`);
      expect(unfinished).toBe(0);

      // 4. The idle claim: released once, by one sweep run.
      const [{ n: expired }] = await ds.query(
        `SELECT count(*)::int AS n FROM audit_entries WHERE case_id = $1 AND action = 'TASK_CLAIM_EXPIRED'`, [claimCaseId],
      );
      expect(expired).toBe(1);

      // 5. Each sweep: runs at least an interval apart across the cluster (never two within one
      // interval, whichever workers ran them), shared by the workers, kept up through the kill.
      const runs = await ds.query(
        `SELECT sweep, count(*)::int AS runs, count(DISTINCT worker)::int AS workers,
                count(*) FILTER (WHERE gap < interval_ms * interval '1 millisecond')::int AS too_close,
                (EXTRACT(EPOCH FROM min(gap)) * 1000)::int AS min_gap_ms,
                (EXTRACT(EPOCH FROM max(started_at) - min(started_at)) * 1000)::int AS span_ms,
                count(*) FILTER (WHERE finished_at IS NULL AND worker <> $1 AND started_at < now() - interval '5 seconds')::int AS unfinished,
                count(*) FILTER (WHERE outcome = 'failed')::int AS failed,
                count(*) FILTER (WHERE started_at > to_timestamp($2 / 1000.0))::int AS after_kill
           FROM (SELECT *, started_at - lag(started_at) OVER (PARTITION BY sweep ORDER BY started_at) AS gap FROM sweep_runs) r
          GROUP BY sweep ORDER BY sweep`,
        [firstWorkerId, killedAt.worker],
      );
      expect(runs.map((r: any) => r.sweep).sort()).toEqual([...SWEEPS].sort());
      const elapsed = Date.now() - startedAt;
      for (const r of runs) {
        expect({ sweep: r.sweep, tooClose: r.too_close, failed: r.failed, unfinished: r.unfinished }).toEqual({ sweep: r.sweep, tooClose: 0, failed: 0, unfinished: 0 });
        expect(r.min_gap_ms).toBeGreaterThanOrEqual(SWEEP_MS);
        // Once per interval, not once per replica: at most one run per interval of the span…
        expect(r.runs).toBeLessThanOrEqual(Math.floor(r.span_ms / SWEEP_MS) + 1);
        // …and the schedule kept (jitter, run time and a dead holder's lease make it a little slower).
        expect(r.runs).toBeGreaterThan(elapsed / SWEEP_MS / 3);
        expect(r.after_kill).toBeGreaterThan(0);
        expect(r.workers).toBeGreaterThanOrEqual(2);
      }
      // The workers that ran them: the first pair, then the restarted one.
      const [{ all }] = await ds.query(`SELECT array_agg(DISTINCT worker) AS all FROM sweep_runs`);
      expect(all).toEqual(expect.arrayContaining([firstWorkerId, workerId(workers[1]!), workerId(workers[0]!)]));
      // What the runs did is what the tables hold.
      const [did] = await ds.query(
        `SELECT (SELECT coalesce(sum((result->>'released')::int), 0) FROM sweep_runs WHERE sweep = 'release-idle-claims')::int AS released,
                (SELECT count(*) FROM sweep_runs WHERE sweep = 'audit-checkpoint' AND result->>'written' IS NOT NULL)::int AS checkpoint_runs,
                (SELECT count(*) FROM audit_checkpoints)::int AS checkpoints,
                (SELECT count(*) FROM sweep_runs WHERE sweep = 'dispatch-check' AND (result->>'built')::int > 0)::int AS dispatch_builds,
                (SELECT coalesce(sum((result->>'built')::int), 0) FROM sweep_runs WHERE sweep = 'dispatch-check')::int AS built,
                (SELECT count(*) FROM dispatch_reports WHERE built_by = 'monthly')::int AS monthly,
                (SELECT count(*) FROM jurisdictions WHERE level = 'county')::int AS counties`,
      );
      expect(did).toEqual({
        released: 1, checkpoint_runs: did.checkpoints, checkpoints: expect.any(Number), dispatch_builds: 1,
        built: did.counties, monthly: did.counties, counties: expect.any(Number),
      });
      expect(did.checkpoints).toBeGreaterThan(1);

      // 6. Nothing half-written; every chain and the latest checkpoint verify.
      expect(await checkConsistency(ds)).toMatchObject(CONSISTENT);
      const reviewer = await login('jijian.shi');
      const verify = await call(1, 'GET', '/api/audit/verify', reviewer);
      expect(verify.status).toBe(200);
      expect(verify.body.valid).toBe(true);
    } catch (e) {
      // eslint-disable-next-line no-console
      // What failed first: CI shows the head of a long output, and the children's lines are many.
      console.log(`failed: ${(e as Error)?.message ?? e}\n\nlast lines of the children:\n${tail.join('\n')}`);
      throw e;
    }
  }, 150000);
});
