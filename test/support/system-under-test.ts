import { INestApplication, INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/create-app';
import { recordRoutes } from './route-table';
import { createWorkerContext } from '../../apps/worker/src/worker.module';
import { DEFAULT_DEMO_PASSWORD } from '../../seeds/demo';
import { HOUSING_RENOVATION_SETTINGS } from '../../libs/processes/src/housing-renovation';
import { CaseEngine, registerTestProcesses } from '../../libs/engine/src';
import type { ProcessDefinition } from '../../libs/processes/src';
import { replayAll } from './replay';
import { createTestDatabase, dropTestDatabase } from './databases';
import { PiiWatch } from './pii-watch';

export interface SystemOptions {
  /** WORKFLOW_TIME_SCALE; the default makes a day last 50 ms. */
  timeScale?: number;
  redisUrl?: string;
  /** Start the worker in this process too (default true). */
  worker?: boolean;
  env?: Record<string, string>;
  /**
   * Replay every case from its audit chain at stop() (issue 17; default true). Off only in files
   * that edit or delete case chains on purpose to test the verifier.
   */
  replayCheck?: boolean;
  /** Test-only process definitions registered beside the real ones (e.g. recurring-process.ts). */
  processes?: ProcessDefinition[];
}

/**
 * Housing stage time limits (issue 17) are days of human work: at a test's time scale every human
 * step of a housing case is days late, so their breaches, flags and escalations would land in the
 * histories, inboxes and counts of files that test something else, at moments that depend on the
 * machine's load. Files switch them off (0 = no limit) unless they set them in `env`
 * (test/housing-sla.e2e-spec.ts does).
 */
const HOUSING_STAGE_LIMITS_OFF = Object.fromEntries(
  HOUSING_RENOVATION_SETTINGS.filter((s) => s.env.endsWith('_DUE_DAYS')).map((s) => [s.env, '0']),
);

/**
 * The whole system for one test file: its own database (copied from the template), its own BullMQ
 * prefix, the api on an ephemeral port and the worker, both in this process, against the real
 * PostgreSQL and Redis. Everything it logs and answers is scanned for full ID numbers (`pii`);
 * `stop()` fails the file when one appeared outside the reveal endpoint.
 */
export class SystemUnderTest {
  api!: INestApplication;
  private readonly replicas: INestApplication[] = [];
  worker?: INestApplicationContext;
  db!: { name: string; url: string };
  ds!: DataSource;
  /** Child processes and their clients report to it too (tapChild, fetch). */
  readonly pii = new PiiWatch();
  private tokens = new Map<string, string>();
  /** What the replay at stop() found (for the file's own log). */
  lastReplay?: { cases: number; entries: number; ms: number };

  constructor(private readonly opts: SystemOptions = {}) {}

  async start(): Promise<this> {
    this.pii.start();
    this.db = await createTestDatabase();
    Object.assign(process.env, {
      NODE_ENV: 'test',
      DATABASE_URL: this.db.url,
      REDIS_URL: this.opts.redisUrl ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `t${this.db.name.replace(/[^a-z0-9]/g, '')}`,
      // TEST_QUEUE_BACKEND=postgres runs a file on BullMQ's PostgreSQL backend (in the file's own database).
      QUEUE_BACKEND: process.env.TEST_QUEUE_BACKEND || 'redis',
      WORKFLOW_TIME_SCALE: String(this.opts.timeScale ?? 86400 * 20),
      OUTBOX_POLL_MS: '50',
      RECONCILE_INTERVAL_MS: '500',
      RECONCILE_GRACE_MS: '2000',
      DB_POOL_SIZE: '30',
      ...HOUSING_STAGE_LIMITS_OFF,
      ...this.opts.env,
    });
    registerTestProcesses(this.opts.processes ?? []);
    this.api = await createApiApp({ logger: this.pii.logger });
    recordRoutes(this.api);
    this.pii.tapServer(this.api.getHttpServer());
    await this.api.listen(0, '127.0.0.1');
    if (this.opts.worker !== false) await this.startWorker();
    this.ds = this.api.get(DataSource);
    return this;
  }

  async startWorker(): Promise<void> {
    this.worker = await createWorkerContext({ logger: this.pii.logger });
    await this.worker.init();
  }

  async stopWorker(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
  }

  /** Where a browser can reach this api (and the console it serves). */
  get baseUrl(): string {
    const addr = this.api.getHttpServer().address();
    return `http://127.0.0.1:${addr.port}`;
  }

  http() {
    return request(this.api.getHttpServer());
  }

  async token(username: string): Promise<string> {
    let t = this.tokens.get(username);
    if (!t) {
      const res = await this.http().post('/api/auth/login').send({ username, password: process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      t = res.body.accessToken as string;
      this.tokens.set(username, t);
    }
    return t;
  }

  /** A streamed answer (an export) read whole as text: supertest buffers only text/* and JSON by itself. */
  async download(username: string, url: string): Promise<{ status: number; text: string }> {
    const res = await this.http().get(url).set('Authorization', `Bearer ${await this.token(username)}`).buffer(true)
      .parse((r, done) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (chunk: string) => (text += chunk));
        r.on('end', () => done(null, text));
      });
    return { status: res.status, text: res.body as string };
  }

  async as(username: string) {
    const auth = `Bearer ${await this.token(username)}`;
    const http = () => this.http();
    return {
      get: (url: string) => http().get(url).set('Authorization', auth),
      post: (url: string, body?: unknown, headers: Record<string, string> = {}) => {
        let r = http().post(url).set('Authorization', auth);
        for (const [k, v] of Object.entries(headers)) r = r.set(k, v);
        return body === undefined ? r : r.send(body as object);
      },
      put: (url: string) => http().put(url).set('Authorization', auth),
    };
  }

  /**
   * A second api on the same database and Redis, listening on a port of its own (closed by stop()):
   * what one replica changed, the other must see.
   */
  async secondApi(): Promise<INestApplication> {
    const second = await createApiApp({ logger: this.pii.logger });
    this.pii.tapServer(second.getHttpServer(), 'api 2');
    await second.listen(0, '127.0.0.1');
    this.replicas.push(second);
    return second;
  }

  async stop(): Promise<void> {
    let replayFailure: Error | undefined;
    try {
      for (const replica of this.replicas.splice(0)) await replica.close();
      await this.stopWorker();
      // Before the database goes: every case this file created must be rebuilt from its audit chain.
      if (this.opts.replayCheck !== false && this.api && this.ds?.isInitialized) replayFailure = await this.replayCheck();
      await this.api?.close();
      if (this.db) await dropTestDatabase(this.db.name).catch(() => undefined);
    } finally {
      registerTestProcesses([]);
      // Last, so shutdown lines are scanned too; a throw here (afterAll) fails the test file.
      await this.pii.stop();
    }
    if (replayFailure) throw replayFailure;
  }

  /**
   * test/support/replay.ts over the whole database in one snapshot (the api may still answer a
   * straggling request: an event commits its case row and its entry together). Returns the failure.
   */
  private async replayCheck(): Promise<Error | undefined> {
    const started = Date.now();
    const result = await replayAll(this.ds, this.api.get(CaseEngine).processes);
    this.lastReplay = { cases: result.cases, entries: result.entries, ms: Date.now() - started };
    const problems = result.problems;
    if (problems.length === 0) return undefined;
    const lines = problems.slice(0, 20).map((p) => `  case ${p.caseId}${p.seq === null ? '' : ` seq ${p.seq}`}: ${p.problem}`);
    return new Error(`replay: ${problems.length} problem(s) rebuilding cases from their audit chains (test/support/replay.ts):\n${lines.join('\n')}`);
  }
}

/** Polls until `check` returns a truthy value (or throws the last failure after `timeoutMs`). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 15000, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
