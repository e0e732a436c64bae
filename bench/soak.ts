/**
 * Soak (issue 9, item 8; not CI): mixed load for --minutes with Redis stopped and started again
 * EMPTY twice, then every cause is matched to its effect in the database.
 *
 *   npm run build && node dist/bench/soak.js [--minutes 10] [--clients 6] [--redis-down-s 15]
 *     [--day-seconds 2] [--allowance-s 30] [--think-ms 20] [--max-open 150] [--logs DIR]
 *
 * Own database (casework_soak, migrations + demo seed), own redis-server on port 6391 without
 * persistence (a restart loses every queued and delayed job, as a crash would), the built api and
 * worker. WORKFLOW_TIME_SCALE makes a business day last --day-seconds, so notices, material and
 * objection deadlines and SLA clocks fire all through the run. The clients (bench/soak-load.ts) file
 * and walk cases of all three processes (bench/soak-cases.ts): housing renovation (registry identity
 * job, three notice deadlines, objections, corrections, national report job at handover), temporary
 * assistance (emergency lane with its relief/formalities clocks, normal lane with the notice
 * deadline, approval at three levels, charity referral job, disbursement job that records the
 * payment), legal aid (eligibility job, economic check, materials and objection deadlines, lawyer,
 * peer review); they claim and release tasks and read inboxes and case lists. At 1/3 and 2/3 of the
 * run Redis is shut down (SHUTDOWN NOSAVE) for --redis-down-s while the load goes on (the api keeps
 * accepting events; the outbox waits), then started again empty: the reconciler must fire the
 * deadlines and clock phases whose delayed jobs died with it. Then the system drains (outbox empty,
 * every deadline and clock due, no case waiting on a job) and bench/soak-ledger.ts reads the books.
 *
 * Prints one line per figure and a JSON summary; exits 1 when duplicates, lost, 5xx answers or
 * unanswered requests are not 0.
 */
import { mkdirSync } from 'node:fs';
import { arg, line, load, login, psql, round, rssPeakMb, startOwnSystem } from './common';
import { BenchClient } from './http-client';
import { PrivateRedis } from './private-redis';
import { SOAK_USERS } from './soak-cases';
import { books, drain, total } from './soak-ledger';
import { SoakLoad } from './soak-load';

const MINUTES = Number(arg('minutes', '10'));
const CLIENTS = Number(arg('clients', '6'));
const REDIS_DOWN_S = Number(arg('redis-down-s', '15'));
const DAY_SECONDS = Number(arg('day-seconds', '2'));
/** How late a deadline or SLA phase may fire before it counts as lost: the reconciler's grace and interval (5 s each) and a loaded machine. */
const ALLOWANCE_S = Number(arg('allowance-s', '30'));
const THINK_MS = Number(arg('think-ms', '20'));
const MAX_OPEN = Number(arg('max-open', '150'));
const LOGS = arg('logs', '');
const DB = 'casework_soak';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Outage {
  stoppedAtS: number;
  downS: number;
  acceptedWhileDown: number;
  healthDegradedAnswers: number;
  outboxPendingAtRestart: number;
}

/** Stops Redis at each fraction of the run, keeps it down while the load goes on, starts it empty. */
async function outages(redis: PrivateRedis, sys: { base: string; db: string }, traffic: SoakLoad, t0: number, stops: Date[]): Promise<Outage[]> {
  const out: Outage[] = [];
  for (const fraction of [1 / 3, 2 / 3]) {
    await sleep(Math.max(0, t0 + fraction * MINUTES * 60_000 - Date.now()));
    const acceptedBefore = traffic.acceptedWhileRedisDown;
    await redis.stop();
    const down = new Date();
    stops.push(down);
    traffic.redisDown = true;
    line(`soak: Redis stopped (SHUTDOWN NOSAVE) at ${round((down.getTime() - t0) / 1000)} s; ${traffic.open.size} open cases`);
    let degraded = 0;
    while (Date.now() - down.getTime() < REDIS_DOWN_S * 1000) {
      // Readiness says degraded while the events keep being accepted.
      const health = await fetch(`${sys.base}/api/health`).then((r) => r.status, () => 0);
      if (health === 503) degraded++;
      await sleep(1000);
    }
    const pending = Number(psql(sys.db, `SELECT count(*) FROM outbox WHERE dispatched_at IS NULL`));
    await redis.start();
    traffic.redisDown = false;
    const o = {
      stoppedAtS: round((down.getTime() - t0) / 1000), downS: round((Date.now() - down.getTime()) / 1000),
      acceptedWhileDown: traffic.acceptedWhileRedisDown - acceptedBefore, healthDegradedAnswers: degraded, outboxPendingAtRestart: pending,
    };
    out.push(o);
    line(`soak: Redis started again, empty, after ${o.downS} s: ${o.acceptedWhileDown} filings and events accepted meanwhile, ${pending} outbox rows waiting`);
  }
  return out;
}

