import { environment, numericSetting, textSetting } from '@app/settings';
import { Logger } from '@nestjs/common';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { returning } from '@app/db';

/** This worker process, as `sweep_runs.worker` records it. */
export const WORKER_ID = textSetting('WORKER_ID') || `${hostname()}:${process.pid}`;

/**
 * How long a run holds its sweep without a heartbeat (SWEEP_LEASE_MS, default 30 s). The running
 * worker renews it every third of that; it only matters when a worker dies mid-run, whose sweep
 * then waits at most this long before another worker takes it.
 */
export function sweepLeaseMs(env = environment()): number {
  return numericSetting('SWEEP_LEASE_MS', env);
}

/** Runs older than this are pruned from `sweep_runs` by the sweep's own runs. */
const KEEP_RUNS = '7 days';
/** A worker polls a sweep at least this often, so a changed interval is seen within a minute. */
const MAX_WAIT_MS = 60000;

export interface SweepSpec {
  /** The row in `sweeps` (and `sweep_runs.sweep`). */
  name: string;
  intervalMs: number;
  /** Delay before the first run when no worker has ever run this sweep on this database. */
  firstDelayMs?: number;
  /** One run; what it returns is recorded in `sweep_runs.result` (keep it small). */
  run: () => Promise<unknown>;
}

/**
 * One background sweep shared by every worker replica (ADR 0007): a run starts only after
 * `UPDATE sweeps SET next_run_at = now() + interval … WHERE next_run_at <= now() AND the lease is
 * free`, which one worker wins; starts are therefore at least an interval apart across the cluster,
 * whatever the number of workers. The schedule lives in PostgreSQL, the database the sweeps work on,
 * so the sweeps keep running while Redis is down or comes back empty (the reconciler exists for
 * exactly that case). Every run is a `sweep_runs` row: worker, started, finished, outcome, result.
 */
export class ClusterSweep {
  private readonly log: Logger;
  private readonly leaseMs = sweepLeaseMs();
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private stopped = true;
  private registered = false;
  private failing = false;

  constructor(private readonly ds: DataSource, private readonly spec: SweepSpec) {
    this.log = new Logger(`Sweep ${spec.name}`);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops polling and waits (at most `graceMs`) for a run under way, which then frees its lease. */
  async stop(graceMs = 10000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.current) await Promise.race([this.current, new Promise((r) => setTimeout(r, graceMs).unref())]);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    // A little jitter, so that the workers do not always ask at the same instant (one wins anyway).
    const jitter = Math.random() * Math.min(200, this.spec.intervalMs / 5);
    this.timer = setTimeout(() => {
      this.current = this.tick().finally(() => (this.current = undefined));
    }, Math.max(10, ms + jitter));
  }

  private async tick(): Promise<void> {
    let wait: number;
    try {
      if (!this.registered) await this.register();
      const claim = await this.claim();
      if (this.failing) {
        this.failing = false;
        this.log.log('database reachable again; sweep schedule resumed');
      }
      if (claim.runId) {
        await this.execute(claim.runId);
        wait = 0; // ask again at once: the answer is the wait until the next run is due
      } else {
        wait = Math.min(claim.waitMs, this.spec.intervalMs, MAX_WAIT_MS);
      }
    } catch (e) {
      if (!this.failing) this.log.warn(`cannot reach the sweep schedule: ${(e as Error).message}`);
      this.failing = true;
      wait = Math.min(this.spec.intervalMs, 1000);
    }
    this.schedule(wait);
  }

  /**
   * The row, made by the first worker ever to run the sweep on this database. A worker configured
   * with a shorter interval than the schedule holds brings the next run forward to its own interval
   * from now (never earlier, so starts stay an interval apart).
   */
  private async register(): Promise<void> {
    await this.ds.query(
      `INSERT INTO sweeps (name, next_run_at) VALUES ($1, now() + $2 * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE SET next_run_at = LEAST(sweeps.next_run_at, now() + $3 * interval '1 millisecond')`,
      [this.spec.name, this.spec.firstDelayMs ?? this.spec.intervalMs, this.spec.intervalMs],
    );
    this.registered = true;
  }

  /** One statement: take the sweep if due and free, record the run; else say how long to wait. */
  private async claim(): Promise<{ runId: string | null; waitMs: number }> {
    const [row] = await this.ds.query(
      `WITH claimed AS (
         UPDATE sweeps SET next_run_at = now() + $2 * interval '1 millisecond', lease_until = now() + $3 * interval '1 millisecond',
                holder = $4, run_id = nextval('sweep_runs_id_seq')
          WHERE name = $1 AND next_run_at <= now() AND (lease_until IS NULL OR lease_until <= now())
         RETURNING run_id
       ), run AS (
         INSERT INTO sweep_runs (id, sweep, worker, interval_ms, started_at) SELECT run_id, $1, $4, $2, now() FROM claimed RETURNING id
       )
       SELECT (SELECT id FROM run)::text AS run_id,
              GREATEST(0, EXTRACT(EPOCH FROM GREATEST(next_run_at, COALESCE(lease_until, next_run_at)) - now()) * 1000)::float8 AS wait_ms
         FROM sweeps WHERE name = $1`,
      [this.spec.name, this.spec.intervalMs, this.leaseMs, WORKER_ID],
    );
    if (!row) throw new Error(`sweep ${this.spec.name} has no row`);
    return { runId: row.run_id, waitMs: Number(row.wait_ms) };
  }

  private async execute(runId: string): Promise<void> {
    const heartbeat = setInterval(() => {
      void this.ds
        .query(`UPDATE sweeps SET lease_until = now() + $3 * interval '1 millisecond' WHERE name = $1 AND run_id = $2`, [this.spec.name, runId, this.leaseMs])
        .catch(() => undefined);
    }, Math.max(100, Math.floor(this.leaseMs / 3)));
    let outcome: 'ok' | 'failed' = 'ok';
    let result: unknown = null;
    let error: string | null = null;
    try {
      result = (await this.spec.run()) ?? null;
    } catch (e) {
      outcome = 'failed';
      error = String((e as Error)?.message ?? e).slice(0, 500);
      this.log.warn(`run failed: ${error}`);
    } finally {
      clearInterval(heartbeat);
    }
    // The run is recorded and the lease freed together; old runs of this sweep go at the same time.
    await returning(
      this.ds,
      `WITH done AS (
         UPDATE sweep_runs SET finished_at = now(), outcome = $3, result = $4::jsonb, error = $5 WHERE id = $2 RETURNING id
       ), pruned AS (
         DELETE FROM sweep_runs WHERE sweep = $1 AND started_at < now() - interval '${KEEP_RUNS}' AND id <> $2 RETURNING id
       )
       UPDATE sweeps SET lease_until = NULL, holder = NULL WHERE name = $1 AND run_id = $2 RETURNING name`,
      [this.spec.name, runId, outcome, JSON.stringify(result), error],
    );
  }
}
