/**
 * Soak (issue 9, item 8; not CI): mixed load for --minutes with Redis stopped and started again
 * empty twice, then every cause is matched to its effect in the database.
 *
 *   npm run build && node dist/bench/soak.js [--minutes 10] [--clients 8] [--redis-down-s 15]
 *
 * Own database (casework_soak), own redis-server on a spare port (no persistence: a restart loses
 * every queued and delayed job, as a crash would), the built api and worker. The clients file and
 * walk temporary-assistance cases (identity-check job, 公示 deadline, approval, disbursement job
 * that records a payment), emergency cases (先行救助 within the relief clock), legal-aid cases
 * (eligibility job, economic check, decision, lawyer), claim and release tasks, and read inboxes
 * and case lists. At 1/3 and 2/3 of the run Redis is shut down for --redis-down-s and started
 * again empty. Afterwards the system gets time to drain, and the figures come from the tables:
 *
 * - accepted: 2xx answers to filings and events; refused: 4xx (races between clients are
 *   expected: two clients may pick the same case); errors: 5xx or no answer (must be 0);
 * - delivered: outbox rows relayed to BullMQ; effects: deadlines fired, payments made, registry
 *   lookups answered;
 * - duplicates: a system event applied twice in the same state of one case, a deadline fired
 *   twice, a payment recorded twice (must be 0);
 * - lost: outbox rows never relayed, armed deadlines long past due, cases stuck in a state only a
 *   job moves them out of, running clocks long past due (must be 0).
 *
 * Exits 1 when duplicates, lost or errors are not 0.
 */
import { makeIdNumber } from '@app/registry';
import { arg, line, load, login, psql, round, rssPeakMb, startOwnSystem } from './common';
import { BenchClient } from './http-client';
import { PrivateRedis } from './private-redis';

const MINUTES = Number(arg('minutes', '10'));
const CLIENTS = Number(arg('clients', '8'));
const REDIS_DOWN_S = Number(arg('redis-down-s', '15'));
/** A notice period (7 days) lasts about 15 s of wall time; statutory clocks run as fast. */
const SCALE = (7 * 86400) / 15;
const VILLAGE = '370832001001';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];

function idNumberOf(n: number): string {
  return makeIdNumber(`3708321970${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (Math.floor(n / 12) % 28)).padStart(2, '0')}${String(Math.floor(n / 336) % 1000).padStart(3, '0')}`);
}

/** The next human step of a case in the paths this soak walks: [user, event, payload]. */
function nextStep(v: any): [string, string, Record<string, unknown>] | null {
  const now = new Date().toISOString();
  switch (`${v.processKey}/${v.state}`) {
    case 'temporary-assistance/township_review':
      return ['zhen.xiaolukou', 'SUBMIT_INVESTIGATION', { findings: '入户调查属实', recommendedAmount: 2000 }];
    case 'temporary-assistance/township_approval':
      return ['zhen.xiaolukou2', 'APPROVE', { amount: 2000 }];
    case 'temporary-assistance/emergency_relief':
      return ['zhen.xiaolukou', 'GRANT_FIRST_RELIEF', { amount: 1000, form: 'cash', grantedAt: now }];
    case 'temporary-assistance/supplement_formalities':
      return ['zhen.xiaolukou', 'SUBMIT_FORMALITIES', { investigationReport: '入户核实属实', documents: ['入户调查表'] }];
    case 'temporary-assistance/post_review':
      return ['zhen.xiaolukou2', 'CONFIRM_RELIEF', { note: '手续齐全，确认救助' }];
    case 'legal-aid/economic_review':
      return ['xian.liangshan.fayuan', 'ECONOMIC_CHECK', { passed: true, method: 'data_check', note: '低收入家庭核对通过' }];
    case 'legal-aid/acceptance_review':
      return ['xian.liangshan.fayuan', 'GRANT_AID', { decisionNo: `梁法援决〔2026〕${Math.floor(Math.random() * 1e6)}号` }];
    case 'legal-aid/assignment':
      return ['xian.liangshan.fayuan', 'ASSIGN_LAWYER', { lawyer: 'lvshi.wang' }];
    default:
      return null;
  }
}

