/**
 * Sustained events at 16 clients against the database's own ceiling.
 *
 *   npm run build && node dist/bench/throughput.js [--seconds 30] [--clients 16] [--cases 20000]
 *
 * Own database (casework_throughput) with the built api and worker. Files --cases temporary-assistance
 * cases first, then sends SUBMIT_INVESTIGATION (lock, authorize, transition, case + audit + tasks +
 * deadline + outbox in one transaction) to them from --clients concurrent clients for --seconds.
 * In the same run, on the same PostgreSQL (settings untouched, synchronous_commit as configured):
 * `pgbench -i -s 10` on a separate database and `pgbench -c 16 -j 2 -T 30`. Prints events/s,
 * p50/p99, the ratio events/s ÷ pgbench tps, and the api and worker peak RSS (VmHWM).
 */
import { execFileSync } from 'node:child_process';
import { makeIdNumber } from '@app/registry';
import { PG, arg, cpuSeconds, freshDatabase, line, load, login, percentile, psql, round, rssPeakMb, startOwnSystem } from './common';
import { BenchClient, expectStatus } from './http-client';

const SECONDS = Number(arg('seconds', '30'));
const CLIENTS = Number(arg('clients', '16'));
const CASES = Number(arg('cases', '20000'));

function idNumberOf(n: number): string {
  const first17 = `3708321960${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (Math.floor(n / 12) % 28)).padStart(2, '0')}${String(Math.floor(n / 336) % 1000).padStart(3, '0')}`;
  return makeIdNumber(first17);
}

export async function runThroughput(): Promise<Record<string, unknown>> {
  const sys = await startOwnSystem('casework_throughput', 3201);
  const summary: Record<string, unknown> = { clients: CLIENTS, seconds: SECONDS, loadBefore: load() };
  const http = new BenchClient(sys.base, CLIENTS);
  try {
    const clerk = await login(sys.base, 'cun.yannali');
    const officer = await login(sys.base, 'zhen.xiaolukou');
    const ids: string[] = [];
    let next = 0;
    const tFile = Date.now();
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (next < CASES) {
        const n = next++;
        const r = await expectStatus(http.post('/api/cases', clerk, {
          processKey: 'temporary-assistance', villageCode: '370832001001',
          applicant: { name: '压测申请人', idNumber: idNumberOf(n) },
          data: { hardshipType: 'expenditure', urgency: 'normal', description: '压测', requestedAmount: 2000 },
        }), 201);
        ids.push(r.body.id);
      }
    }));
    const filingPerSecond = round(ids.length / ((Date.now() - tFile) / 1000));
    line(`throughput filing (preparation) c=${CLIENTS}: n=${ids.length} ${filingPerSecond}/s`);

    const latencies: number[] = [];
    let cursor = 0;
    const who = { api: /apps\/api\/src\/main/, worker: /apps\/worker\/src\/main/, postgres: new RegExp(`postgres: .* ${sys.db} `) };
    const cpuBefore = Object.fromEntries(Object.entries(who).map(([k, re]) => [k, cpuSeconds(re)]));
    const ownBefore = process.cpuUsage();
    const t0 = Date.now();
    const until = t0 + SECONDS * 1000;
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < until && cursor < ids.length) {
        const id = ids[cursor++];
        const r = await expectStatus(http.post(`/api/cases/${id}/events`, officer, {
          type: 'SUBMIT_INVESTIGATION', payload: { findings: '入户调查属实', recommendedAmount: 2000 },
        }), 200);
        latencies.push(r.ms);
      }
    }));
    const seconds = (Date.now() - t0) / 1000;
    const own = process.cpuUsage(ownBefore);
    // Where the two cores went, per answered event (ms of CPU).
    const cpuMsPerEvent = Object.fromEntries([
      ...Object.entries(who).map(([k, re]) => [k, round(((cpuSeconds(re) - cpuBefore[k]) * 1000) / latencies.length, 2)]),
      ['loadGenerator', round((own.user + own.system) / 1000 / latencies.length, 2)],
    ]);
    latencies.sort((a, b) => a - b);
    const eventsPerSecond = round(latencies.length / seconds);
    summary.loadDuringEvents = load();
    if (cursor >= ids.length && seconds < SECONDS) line(`throughput WARNING: ran out of cases after ${round(seconds)} s; raise --cases`);
    // Durable when answered: every answered event is in the database (the answer came after COMMIT).
    const stored = Number(psql(sys.db, `SELECT count(*) FROM audit_entries WHERE action = 'SUBMIT_INVESTIGATION'`));
    Object.assign(summary, {
      events: latencies.length, eventSeconds: round(seconds), eventsPerSecond, filingPerSecond,
      p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)), max: round(latencies[latencies.length - 1] ?? NaN),
      answeredAndStored: stored >= latencies.length,
      apiPeakRssMb: rssPeakMb(sys.api.pid), workerPeakRssMb: rssPeakMb(sys.worker.pid), cpuMsPerEvent,
    });
    line(`events c=${CLIENTS}: n=${latencies.length} in ${round(seconds)} s → ${eventsPerSecond} events/s p50=${summary.p50} ms p99=${summary.p99} ms max=${summary.max} ms (load ${summary.loadDuringEvents})`);
    line(`events CPU per event (ms): ${Object.entries(cpuMsPerEvent).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    line(`events durable: ${stored} SUBMIT_INVESTIGATION audit entries stored for ${latencies.length} answered`);
    line(`memory: api peak RSS ${summary.apiPeakRssMb} MB, worker peak RSS ${summary.workerPeakRssMb} MB`);
  } finally {
    http.close();
    sys.stop();
  }

  // The ceiling: pgbench TPC-B on the same server, same settings.
  const pgdb = 'casework_pgbench';
  freshDatabase(pgdb);
  execFileSync('pgbench', ['-i', '-q', '-s', '10', `${PG}/${pgdb}`], { stdio: 'ignore' });
  const syncCommit = psql(pgdb, 'SHOW synchronous_commit');
  const loadBeforePg = load();
  const out = execFileSync('pgbench', ['-c', '16', '-j', '2', '-T', '30', `${PG}/${pgdb}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1] ?? /tps = ([\d.]+)/.exec(out)?.[1]);
  const lat = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]);
  psql('postgres', `DROP DATABASE IF EXISTS ${pgdb} WITH (FORCE)`);
  const ratio = round((summary.eventsPerSecond as number) / tps, 3);
  Object.assign(summary, { pgbenchTps: round(tps), pgbenchLatencyAvgMs: lat, synchronousCommit: syncCommit, ratio, loadBeforePgbench: loadBeforePg });
  line(`pgbench -c 16 -j 2 -T 30 (scale 10, synchronous_commit=${syncCommit}): ${round(tps)} tps, latency avg ${lat} ms (load before ${loadBeforePg})`);
  line(`events/s ÷ pgbench tps = ${summary.eventsPerSecond} / ${round(tps)} = ${ratio} (target ≥ 0.30, p99 ≤ 100 ms, api RSS ≤ 300 MB)`);
  return summary;
}

if (require.main === module) {
  runThroughput().then((s) => line(JSON.stringify({ throughput: s })), (e) => {
    process.stderr.write(`bench failed: ${e.message}\n`);
    process.exit(1);
  });
}
