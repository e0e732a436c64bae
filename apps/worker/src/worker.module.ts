import { INestApplicationContext, LogLevel, LoggerService, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EngineModule, WorkQueuesModule, withConfiguration } from '@app/engine';
import { CaseJobs } from './jobs/case-jobs';
import { DispatchJobs } from './jobs/dispatch-jobs';
import { IdleClaimReleaser } from './idle-claim-releaser';
import { OutboxRelay } from './outbox-relay';
import { QUEUE_PROCESSORS, QueueJobs } from './queue-processors';
import { QueuesModule } from './queues.module';
import { TimerReconciler } from './timer-reconciler';
import { AuditCheckpointer } from './audit-checkpointer';

@Module({
  imports: [EngineModule, WorkQueuesModule, QueuesModule],
  providers: [CaseJobs, OutboxRelay, QueueJobs, ...QUEUE_PROCESSORS, TimerReconciler, IdleClaimReleaser, DispatchJobs, AuditCheckpointer],
})
export class WorkerModule {}

/** The worker, with its configuration validated by ConfigModule (used by main.ts and by the e2e tests in-process). */
export function createWorkerContext(opts: { logger?: false | LogLevel[] | LoggerService } = {}): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(withConfiguration(WorkerModule), { logger: opts.logger ?? ['error', 'warn', 'log'] });
}