export async function runSoak(): Promise<Record<string, unknown>> {
  const redis = new PrivateRedis(6391);
  await redis.start();
  const sys = await startOwnSystem('casework_soak', 3206, { REDIS_URL: redis.url, WORKFLOW_TIME_SCALE: String(SCALE) });
  const http = new BenchClient(sys.base, CLIENTS * 2);
  const counts = { filed: 0, accepted: 0, refused: 0, errors: 0, reads: 0, claims: 0, releases: 0, healthDown: 0 };
  const errors: string[] = [];
  const restarts: Array<{ at: number; downSeconds: number }> = [];
  try {
    const users = ['cun.yannali', 'zhen.xiaolukou', 'zhen.xiaolukou2', 'xian.liangshan.fayuan', 'xian.liangshan.minzheng'];
    const tokens = Object.fromEntries(await Promise.all(users.map(async (u) => [u, await login(sys.base, u)] as const)));
    const open: string[] = [];
    let n = 0;
    const t0 = Date.now();
    const until = t0 + MINUTES * 60_000;
    const tally = (status: number, what: string) => {
      if (status >= 200 && status < 300) counts.accepted++;
      else if (status >= 400 && status < 500) counts.refused++;
      else {
        counts.errors++;
        if (errors.length < 20) errors.push(`${what}: ${status}`);
      }
    };
    const send = async (what: string, call: () => Promise<{ status: number; text: string }>) => {
      try {
        const res = await call();
        tally(res.status, what);
        return res;
      } catch (e) {
        tally(0, `${what} ${(e as Error).message}`);
        return undefined;
      }
    };

    const file = async () => {
      const kind = pick(['normal', 'normal', 'emergency', 'legal']);
      const applicant = { name: '压测申请人', idNumber: idNumberOf(n++) };
      const body = kind === 'legal'
        ? { processKey: 'legal-aid', villageCode: VILLAGE, applicant, data: { matterType: 'wage_arrears', summary: '被拖欠工资', opposingParty: '某公司' } }
        : { processKey: 'temporary-assistance', villageCode: VILLAGE, applicant,
            data: { hardshipType: 'sudden_illness', urgency: kind === 'emergency' ? 'emergency' : 'normal', description: '突发重病住院', requestedAmount: kind === 'emergency' ? 1000 : 2000 } };
      const res = await send('file', () => http.post('/api/cases', tokens['cun.yannali'], body));
      if (res?.status === 201) {
        counts.filed++;
        open.push(JSON.parse(res.text).id);
      }
    };
    const advance = async () => {
      if (open.length === 0) return;
      const i = Math.floor(Math.random() * open.length);
      const id = open[i];
      const view = await http.get(`/api/cases/${id}`, tokens['xian.liangshan.minzheng']);
      counts.reads++;
      if (view.status !== 200) return;
      const v = JSON.parse(view.text);
      if (v.closedAt || ['closed', 'rejected', 'withdrawn', 'denied', 'in_service'].includes(v.state)) {
        open.splice(i, 1); // done here; the rest of its life is jobs and lawyers
        return;
      }
      const step = nextStep(v);
      if (!step) return; // waiting for a job or a deadline
      const [user, type, payload] = step;
      await send(type, () => http.post(`/api/cases/${id}/events`, tokens[user], { type, payload }));
    };
    const claimAndRelease = async () => {
      const inbox = await http.get('/api/tasks?limit=20', tokens['zhen.xiaolukou2']);
      counts.reads++;
      if (inbox.status !== 200) return;
      const items = JSON.parse(inbox.text).items.filter((t: any) => t.status === 'open');
      if (items.length === 0) return;
      const task = pick(items) as { id: string };
      const claimed = await send('claim', () => http.post(`/api/tasks/${task.id}/claim`, tokens['zhen.xiaolukou2'], {}));
      if (claimed?.status === 200) {
        counts.claims++;
        const released = await send('release', () => http.post(`/api/tasks/${task.id}/release`, tokens['zhen.xiaolukou2'], {}));
        if (released?.status === 200) counts.releases++;
      }
    };
    const read = async () => {
      const res = await http.get(pick(['/api/tasks', '/api/cases?processKey=temporary-assistance&state=township_review', '/api/cases?lane=emergency']), tokens['xian.liangshan.minzheng']);
      counts.reads++;
      if (res.status >= 500) tally(res.status, 'read');
    };

    // Redis goes away twice while the load runs.
    const chaos = (async () => {
      for (const fraction of [1 / 3, 2 / 3]) {
        await sleep(Math.max(0, t0 + fraction * MINUTES * 60_000 - Date.now()));
        const at = round((Date.now() - t0) / 1000);
        await redis.stop();
        line(`soak: Redis stopped at ${at} s (filed ${counts.filed}, accepted ${counts.accepted})`);
        const down = Date.now();
        while (Date.now() - down < REDIS_DOWN_S * 1000) {
          if ((await fetch(`${sys.base}/api/health`)).status === 503) counts.healthDown++;
          await sleep(1000);
        }
        await redis.start();
        restarts.push({ at, downSeconds: round((Date.now() - down) / 1000) });
        line(`soak: Redis started again, empty, after ${round((Date.now() - down) / 1000)} s`);
      }
    })();
    let lastReport = Date.now();
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < until) {
        const r = Math.random();
        if (r < 0.25 || open.length < CLIENTS) await file();
        else if (r < 0.8) await advance();
        else if (r < 0.9) await claimAndRelease();
        else await read();
        if (Date.now() - lastReport > 60_000) {
          lastReport = Date.now();
          line(`soak: ${round((Date.now() - t0) / 60000)} min: filed ${counts.filed}, accepted ${counts.accepted}, refused ${counts.refused}, errors ${counts.errors} (load ${load()})`);
        }
      }
    }));
    await chaos;

    // Drain: no new work; jobs, deadlines and the reconciler catch up.
    const drainUntil = Date.now() + 120_000;
    const pending = () => Number(psql(sys.db, `SELECT (SELECT count(*) FROM outbox WHERE dispatched_at IS NULL)
      + (SELECT count(*) FROM case_timers WHERE status = 'armed' AND due_at < now())
      + (SELECT count(*) FROM cases WHERE state IN ('identity_check','eligibility_check','disbursement'))`));
    while (Date.now() < drainUntil && pending() > 0) await sleep(2000);
    await sleep(5000);

    const q = (sql: string) => Number(psql(sys.db, sql));
    const figures = {
      minutes: MINUTES, clients: CLIENTS, redisRestarts: restarts, healthAnswered503WhileRedisDown: counts.healthDown,
      filed: counts.filed, accepted: counts.accepted, refused: counts.refused, errors: counts.errors,
      reads: counts.reads, claims: counts.claims, releases: counts.releases,
      outboxRows: q(`SELECT count(*) FROM outbox`),
      delivered: q(`SELECT count(*) FROM outbox WHERE dispatched_at IS NOT NULL`),
      deadlinesFired: q(`SELECT count(*) FROM case_timers WHERE status = 'fired'`),
      payments: q(`SELECT count(*) FROM payments`),
      // Legal aid's eligibility lookup (temporary assistance has none; housing is not in this mix).
      registryLookups: q(`SELECT count(*) FROM audit_entries WHERE actor_id IS NULL AND from_state IN ('identity_check','eligibility_check')`),
      duplicates: {
        systemEventTwiceInOneState: q(`SELECT count(*) FROM (SELECT 1 FROM audit_entries WHERE actor_id IS NULL AND action NOT LIKE 'SLA_%' AND case_id IS NOT NULL
          GROUP BY case_id, action, from_state, to_state HAVING count(*) > 1) d`),
        deadlineFiredTwice: q(`SELECT count(*) FROM (SELECT 1 FROM audit_entries WHERE payload ? '_timerId' GROUP BY payload->>'_timerId' HAVING count(*) > 1) d`),
        paymentsPerCaseAboveOne: q(`SELECT count(*) FROM (SELECT 1 FROM payments GROUP BY case_id HAVING count(*) > 1) d`),
        clockPhaseTwice: q(`SELECT count(*) FROM (SELECT 1 FROM audit_entries WHERE action LIKE 'SLA_%' GROUP BY case_id, action, payload->>'clock', payload->>'startedAt' HAVING count(*) > 1) d`),
      },
      lost: {
        outboxNeverDelivered: q(`SELECT count(*) FROM outbox WHERE dispatched_at IS NULL`),
        deadlinesPastDueStillArmed: q(`SELECT count(*) FROM case_timers WHERE status = 'armed' AND due_at < now() - interval '30 seconds'`),
        // States only a job moves a case out of.
        casesStuckInJobStates: q(`SELECT count(*) FROM cases WHERE state IN ('identity_check','eligibility_check','disbursement') AND updated_at < now() - interval '30 seconds'`),
        paidStateWithoutPayment: q(`SELECT count(*) FROM cases c WHERE c.process_key = 'temporary-assistance' AND c.outcome = 'paid' AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.case_id = c.id)`),
        clocksPastDueStillRunning: q(`SELECT count(*) FROM sla_clocks WHERE stopped_at IS NULL AND status <> 'breached' AND due_at < now() - interval '30 seconds'`),
      },
      apiPeakRssMb: rssPeakMb(sys.api.pid), workerPeakRssMb: rssPeakMb(sys.worker.pid),
      errorSamples: errors,
    };
    const duplicates = Object.values(figures.duplicates).reduce((a, b) => a + b, 0);
    const lost = Object.values(figures.lost).reduce((a, b) => a + b, 0);
    line(`soak ${MINUTES} min, ${CLIENTS} clients, Redis restarted ${restarts.length}×: filed ${figures.filed}; events and filings accepted ${figures.accepted}, refused ${figures.refused}, errors ${figures.errors}`);
    line(`soak jobs: outbox ${figures.outboxRows} rows, delivered ${figures.delivered}; deadlines fired ${figures.deadlinesFired}, payments ${figures.payments}, registry lookups ${figures.registryLookups}`);
    line(`soak duplicates: ${duplicates} ${JSON.stringify(figures.duplicates)}`);
    line(`soak lost: ${lost} ${JSON.stringify(figures.lost)}`);
    return { ...figures, duplicatesTotal: duplicates, lostTotal: lost };
  } finally {
    http.close();
    sys.stop();
    await redis.stop();
  }
}

if (require.main === module) {
  runSoak().then(
    (s) => {
      line(JSON.stringify({ soak: s }));
      process.exit(s.duplicatesTotal === 0 && s.lostTotal === 0 && s.errors === 0 ? 0 : 1);
    },
    (e) => {
      process.stderr.write(`soak failed: ${e.message}\n`);
      process.exit(1);
    },
  );
}
