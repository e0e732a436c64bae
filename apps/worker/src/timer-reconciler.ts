import { numericSetting } from '@app/settings';
import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseEngine } from '@app/engine';
import { ClusterSweep } from './cluster-sweep';

/**
 * The safety net under the delayed jobs. Redis may lose a delayed job (restarted without
 * persistence, flushed); the rows in PostgreSQL are the truth. Every few seconds, deadlines and SLA
 * phases overdue by more than a grace period are fired directly. Firing is idempotent (timer and
 * clock status), so a job that does arrive later does nothing.
 *
 * Once per RECONCILE_INTERVAL_MS across all workers (ClusterSweep `reconcile-timers`, ADR 0007):
 * its schedule is a PostgreSQL row, since this sweep must keep running when Redis is down or empty.
 */
@Injectable()
export class TimerReconciler implements OnModuleInit, BeforeApplicationShutdown {
  private readonly log = new Logger('TimerReconciler');
  private sweep?: ClusterSweep;
  private running = false;
  readonly intervalMs = numericSetting('RECONCILE_INTERVAL_MS');
  readonly graceMs = numericSetting('RECONCILE_GRACE_MS');

  constructor(private readonly ds: DataSource, private readonly engine: CaseEngine) {}

  onModuleInit() {
    this.sweep = new ClusterSweep(this.ds, { name: 'reconcile-timers', intervalMs: this.intervalMs, run: () => this.runOnce() });
    this.sweep.start();
  }

  async runOnce(): Promise<{ timers: number; clocks: number }> {
    if (this.running) return { timers: 0, clocks: 0 };
    this.running = true;
    try {
      const timers = await this.ds.query(
        `SELECT id FROM case_timers WHERE status = 'armed' AND due_at < now() - ($1 || ' milliseconds')::interval ORDER BY due_at LIMIT 500`,
        [String(this.graceMs)],
      );
      let fired = 0;
      for (const t of timers) if ((await this.engine.fireTimer(t.id)).applied) fired++;
      const clocks = await this.ds.query(
        `SELECT id, CASE WHEN due_at < now() - ($1 || ' milliseconds')::interval THEN 'breach' ELSE 'warn' END AS phase
         FROM sla_clocks WHERE stopped_at IS NULL AND (
           (status IN ('running','warned') AND due_at < now() - ($1 || ' milliseconds')::interval) OR
           (status = 'running' AND warn_at < now() - ($1 || ' milliseconds')::interval))
         ORDER BY due_at LIMIT 500`,
        [String(this.graceMs)],
      );
      let phases = 0;
      for (const k of clocks) if ((await this.engine.fireClockPhase(k.id, k.phase)).changed) phases++;
      if (fired || phases) this.log.log(`fired ${fired} overdue deadlines and ${phases} SLA phases whose jobs had not run`);
      return { timers: fired, clocks: phases };
    } finally {
      this.running = false;
    }
  }

  async beforeApplicationShutdown() {
    await this.sweep?.stop();
  }
}
