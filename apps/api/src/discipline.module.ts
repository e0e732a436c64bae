import { Module } from '@nestjs/common';
import { AuditExport } from './audit/audit-export';
import { auditKeyProvider, AUDIT_KEY } from './audit/audit-key';
import { AuditTrailController } from './audit/audit-trail.controller';
import { FlagFinder } from './flags/flag-finder';
import { FlagListExport } from './flags/flag-list-export';
import { FLAG_SETTINGS, loadFlagSettings } from './flags/flag-settings';
import { FlagsController } from './flags/flags.controller';
import { StaffController } from './staff/staff.controller';
import { StaffRelatives } from './staff/staff-relatives';

/**
 * Disciplinary review (issue 6): audit export and signed checkpoints, anomaly flags, close-relative
 * declarations. The read-only guard for discipline reviewers is global (app.module.ts).
 */
@Module({
  controllers: [AuditTrailController, FlagsController, StaffController],
  providers: [
    auditKeyProvider,
    { provide: FLAG_SETTINGS, useFactory: () => loadFlagSettings() },
    AuditExport,
    FlagFinder,
    FlagListExport,
    StaffRelatives,
  ],
  exports: [AUDIT_KEY, AuditExport],
})
export class DisciplineModule {}
