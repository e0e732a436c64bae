import { Module } from '@nestjs/common';
import { EngineModule, WorkQueuesModule } from '@app/engine';
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
