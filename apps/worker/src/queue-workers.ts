import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { SETTINGS, Settings } from '@app/engine';
import { QUEUES, QueueName, markCompleted, outboxIdOf } from '@app/queues';
import { CaseJobs } from './jobs/case-jobs';
import { DispatchJobs } from './jobs/dispatch-jobs';
import { TimerReconciler } from './timer-reconciler';

/**
 * One BullMQ worker per queue. The handler map is typed over every queue name, and checked again
 * at start, so a queue without a processor stops the worker from starting instead of silently
 * piling up jobs.
 */
@Injectable()
export class QueueWorkers implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('QueueWorkers');
  private readonly workers: Worker[] = [];
  private connection?: IORedis;

  constructor(
    private readonly jobs: CaseJobs,
    private readonly reconciler: TimerReconciler,
    private readonly dispatch: DispatchJobs,
    private readonly ds: DataSource,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  /**
   * Runs a handler and then records its outbox row as done: a row relayed to a Redis that lost it
   * before this point is relayed again (OutboxRelay), one done is not.
   */
  private async runAndRecord(handler: (job: Job) => Promise<unknown>, job: Job): Promise<unknown> {
    const result = await handler(job);
    const id = outboxIdOf(job.id);
    if (id) await markCompleted(this.ds, id);
    return result;
  }

  handlers(): Record<QueueName, (job: Job) => Promise<unknown>> {
    return {
      [QUEUES.timers]: (j) => this.jobs.timer(j),
      [QUEUES.clocks]: (j) => this.jobs.clock(j),
      [QUEUES.registry_lookup]: (j) => this.jobs.registryLookup(j),
      [QUEUES.disbursement]: (j) => this.jobs.disbursement(j),
      [QUEUES.national_report]: (j) => this.jobs.nationalReport(j),
      [QUEUES.charity_referral]: (j) => this.jobs.charityReferral(j),
      [QUEUES.maintenance]: () => this.reconciler.runOnce(),
      [QUEUES.reports]: (j) => this.dispatch.build(j),
    };
  }

  onModuleInit() {
    const handlers = this.handlers();
    const missing = Object.values(QUEUES).filter((q) => typeof handlers[q] !== 'function');
    if (missing.length) throw new Error(`queues without a processor: ${missing.join(', ')}`);
    this.connection = new IORedis(this.settings.redisUrl, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(n * 200, 2000) });
    this.connection.on('error', () => undefined);
    const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 8);
    // A job whose worker died is retried once its lock lapses and the stalled check sees it.
    const lockDuration = Number(process.env.WORKER_LOCK_MS ?? 30000);
    for (const [queue, handler] of Object.entries(handlers)) {
      const w = new Worker(queue, (job) => this.runAndRecord(handler, job), {
        connection: this.connection, prefix: this.settings.queuePrefix, concurrency, lockDuration, stalledInterval: lockDuration,
      });
      w.on('failed', (job, err) => this.log.warn(`${queue} job ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`));
      w.on('error', () => undefined);
      this.workers.push(w);
    }
  }

  async onApplicationShutdown() {
    await Promise.all(this.workers.map((w) => w.close().catch(() => undefined)));
    this.connection?.disconnect();
  }
}
