import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { actorChain, appendAudit } from '@app/audit';
import { inTransaction } from '@app/db';
import { forbidden } from '@app/engine';
import type { Role } from '@app/processes';
import { DURING_PASSWORD_CHANGE, IS_PUBLIC } from './public.decorator';

/** Roles that look and never touch (PROCESSES.md §1: discipline_reviewer is read-only). */
export const READ_ONLY_ROLES: Role[] = ['discipline_reviewer'];
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const READ_ONLY_REASON = '纪检监察/审计角色只能查阅，不能提交、办理、认领、导入或备案；如需办理请使用业务账号';

/**
 * Global, after authentication: any request but a read from a holder of a read-only role is 403,
 * whatever the route. A write route added later is covered without anyone remembering to add it
 * (test/discipline-read-only.e2e-spec.ts walks the route table). Oversight stays independent: a
 * user who also holds a working role is still refused while holding the reviewer role. The refusal
 * is recorded on the caller's chain like every other refused action.
 */
@Injectable()
export class ReadOnlyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly ds: DataSource) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    // Public routes and one's own session (password change, logout) are open to every role.
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) || this.reflector.getAllAndOverride<boolean>(DURING_PASSWORD_CHANGE, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const p: Principal | undefined = req.principal;
    if (READS.has(req.method) || !p || !p.roles.some((r) => READ_ONLY_ROLES.includes(r))) return true;
    await inTransaction(this.ds, (tx) =>
      appendAudit(tx, {
        chainId: actorChain(p.id), caseId: null, at: new Date(), actorId: p.id, actorUsername: p.username,
        actorRole: p.roles.join(','), jurisdictionCode: p.jurisdiction.code, action: 'WRITE_REFUSED', outcome: 'refused',
        fromState: null, toState: null,
        payload: { status: 403, reason: READ_ONLY_REASON, method: req.method, route: req.route?.path ?? null, params: req.params ?? {} },
      }),
    ).catch(() => undefined);
    throw forbidden(READ_ONLY_REASON);
  }
}
