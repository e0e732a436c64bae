import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { caseChain, verifyAllChains, verifyChain } from '@app/audit';
import { CaseEngine, forbidden } from '@app/engine';
import { Caller } from '../auth/public.decorator';
import { RequireRoles } from '../auth/roles.guard';
import { AuditQuery, AuditSearch } from './audit-search';

const WHOLE_TRAIL_ROLES = ['discipline_reviewer', 'admin'];

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly ds: DataSource, private readonly engine: CaseEngine, private readonly search: AuditSearch) {}

  @Get()
  @RequireRoles('discipline_reviewer')
  find(@Caller() p: Principal, @Query() q: AuditQuery) {
    return this.search.find(p, q);
  }

  /**
   * One case's chain (anyone who can see the case), or every chain (discipline reviewers and
   * admins: it covers the whole trail).
   */
  @Get('verify')
  async verify(@Caller() p: Principal, @Query('caseId') caseId?: string) {
    if (caseId) {
      await this.engine.view(p, caseId);
      return verifyChain(this.ds, caseChain(caseId));
    }
    if (!p.roles.some((r) => WHOLE_TRAIL_ROLES.includes(r))) throw forbidden('校验全部审计链需要纪检监察/审计或系统管理员角色');
    return verifyAllChains(this.ds);
  }
}
