import { Module } from '@nestjs/common';
import { EngineModule } from '@app/engine';
import { CaseJobs } from './jobs/case-jobs';
import { OutboxRelay } from './outbox-relay';
import { QueueWorkers } from './queue-workers';
import { TimerReconciler } from './timer-reconciler';

@Module({
  imports: [EngineModule],
  providers: [CaseJobs, OutboxRelay, QueueWorkers, TimerReconciler],
})
export class WorkerModule {}
