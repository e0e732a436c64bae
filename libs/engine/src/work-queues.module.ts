import { environment } from '@app/settings';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProcessRegistry } from '@app/processes';
import { Delegations } from './delegations';
import { DispatchReports } from './dispatch-report';
import { JurisdictionDirectory } from './jurisdiction-directory';
import { QueueStats } from './queue-stats';
import { TaskQueue } from './task-queue';
import { TaskSupervision, supervises } from './task-supervision';
import { WorkflowClock } from './workflow-clock';
import { WorkQueueSettings, loadWorkQueueSettings } from './work-queue-settings';

export const WORK_QUEUE_SETTINGS = Symbol('WORK_QUEUE_SETTINGS');

/**
 * Issue 5's parts on top of the engine (which it needs as a global module): delegation,
 * supervision of claims, queue statistics and the monthly dispatch. Shared by the api and the worker.
 */
@Module({
  providers: [
    { provide: WORK_QUEUE_SETTINGS, useFactory: (reg: ProcessRegistry) => loadWorkQueueSettings(environment(), reg.all()), inject: [ProcessRegistry] },
    { provide: Delegations, useFactory: (ds: DataSource) => new Delegations(ds, supervises), inject: [DataSource] },
    {
      provide: TaskSupervision,
      useFactory: (ds: DataSource, queue: TaskQueue, dir: JurisdictionDirectory, clock: WorkflowClock, s: WorkQueueSettings) =>
        new TaskSupervision(ds, queue, dir, clock, s),
      inject: [DataSource, TaskQueue, JurisdictionDirectory, WorkflowClock, WORK_QUEUE_SETTINGS],
    },
    { provide: QueueStats, useFactory: (ds: DataSource, dir: JurisdictionDirectory) => new QueueStats(ds, dir), inject: [DataSource, JurisdictionDirectory] },
    {
      provide: DispatchReports,
      useFactory: (ds: DataSource, reg: ProcessRegistry, dir: JurisdictionDirectory) => new DispatchReports(ds, reg, dir),
      inject: [DataSource, ProcessRegistry, JurisdictionDirectory],
    },
  ],
  exports: [WORK_QUEUE_SETTINGS, Delegations, TaskSupervision, QueueStats, DispatchReports],
})
export class WorkQueuesModule {}
