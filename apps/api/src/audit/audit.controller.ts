import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { AuditSigningKey, caseChain, verifyOneChain, verifyTrail } from '@app/audit';
import { ATTACHMENT_STORE, AttachmentStore, CaseEngine, S3AttachmentStore, forbidden } from '@app/engine';
import { Caller } from '../auth/public.decorator';
import { RequireRoles } from '../auth/roles.guard';
import { ProcessRegistry } from '@app/processes';
import { wantsXlsx } from '../exports/xlsx';
import { actionChoices } from './audit-actions';
import { AuditExport } from './audit-export';
import { AUDIT_KEY } from './audit-key';
import { AuditQuery, AuditSearch } from './audit-search';

const WHOLE_TRAIL_ROLES = ['discipline_reviewer', 'admin'];

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: CaseEngine,
    private readonly search: AuditSearch,
    private readonly exporter: AuditExport,
    private readonly processes: ProcessRegistry,
    @Inject(AUDIT_KEY) private readonly key: AuditSigningKey,
    @Inject(ATTACHMENT_STORE) private readonly attachments: AttachmentStore,
  ) {}

  /**
   * The search (filters: audit-filter.ts; `caseId` also the 8-digit short number, `actor` also a
   * display name, `applicantName`/`applicantIdNumber` audited). `format=xlsx`: the same filter as
   * an Excel file, recorded like the export.
   */
  @Get()
  @RequireRoles('discipline_reviewer')
  @ApiQuery({ name: 'format', enum: ['json', 'xlsx'], required: false })
  async find(@Caller() p: Principal, @Query() q: AuditQuery & { format?: string }, @Res() res: FastifyReply) {
    const { format, cursor, limit, ...filters } = q;
    if (wantsXlsx(format)) return this.exporter.stream(p, { ...filters, format: 'xlsx' }, res);
    res.send(await this.search.find(p, { ...filters, cursor, limit }));
  }

  /** The action picker: every action code with its Chinese title (the engine's, then each process's events). */
  @Get('actions')
  @RequireRoles('discipline_reviewer')
  actions() {
    return { items: actionChoices(this.processes) };
  }

  /**
   * One case's chain (anyone who can see the case), or every chain (discipline reviewers and
   * admins: it covers the whole trail). Both also check what the latest signed checkpoint pinned
   * (a removed last entry, a removed whole chain), in one read-only snapshot.
   */
  @Get('verify')
  async verify(@Caller() p: Principal, @Query('caseId') caseId?: string) {
    // Documents kept in the bucket are read back from it and re-hashed.
    const objects = this.attachments instanceof S3AttachmentStore ? this.attachments : undefined;
    if (caseId) {
      await this.engine.view(p, caseId);
      return verifyOneChain(this.ds, this.key, caseChain(caseId), objects);
    }
    if (!p.roles.some((r) => WHOLE_TRAIL_ROLES.includes(r))) throw forbidden({ zh: '校验全部审计链需要纪检监察/审计或系统管理员角色', en: 'Verifying every audit chain needs the discipline reviewer or administrator role' });
    return verifyTrail(this.ds, this.key, objects);
  }
}
