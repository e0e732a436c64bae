import { Module } from '@nestjs/common';
import { EngineModule, WorkQueuesModule } from '@app/engine';
import { CaseJobs } from './jobs/case-jobs';
import { DispatchJobs } from './jobs/dispatch-jobs';
import { IdleClaimReleaser } from './idle-claim-releaser';
import { OutboxRelay } from './outbox-relay';
import { QueueWorkers } from './queue-workers';
import { TimerReconciler } from './timer-reconciler';
import { AuditCheckpointer } from './audit-checkpointer';

@Module({
  imports: [EngineModule, WorkQueuesModule],
  providers: [CaseJobs, OutboxRelay, QueueWorkers, TimerReconciler, IdleClaimReleaser, DispatchJobs, AuditCheckpointer],
})
export class WorkerModule {}
