/**
 * Shared by the benchmarks: an own database with the built api and worker, login, timing, percentiles,
 * peak RSS. Kept apart from events.ts so each benchmark stays a small script that prints its figures.
 */
import { environment } from '../libs/settings/src';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { generateSecrets } from '../libs/engine/src/secrets';

export const ROOT = join(__dirname, '..', '..');
export const PASSWORD = environment().DEMO_PASSWORD || 'Demo#2026';
export const PG = environment().BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';

export function arg(name: string, fallback: string): string {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const round = (n: number, d = 1) => +n.toFixed(d);

/** The load when measuring: the machine is shared, so every figure carries it. */
export function load(): string {
  return loadavg().map((l) => l.toFixed(2)).join(' ');
}

export function psql(db: string, sql: string): string {
  return execFileSync('psql', [`${PG}/${db}`, '-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', 'SET client_min_messages = warning', '-c', sql], { encoding: 'utf8', maxBuffer: 1 << 28 }).trim();
}

export function freshDatabase(db: string): void {
  psql('postgres', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  psql('postgres', `CREATE DATABASE ${db}`);
}

export async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return ((await res.json()) as any).accessToken;
}

export function rssPeakMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/**
 * CPU seconds (user + system) used so far by the live processes whose command line matches: the
 * api, the worker, the PostgreSQL backends of one database. Differences over a phase say who spent
 * the two cores. With `kernelOnly`, the system time alone (syscalls: socket writes and reads).
 */
export function cpuSeconds(commandLine: RegExp | number, kernelOnly = false): number {
  let total = 0;
  for (const seconds of cpuSecondsByPid(commandLine, kernelOnly).values()) total += seconds;
  return total;
}

/** cpuSeconds per live process: for processes that end within the phase measured, sample it while they run. */
export function cpuSecondsByPid(commandLine: RegExp | number, kernelOnly = false): Map<string, number> {
  const byPid = new Map<string, number>();
  // A pid (the api or worker this bench started): other sessions' api processes on a shared machine
  // match the same command line and would be counted too.
  const pids = typeof commandLine === 'number' ? [String(commandLine)] : readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  for (const pid of pids) {
    try {
      if (typeof commandLine !== 'number' && !commandLine.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      byPid.set(pid, ((kernelOnly ? 0 : Number(fields[11])) + Number(fields[12])) / 100);
    } catch {
      /* the process ended meanwhile */
    }
  }
  return byPid;
}

export interface OwnSystem {
  db: string;
  base: string;
  env: NodeJS.ProcessEnv;
  api: ChildProcess;
  worker: ChildProcess;
  startWorker(): ChildProcess;
  stop(): void;
}

/**
 * A migrated, seeded database of its own and the built api and worker on it. With `logDir`, their
 * output is appended to api.log and worker.log there (else it is dropped).
 */
export async function startOwnSystem(db: string, port: number, extraEnv: Record<string, string> = {}, logDir?: string): Promise<OwnSystem> {
  freshDatabase(db);
  const env: NodeJS.ProcessEnv = {
    // Secrets of its own per run (there are no defaults); DEMO_MODE lets the demo seed run.
    ...generateSecrets(), ...environment(), NODE_ENV: 'development', DEMO_MODE: '1', DATABASE_URL: `${PG}/${db}`, PORT: String(port),
    // A prefix of its own per run: job ids (ob-<outbox id>) restart with the fresh database, and
    // BullMQ would drop them as duplicates of an earlier run's jobs still in Redis.
    QUEUE_PREFIX: `bench-${db}-${Date.now().toString(36)}`,
    // The figures are Redis's: without REDIS_URL the queues would move to PostgreSQL (QUEUE_BACKEND).
    REDIS_URL: environment().REDIS_URL || 'redis://127.0.0.1:6379', WORKFLOW_TIME_SCALE: '1', DB_POOL_SIZE: '20', ...extraEnv,
  };
  execFileSync(process.execPath, [join(ROOT, 'dist/libs/db/src/migrate.js')], { env, stdio: 'ignore' });
  execFileSync(process.execPath, [join(ROOT, 'dist/seeds/demo.js')], { env, stdio: 'ignore' });
  const launch = (script: string, name: string) => {
    const fd = logDir ? openSync(join(logDir, `${name}.log`), 'a') : undefined;
    // BENCH_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) goes to the api and worker: profile first.
    const nodeArgs = (environment().BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, join(ROOT, script)], { env, stdio: fd === undefined ? 'ignore' : ['ignore', fd, fd] });
    if (fd !== undefined) closeSync(fd);
    return child;
  };
  const startWorker = () => launch('dist/apps/worker/src/main.js', 'worker');
  const sys: OwnSystem = {
    db, env, base: `http://127.0.0.1:${port}`,
    api: launch('dist/apps/api/src/main.js', 'api'),
    worker: startWorker(),
    startWorker,
    stop() {
      sys.api.kill('SIGTERM');
      sys.worker.kill('SIGTERM');
    },
  };
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${sys.base}/api/health`)).ok) return sys;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  sys.stop();
  throw new Error('api did not start');
}

export function line(text: string): void {
  process.stdout.write(`${text}\n`);
}
