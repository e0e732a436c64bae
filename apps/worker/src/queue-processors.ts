import { numericSetting } from '@app/settings';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, Type } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { loadSettings } from '@app/engine';
import { QUEUES, QueueName, markCompleted, outboxIdOf } from '@app/queues';
import { queueConnection } from './queues.module';
import { CaseJobs } from './jobs/case-jobs';
import { DispatchJobs } from './jobs/dispatch-jobs';
import { TimerReconciler } from './timer-reconciler';

type Handler = (job: Job) => Promise<unknown>;

/**
 * What each queue's jobs do. The handler map is typed over every queue name, and checked again at
 * start, so a queue without a processor stops the worker from starting instead of silently piling
 * up jobs.
 */
@Injectable()
export class QueueJobs {
  private readonly handlerOf: Record<QueueName, Handler>;

  constructor(
    private readonly jobs: CaseJobs,
    private readonly reconciler: TimerReconciler,
    private readonly dispatch: DispatchJobs,
    private readonly ds: DataSource,
  ) {
    // In the constructor: before BullModule creates a worker that could take a job.
    const handlers = this.handlers();
    const missing = Object.values(QUEUES).filter((q) => typeof handlers[q] !== 'function');
    if (missing.length) throw new Error(`queues without a processor: ${missing.join(', ')}`);
    this.handlerOf = handlers;
  }

  handlers(): Record<QueueName, Handler> {
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

  /**
   * Runs a handler and then records its outbox row as done: a row relayed to a Redis that lost it
   * before this point is relayed again (OutboxRelay), one done is not.
   */
  async run(queue: QueueName, job: Job): Promise<unknown> {
    const result = await this.handlerOf[queue](job);
    const id = outboxIdOf(job.id);
    if (id) await markCompleted(this.ds, id);
    return result;
  }
}

/**
 * Worker options read when BullModule creates each worker (the getters run then), not when this
 * file is loaded: tests start several workers in one process with their own WORKER_LOCK_MS.
 * The connection is the worker's own (queueConnection): a worker waits for Redis, a queue fails fast.
 */
const workerOptions = {
  get connection() {
    return queueConnection(loadSettings(), 'worker');
  },
  get concurrency() {
    return numericSetting('WORKER_CONCURRENCY');
  },
  // A job whose worker died is retried once its lock lapses and the stalled check sees it.
  get lockDuration() {
    return numericSetting('WORKER_LOCK_MS');
  },
  get stalledInterval() {
    return numericSetting('WORKER_LOCK_MS');
  },
};

/** The BullMQ processor (a Nest provider) of one queue: it hands each job to QueueJobs. */
function processorOf(queue: QueueName): Type<WorkerHost> {
  @Processor(queue, workerOptions)
  class QueueProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
    private readonly log = new Logger(`Processor(${queue})`);

    constructor(private readonly jobs: QueueJobs) {
      super();
    }

    process(job: Job): Promise<unknown> {
      return this.jobs.run(queue, job);
    }

    /** BullModule found this provider and gave it a worker; `worker` throws if it did not. */
    onApplicationBootstrap() {
      if (this.worker.name !== queue) throw new Error(`processor of ${queue} runs a worker of ${this.worker.name}`);
    }

    @OnWorkerEvent('failed')
    failed(job: Job | undefined, err: Error) {
      this.log.warn(`${queue} job ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`);
    }

    // Connection errors while Redis is away: the worker reconnects by itself.
    @OnWorkerEvent('error')
    error() {}

    /** Graceful shutdown: jobs in flight finish before the database pool closes (onApplicationShutdown). */
    async beforeApplicationShutdown() {
      await this.worker.close().catch(() => undefined);
    }
  }
  Object.defineProperty(QueueProcessor, 'name', { value: `QueueProcessor(${queue})` });
  return QueueProcessor;
}

/** One processor per queue name, so every queue has a worker. */
export const QUEUE_PROCESSORS: Type<WorkerHost>[] = Object.values(QUEUES).map(processorOf);

