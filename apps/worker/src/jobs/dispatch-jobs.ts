import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { inTransaction } from '@app/db';
import { DispatchReportJob, DispatchReports, WORK_QUEUE_SETTINGS, WorkQueueSettings } from '@app/engine';

/**
 * 月调度 builds. Monthly: on start and every DISPATCH_CHECK_INTERVAL_MS the worker keeps last month's
 * report for every county that has none (so a month is built once it is over, even if the worker was
 * down at midnight). On demand: the `reports` queue (POST /api/reports/dispatch/build) rebuilds a
 * month. Both upsert, so a retried or duplicated job only rewrites the same rows.
 */
@Injectable()
export class DispatchJobs implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('DispatchJobs');
  private timer?: NodeJS.Timeout;
  private first?: NodeJS.Timeout;

  constructor(
    private readonly ds: DataSource,
    private readonly reports: DispatchReports,
    @Inject(WORK_QUEUE_SETTINGS) private readonly settings: WorkQueueSettings,
  ) {}

  onModuleInit() {
    const check = () => void this.monthly().catch((e) => this.log.warn(`monthly dispatch build failed: ${e.message}`));
    this.timer = setInterval(check, this.settings.dispatchCheckIntervalMs);
    this.first = setTimeout(check, 1000);
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

  onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
    if (this.first) clearTimeout(this.first);
  }
}
