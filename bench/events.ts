/**
 * Event latency and throughput over HTTP, at 1 and 16 concurrent clients.
 *
 *   npm run build && node dist/bench/events.js [--per-level 400] [--base http://host:port]
 *
 * Without --base it creates its own database (casework_bench), migrates and seeds it, and starts
 * the built api and worker (WORKFLOW_TIME_SCALE=1, so no deadline fires during the run). Each level
 * files N temporary-assistance cases (POST /api/cases: one transaction with the audit entry, task,
 * clocks and outbox) and then sends SUBMIT_INVESTIGATION to each (POST /api/cases/:id/events: lock,
 * authorize, transition, case + audit + tasks + deadline + outbox). Prints one line per figure and
 * a JSON summary. Every answered request is committed (synchronous_commit as configured).
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeIdNumber } from '@app/registry';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const PER_LEVEL = Number(arg('per-level', '400'));
const LEVELS = arg('levels', '1,16').split(',').map(Number);
const PASSWORD = process.env.DEMO_PASSWORD || 'Demo#2026';
const ROOT = join(__dirname, '..', '..');

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return ((await res.json()) as any).accessToken;
}

async function timed(fn: () => Promise<Response>, expect: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  const res = await fn();
  await res.arrayBuffer();
  if (res.status !== expect) throw new Error(`unexpected ${res.status}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Runs `tasks` with `concurrency` workers; returns latencies (ms) and wall time (s). */
async function pool(concurrency: number, tasks: Array<() => Promise<number>>) {
  const latencies: number[] = [];
  let next = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tasks.length) latencies.push(await tasks[next++]());
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), seconds: (Date.now() - t0) / 1000 };
}

function rssPeakMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

async function startOwnSystem(): Promise<{ base: string; api: ChildProcess; worker: ChildProcess }> {
  const db = 'casework_bench';
  const admin = 'postgres://postgres@127.0.0.1:5432/postgres';
  execFileSync('psql', [admin, '-qc', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`]);
  execFileSync('psql', [admin, '-qc', `CREATE DATABASE ${db}`]);
  const env = {
    ...process.env, NODE_ENV: 'development', DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${db}`, PORT: '3199',
    QUEUE_PREFIX: 'bench', WORKFLOW_TIME_SCALE: '1', DB_POOL_SIZE: '20',
  };
  execFileSync(process.execPath, [join(ROOT, 'dist/libs/db/src/migrate.js')], { env, stdio: 'ignore' });
  execFileSync(process.execPath, [join(ROOT, 'dist/seeds/demo.js')], { env, stdio: 'ignore' });
  const api = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], { env, stdio: 'ignore' });
  const worker = spawn(process.execPath, [join(ROOT, 'dist/apps/worker/src/main.js')], { env, stdio: 'ignore' });
  const base = 'http://127.0.0.1:3199';
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { base, api, worker };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('api did not start');
}

async function main() {
  const own = args.includes('--base') ? undefined : await startOwnSystem();
  const base = own?.base ?? arg('base', '');
  try {
    const clerk = await login(base, 'cun.yannali');
    const officer = await login(base, 'zhen.xiaolukou');
    const summary: Record<string, unknown> = { date: new Date().toISOString(), perLevel: PER_LEVEL, cpus: require('node:os').cpus().length };
    let serial = 0;
    for (const c of LEVELS) {
      const ids: string[] = [];
      const filings = Array.from({ length: PER_LEVEL }, () => {
        const n = serial++;
        const first17 = `3708321970${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (Math.floor(n / 12) % 28)).padStart(2, '0')}${String(Math.floor(n / 336) % 1000).padStart(3, '0')}`;
        return () => timed(async () => {
          const res = await fetch(`${base}/api/cases`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${clerk}` },
            body: JSON.stringify({
              processKey: 'temporary-assistance', villageCode: '370832001001',
              applicant: { name: '压测申请人', idNumber: makeIdNumber(first17) },
              data: { hardshipType: 'expenditure', urgency: 'normal', description: '压测', requestedAmount: 2000 },
            }),
          });
          const body = (await res.clone().json()) as any;
          if (body.id) ids.push(body.id);
          return res;
        }, 201);
      });
      const filed = await pool(c, filings);
      const events = ids.map((id) => () => timed(() => fetch(`${base}/api/cases/${id}/events`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${officer}` },
        body: JSON.stringify({ type: 'SUBMIT_INVESTIGATION', payload: { findings: '入户调查属实', recommendedAmount: 2000 } }),
      }), 200));
      const sent = await pool(c, events);
      for (const [name, r] of [['filing', filed], ['event', sent]] as const) {
        const line = {
          p50: +percentile(r.latencies, 50).toFixed(1), p99: +percentile(r.latencies, 99).toFixed(1),
          max: +r.latencies[r.latencies.length - 1].toFixed(1), perSecond: +(r.latencies.length / r.seconds).toFixed(1),
        };
        summary[`${name}_c${c}`] = line;
        process.stdout.write(`${name} c=${c}: n=${r.latencies.length} p50=${line.p50} ms p99=${line.p99} ms max=${line.max} ms throughput=${line.perSecond}/s\n`);
      }
    }
    summary.apiPeakRssMb = rssPeakMb(own?.api.pid);
    summary.workerPeakRssMb = rssPeakMb(own?.worker.pid);
    process.stdout.write(`api peak RSS ${summary.apiPeakRssMb} MB, worker peak RSS ${summary.workerPeakRssMb} MB\n`);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    own?.api.kill('SIGTERM');
    own?.worker.kill('SIGTERM');
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err.message}\n`);
  process.exit(1);
});
