import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { AuditSigningKey, caseChain, verifyOneChain, verifyTrail } from '@app/audit';
import { CaseEngine, forbidden } from '@app/engine';
import { Caller } from '../auth/public.decorator';
import { RequireRoles } from '../auth/roles.guard';
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
    @Inject(AUDIT_KEY) private readonly key: AuditSigningKey,
  ) {}

  @Get()
  @RequireRoles('discipline_reviewer')
  find(@Caller() p: Principal, @Query() q: AuditQuery) {
    return this.search.find(p, q);
  }

  /**
   * One case's chain (anyone who can see the case), or every chain (discipline reviewers and
   * admins: it covers the whole trail). Both also check what the latest signed checkpoint pinned
   * (a removed last entry, a removed whole chain), in one read-only snapshot.
   */
  @Get('verify')
  async verify(@Caller() p: Principal, @Query('caseId') caseId?: string) {
    if (caseId) {
      await this.engine.view(p, caseId);
      return verifyOneChain(this.ds, this.key, caseChain(caseId));
    }
    if (!p.roles.some((r) => WHOLE_TRAIL_ROLES.includes(r))) throw forbidden('校验全部审计链需要纪检监察/审计或系统管理员角色');
    return verifyTrail(this.ds, this.key);
  }
}