export async function runSoak(): Promise<Record<string, any>> {
  if (LOGS) mkdirSync(LOGS, { recursive: true });
  const redis = new PrivateRedis(6391);
  await redis.stop(); // one left by an interrupted run
  await redis.start();
  // Interrupted: the api and worker get the terminal's SIGINT too, but the detached redis-server does not.
  process.once('SIGINT', () => {
    void redis.stop(); // its SHUTDOWN is sent synchronously
    process.exit(130);
  });
  const sys = await startOwnSystem(DB, 3206, { REDIS_URL: redis.url, WORKFLOW_TIME_SCALE: String(86400 / DAY_SECONDS) }, LOGS || undefined);
  const http = new BenchClient(sys.base, CLIENTS * 2);
  try {
    const tokens = Object.fromEntries(await Promise.all(SOAK_USERS.map(async (u) => [u, await login(sys.base, u)] as const)));
    const traffic = new SoakLoad(http, tokens, { clients: CLIENTS, thinkMs: THINK_MS, maxOpen: MAX_OPEN });
    const t0 = Date.now();
    const until = t0 + MINUTES * 60_000;
    const stops: Date[] = [];
    const progress = setInterval(() => {
      const e = traffic.tally.event;
      line(`soak: ${round((Date.now() - t0) / 60_000)} min: ${traffic.casesFiled} filed, ${traffic.open.size} open; events accepted ${e.accepted}, refused ${e.refused}, 5xx ${e.serverErrors} (load ${load()})`);
    }, 60_000);
    const [outageFigures] = await Promise.all([outages(redis, sys, traffic, t0, stops), traffic.run(until)]).finally(() => clearInterval(progress));
    const loadEnd = load();
    line(`soak: load stopped after ${round((Date.now() - t0) / 1000)} s (load ${loadEnd}); draining`);

    const drained = await drain(sys.db, ALLOWANCE_S);
    const b = books(sys.db, ALLOWANCE_S, traffic.acceptedByAction, traffic.unansweredByAction, stops);
    const t = traffic.tally;
    const accepted = t.file.accepted + t.event.accepted;
    const refused = t.file.refused + t.event.refused;
    const serverErrors = Object.values(t).reduce((n, x) => n + x.serverErrors, 0);
    const noAnswer = Object.values(t).reduce((n, x) => n + x.noAnswer, 0);
    const jobsDelivered = b.delivered.deadlinesFired + b.delivered.slaPhasesRecorded + b.delivered.registryLookupsApplied
      + b.delivered.paymentsMade + b.delivered.nationalReports + b.delivered.charityReferrals;
    const duplicates = total(b.duplicates);
    const lost = total(b.lost);
    const refusals = [...traffic.refusals.entries()].sort((x, y) => y[1].n - x[1].n);
    const summary = {
      minutes: MINUTES, clients: CLIENTS, daySeconds: DAY_SECONDS, allowanceS: ALLOWANCE_S, loadEnd, outages: outageFigures,
      casesFiled: t.file.accepted, eventsAccepted: accepted, eventsRefused: refused, serverErrors, noAnswer,
      requests: t, refusalsByKind: Object.fromEntries(refusals.map(([k, v]) => [k, v.n])),
      outbox: b.outbox, jobsDelivered, delivered: b.delivered, delayedJobsWiped: b.delayedJobsWiped, deadlineLatenessMs: b.timerLatenessMs,
      drain: { seconds: drained.seconds, quiet: drained.quiet, left: drained.left },
      duplicates, duplicatesByKind: b.duplicates, lost, lostByKind: b.lost,
      apiPeakRssMb: rssPeakMb(sys.api.pid), workerPeakRssMb: rssPeakMb(sys.worker.pid), errorSamples: traffic.errorSamples,
    };

    line(`soak ${MINUTES} min, ${CLIENTS} clients, a business day = ${DAY_SECONDS} s, Redis down twice (${outageFigures.map((o) => `${o.downS} s at ${o.stoppedAtS} s`).join(', ')})`);
    line(`events accepted (2xx filings + events): ${accepted} (${t.file.accepted} filings, ${t.event.accepted} events; ${outageFigures.reduce((n, o) => n + o.acceptedWhileDown, 0)} while Redis was down)`);
    line(`events refused (4xx): ${refused}${refusals.length ? ` — ${refusals.slice(0, 6).map(([k, v]) => `${k} ×${v.n}`).join(', ')}` : ''}`);
    line(`5xx answers: ${serverErrors}; no answer: ${noAnswer} (both must be 0)`);
    line(`claims / releases / reads accepted: ${t.claim.accepted} / ${t.release.accepted} / ${t.read.accepted} (claims refused ${t.claim.refused}, releases refused ${t.release.refused})`);
    line(`outbox rows written ${b.outbox.written}, delivered ${b.outbox.delivered}, still pending ${b.outbox.pending} (relayed more than once: ${b.outbox.relayedMoreThanOnce})`);
    line(`jobs delivered (effects): ${jobsDelivered} — ${Object.entries(b.delivered).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    line(`delayed jobs wiped with Redis (left to the reconciler): ${b.delayedJobsWiped}; deadline lateness p50 ${b.timerLatenessMs.p50} ms, p99 ${b.timerLatenessMs.p99} ms, max ${b.timerLatenessMs.max} ms`);
    line(`drain: ${drained.seconds} s, ${drained.quiet ? 'quiet' : `NOT quiet: ${JSON.stringify(drained.left)}`}`);
    line(`duplicates: ${duplicates} ${JSON.stringify(b.duplicates)} (must be 0)`);
    line(`lost: ${lost} ${JSON.stringify(b.lost)} (must be 0)`);
    for (const s of traffic.errorSamples.slice(0, 5)) line(`  error sample: ${s}`);
    return summary;
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
      process.exit(s.duplicates === 0 && s.lost === 0 && s.serverErrors === 0 && s.noAnswer === 0 ? 0 : 1);
    },
    (e) => {
      process.stderr.write(`soak failed: ${e.message}\n`);
      process.exit(1);
    },
  );
}
