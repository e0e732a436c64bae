import { Module } from '@nestjs/common';
import { JurisdictionSettingsController } from './cases/jurisdiction-settings.controller';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { ATTACHMENT_STORE, AttachmentStore, CaseAttachments, EngineModule, SETTINGS, Settings, WorkQueuesModule, WorkflowClock, attachmentStoreFor } from '@app/engine';
import { ProcessRegistry } from '@app/processes';
import { AttachmentsController } from './cases/attachments.controller';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { SessionReader } from './auth/session-reader';
import { RolesGuard } from './auth/roles.guard';
import { AuditController } from './audit/audit.controller';
import { AuditSearch } from './audit/audit-search';
import { CaseListing } from './cases/case-listing';
import { CaseListExport } from './cases/case-list-export';
import { CasesController } from './cases/cases.controller';
import { NoticeBoard } from './cases/notice-board';
import { RegistryController } from './registry/registry.controller';
import { RegistryImport } from './registry/registry-import';
import { ProblemFilter } from './system/problem.filter';
import { RedisProbe } from './system/redis-probe';
import { SystemController } from './system/system.controller';
import { ApiMetrics } from './system/metrics';
import { TasksController } from './tasks/tasks.controller';
import { DelegationsController, QueueFiguresController, TaskSupervisionController } from './queues/work-queues.controller';
import { DisciplineModule } from './discipline.module';
import { DocumentsModule } from './documents/documents.module';
import { SupervisionModule } from './supervision/supervision.module';
import { ReadOnlyGuard } from './auth/read-only.guard';
import { AdministrationController } from './admin/administration.controller';
import { JurisdictionTree } from './admin/jurisdiction-tree';
import { UserAdministration } from './admin/user-administration';

@Module({
  imports: [EngineModule, WorkQueuesModule, DisciplineModule, DocumentsModule, SupervisionModule],
  controllers: [AuthController, CasesController, AttachmentsController, TasksController, AuditController, RegistryController, SystemController,
    TaskSupervisionController, DelegationsController, QueueFiguresController, AdministrationController, JurisdictionSettingsController],
  providers: [
    CaseListing,
    CaseListExport,
    NoticeBoard,
    AuditSearch,
    RegistryImport,
    RedisProbe,
    ApiMetrics,
    JurisdictionTree,
    UserAdministration,
    // Its bucket is checked by createApiApp once the application is built (an S3 store's).
    { provide: ATTACHMENT_STORE, useFactory: (s: Settings) => attachmentStoreFor(s.attachments), inject: [SETTINGS] },
    {
      provide: CaseAttachments,
      useFactory: (ds: DataSource, reg: ProcessRegistry, clock: WorkflowClock, s: Settings, store: AttachmentStore) =>
        new CaseAttachments(ds, reg, clock, store, s.attachments),
      inject: [DataSource, ProcessRegistry, WorkflowClock, SETTINGS, ATTACHMENT_STORE],
    },
    SessionReader,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: ReadOnlyGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
    { provide: APP_FILTER, useClass: ProblemFilter },
  ],
})
export class AppModule {}
