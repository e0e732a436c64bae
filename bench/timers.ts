/**
 * Deadlines under the time scale: how late each fires, and none lost across a worker restart.
 *
 *   npm run build && node dist/bench/timers.js [--deadlines 10000] [--delay-s 60] [--clients 16]
 *
 * Own database (casework_timers) with the built api and worker. Each case is filed and sent
 * SUBMIT_INVESTIGATION, which enters 公示 (notice) and arms the NOTICE_PERIOD_ENDED deadline
 * (TEMP_ASSIST_NOTICE_DAYS=7 business days; WORKFLOW_TIME_SCALE is chosen so that is --delay-s
 * seconds of wall time). When half of the deadlines are due, the worker is killed (SIGKILL, no
 * graceful shutdown) and started again after --restart-pause-ms (default 0: a supervisor restarts
 * it at once; the worker boots in about 0.6 s here). Deadlines due while it was down are reported
 * apart as well, since their lateness is the downtime itself. Lateness of each = closed_at − due_at (both stamped by
 * PostgreSQL / the engine); lost = still armed well after due. The reconciler's defaults
 * (RECONCILE_INTERVAL_MS, RECONCILE_GRACE_MS) are left as configured.
 */
import { makeIdNumber } from '@app/registry';
import { arg, line, load, login, percentile, psql, round, startOwnSystem } from './common';
import { BenchClient, expectStatus } from './http-client';

const DEADLINES = Number(arg('deadlines', '10000'));
const DELAY_S = Number(arg('delay-s', '60'));
const CLIENTS = Number(arg('clients', '16'));
const NOTICE_DAYS = 7;
const RESTART_PAUSE_MS = Number(arg('restart-pause-ms', '0'));

function idNumberOf(n: number): string {
  const first17 = `3708321950${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (Math.floor(n / 12) % 28)).padStart(2, '0')}${String(Math.floor(n / 336) % 1000).padStart(3, '0')}`;
  return makeIdNumber(first17);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runTimers(): Promise<Record<string, unknown>> {
  const scale = (NOTICE_DAYS * 86400) / DELAY_S;
  const sys = await startOwnSystem('casework_timers', 3204, { WORKFLOW_TIME_SCALE: String(scale), TEMP_ASSIST_NOTICE_DAYS: String(NOTICE_DAYS) });
  const http = new BenchClient(sys.base, CLIENTS);
  try {
    const clerk = await login(sys.base, 'cun.yannali');
    const officer = await login(sys.base, 'zhen.xiaolukou');
    let next = 0;
    const t0 = Date.now();
    let restarted = false;
    let down: { from: Date; to: Date } | undefined;
    const count = (status: string) => Number(psql(sys.db, `SELECT count(*) FROM case_timers WHERE status = '${status}' AND event_type = 'NOTICE_PERIOD_ENDED'`));
    // Restart the worker once about half of the deadlines have fired, while arming may still go on.
    const restarter = (async () => {
      while (!restarted) {
        await sleep(1000);
        if (count('fired') >= DEADLINES / 2) {
          const from = new Date();
          sys.worker.kill('SIGKILL');
          await sleep(RESTART_PAUSE_MS);
          sys.worker = sys.startWorker();
          down = { from, to: new Date() };
          restarted = true;
          line(`timers: worker killed (SIGKILL) and restarted after ${round((Date.now() - t0) / 1000)} s with ${count('fired')} fired`);
        }
      }
    })();
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (next < DEADLINES) {
        const n = next++;
        const { body: filed } = await expectStatus(http.post('/api/cases', clerk, {
          processKey: 'temporary-assistance', villageCode: '370832001001',
          applicant: { name: '压测申请人', idNumber: idNumberOf(n) },
          data: { hardshipType: 'expenditure', urgency: 'normal', description: '压测', requestedAmount: 2000 },
        }), 201);
        await expectStatus(http.post(`/api/cases/${filed.id}/events`, officer, { type: 'SUBMIT_INVESTIGATION', payload: { findings: '入户调查属实', recommendedAmount: 2000 } }), 200);
      }
    }));
    const armSeconds = round((Date.now() - t0) / 1000);
    const loadArming = load();
    line(`timers: ${DEADLINES} deadlines armed in ${armSeconds} s (each due ${DELAY_S} s after arming; scale ${round(scale)}; load ${loadArming})`);
    // Wait for the last deadline plus generous slack; a restart must have happened by then.
    const waitUntil = Date.now() + DELAY_S * 1000 + 60_000;
    while (Date.now() < waitUntil && (count('armed') > 0 || !restarted)) await sleep(1000);
    restarted = true;
    await restarter;
    const lateness = psql(sys.db, `SELECT extract(epoch FROM closed_at - due_at) * 1000 FROM case_timers WHERE status = 'fired' AND event_type = 'NOTICE_PERIOD_ENDED' ORDER BY 1`)
      .split('\n').filter(Boolean).map(Number);
    const armed = count('armed');
    // Deadlines due from the kill until the new worker had been running for 2 s (boot and backlog).
    const aroundRestart = down
      ? psql(sys.db, `SELECT extract(epoch FROM closed_at - due_at) * 1000 FROM case_timers WHERE status = 'fired' AND event_type = 'NOTICE_PERIOD_ENDED'
          AND due_at BETWEEN '${down.from.toISOString()}' AND '${new Date(down.to.getTime() + 2000).toISOString()}' ORDER BY 1`).split('\n').filter(Boolean).map(Number)
      : [];
    const lost = Number(psql(sys.db, `SELECT count(*) FROM case_timers WHERE status = 'armed' AND event_type = 'NOTICE_PERIOD_ENDED' AND due_at < now() - interval '30 seconds'`));
    const summary = {
      deadlines: DEADLINES, fired: lateness.length, stillArmed: armed, lost, armSeconds, delaySeconds: DELAY_S, scale: round(scale),
      p50Ms: round(percentile(lateness, 50)), p99Ms: round(percentile(lateness, 99)), maxMs: round(lateness[lateness.length - 1] ?? NaN), loadArming,
      restartPauseMs: RESTART_PAUSE_MS, dueAroundRestart: aroundRestart.length, aroundRestartP99Ms: round(percentile(aroundRestart, 99)),
      aroundRestartMaxMs: round(aroundRestart[aroundRestart.length - 1] ?? NaN),
    };
    line(`timers lateness: n=${lateness.length} p50=${summary.p50Ms} ms p99=${summary.p99Ms} ms max=${summary.maxMs} ms (target p99 ≤ 2000 ms)`);
    line(`timers due around the restart (kill → new worker up + 2 s): n=${aroundRestart.length} p99=${summary.aroundRestartP99Ms} ms max=${summary.aroundRestartMaxMs} ms`);
    line(`timers lost: ${lost} (still armed ${armed}; target 0)`);
    return summary;
  } finally {
    http.close();
    sys.stop();
  }
}

if (require.main === module) {
  runTimers().then((s) => line(JSON.stringify({ timers: s })), (e) => {
    process.stderr.write(`bench failed: ${e.message}\n`);
    process.exit(1);
  });
}
