import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { actorChain, appendAudit } from '@app/audit';
import { inTransaction } from '@app/db';
import { forbidden, isUuid } from '@app/engine';
import { ProcessRegistry } from '@app/processes';
import type { Role } from '@app/processes';
import { DURING_PASSWORD_CHANGE, IS_PUBLIC } from './public.decorator';
import { SessionReader } from './session-reader';
import { routeOf } from '../system/request-route';

/** Roles that look and never touch (PROCESSES.md §1: discipline_reviewer is read-only). */
export const READ_ONLY_ROLES: Role[] = ['discipline_reviewer'];
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const READ_ONLY_REASON = { zh: '纪检监察/审计角色只能查阅，不能提交、办理、认领、导入或备案；如需办理请使用业务账号', en: 'Discipline and audit roles are read-only: they cannot file, act, claim, import or declare; use a business account' };

/**
 * Global, after authentication: any request but a read from a holder of a read-only role is 403,
 * whatever the route. A write route added later is covered without anyone remembering to add it
 * (test/discipline-read-only.e2e-spec.ts walks the route table). Oversight stays independent: a
 * user who also holds a working role is still refused while holding the reviewer role. The refusal
 * is recorded on the caller's chain like every other refused action.
 */
@Injectable()
export class ReadOnlyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly ds: DataSource, private readonly processes: ProcessRegistry, private readonly sessions: SessionReader) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    // Public routes and one's own session (password change, logout) are open to every role.
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) || this.reflector.getAllAndOverride<boolean>(DURING_PASSWORD_CHANGE, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const p: Principal | undefined = req.principal;
    if (READS.has(req.method) || !p || !p.roles.some((r) => READ_ONLY_ROLES.includes(r))) return true;
    // A remembered principal is read before it is refused (session-reader.ts).
    if (req.sessionToConfirm) return this.sessions.confirmNow(req).then(() => this.canActivate(ctx));
    if (await this.writableHere(req, p)) return true;
    await inTransaction(this.ds, (tx) =>
      appendAudit(tx, {
        chainId: actorChain(p.id), caseId: null, at: new Date(), actorId: p.id, actorUsername: p.username,
        actorRole: p.roles.join(','), jurisdictionCode: p.jurisdiction.code, action: 'WRITE_REFUSED', outcome: 'refused',
        fromState: null, toState: null,
        payload: { status: 403, reason: READ_ONLY_REASON.zh, method: req.method, route: routeOf(req) ?? null, params: req.params ?? {} },
      }),
    ).catch(() => undefined);
    throw forbidden(READ_ONLY_REASON);
  }

  /**
   * The one exception (PROCESSES.md §7): a process whose definition declares `writableBy` for the
   * caller's read-only roles may be filed (POST /api/cases with its processKey) and receive events
   * (POST /api/cases/:id/events on one of its cases). Every other write stays refused here; the
   * engine still checks the event's actors like anyone else's.
   */
  private async writableHere(req: any, p: Principal): Promise<boolean> {
    const route = routeOf(req);
    const writable = (key: unknown) => {
      const def = typeof key === 'string' ? this.processes.latest(key) : undefined;
      const readOnly = p.roles.filter((r) => READ_ONLY_ROLES.includes(r));
      return !!def?.writableBy && readOnly.every((r) => def.writableBy!.includes(r));
    };
    if (req.method === 'POST' && route === '/api/cases') return writable(req.body?.processKey);
    if (req.method === 'POST' && route === '/api/cases/:id/events') {
      const id = req.params?.id;
      if (!isUuid(id)) return false;
      const [c] = await this.ds.query(`SELECT process_key FROM cases WHERE id = $1`, [id]);
      return !!c && writable(c.process_key);
    }
    return false;
  }
}
