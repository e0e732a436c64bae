import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { inTransaction } from '@app/db';
import { DispatchReportJob, DispatchReports, WORK_QUEUE_SETTINGS, WorkQueueSettings } from '@app/engine';
import { ClusterSweep } from '../cluster-sweep';

/**
 * 月调度 builds. Monthly: once per DISPATCH_CHECK_INTERVAL_MS across all workers (ClusterSweep
 * `dispatch-check`, ADR 0007; the first ever a second after a worker starts on a new database, and
 * at once when a check is overdue, e.g. after the whole cluster was down) a worker keeps last month's
 * report for every county that has none, so a month is built once it is over, even if no worker ran
 * at midnight. On demand: the `reports` queue (POST /api/reports/dispatch/build) rebuilds a month.
 * Both upsert, so a retried or duplicated job only rewrites the same rows.
 */
@Injectable()
export class DispatchJobs implements OnModuleInit, BeforeApplicationShutdown {
  private readonly log = new Logger('DispatchJobs');
  private sweep?: ClusterSweep;

  constructor(
    private readonly ds: DataSource,
    private readonly reports: DispatchReports,
    @Inject(WORK_QUEUE_SETTINGS) private readonly settings: WorkQueueSettings,
  ) {}

  onModuleInit() {
    this.sweep = new ClusterSweep(this.ds, {
      name: 'dispatch-check',
      intervalMs: this.settings.dispatchCheckIntervalMs,
      firstDelayMs: 1000,
      run: () => this.monthly(),
    });
    this.sweep.start();
  }

  async monthly() {
    const out = await this.reports.buildLastMonthIfMissing();
    if (out.built) this.log.log(`kept the ${out.month} dispatch report for ${out.built} counties`);
    return out;
  }

  /** The `reports` queue handler. */
  async build(job: Job<DispatchReportJob>) {
    const { month, countyCodes, requestedBy } = job.data;
    const built = await inTransaction(this.ds, (tx) => this.reports.build(tx, month, countyCodes, `on-demand:${requestedBy}`));
    return { month, built };
  }

  async beforeApplicationShutdown() {
    await this.sweep?.stop();
  }
}
