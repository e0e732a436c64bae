import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cluster-wide background sweeps (issue 17, ADR 0007). `sweeps` holds one row per sweep — the
 * timer reconciler, the idle-claim release, the audit checkpoint, the monthly dispatch check —
 * with the time it is next due and the lease of the run under way: a worker runs a sweep only after
 * `UPDATE sweeps … WHERE next_run_at <= now() AND lease free RETURNING`, so N workers share one
 * schedule and one run per interval, with or without Redis. `sweep_runs` records every run (which
 * worker, when it started and finished, what it did); rows older than a week are pruned by the
 * sweeps themselves.
 */
export class SweepRuns1765400000012 implements MigrationInterface {
  name = 'SweepRuns1765400000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sweeps (
        name text PRIMARY KEY,
        next_run_at timestamptz NOT NULL,
        lease_until timestamptz,
        holder text,
        run_id bigint
      );
      CREATE TABLE sweep_runs (
        id bigserial PRIMARY KEY,
        sweep text NOT NULL REFERENCES sweeps(name),
        worker text NOT NULL,
        interval_ms integer NOT NULL CHECK (interval_ms > 0),
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        outcome text CHECK (outcome IN ('ok', 'failed')),
        result jsonb,
        error text,
        CHECK ((finished_at IS NULL) = (outcome IS NULL))
      );
      CREATE INDEX sweep_runs_by_sweep ON sweep_runs (sweep, started_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sweep_runs, sweeps`);
  }
}
