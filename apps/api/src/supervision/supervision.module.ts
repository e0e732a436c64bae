import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AssignablePeople, CaseEngine, JurisdictionDirectory, SupervisionActions, WorkflowClock } from '@app/engine';
import { ProcessRegistry } from '@app/processes';
import { SupervisionController } from './supervision.controller';

/** Issue 20: supervision actions on escalated work, and person pickers with caseloads. */
@Module({
  controllers: [SupervisionController],
  providers: [
    {
      provide: SupervisionActions,
      useFactory: (ds: DataSource, reg: ProcessRegistry, engine: CaseEngine, dir: JurisdictionDirectory, clock: WorkflowClock) =>
        new SupervisionActions(ds, reg, engine, dir, clock),
      inject: [DataSource, ProcessRegistry, CaseEngine, JurisdictionDirectory, WorkflowClock],
    },
    {
      provide: AssignablePeople,
      useFactory: (ds: DataSource, reg: ProcessRegistry, engine: CaseEngine) => new AssignablePeople(ds, reg, engine),
      inject: [DataSource, ProcessRegistry, CaseEngine],
    },
  ],
})
export class SupervisionModule {}
