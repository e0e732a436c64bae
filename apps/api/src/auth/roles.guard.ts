import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { actorChain, appendAudit } from '@app/audit';
import { inTransaction } from '@app/db';
import { ProcessRegistry, type Role } from '@app/processes';
import { forbidden, ROLE_TITLES, ROLE_TITLES_EN } from '@app/engine';
import { SessionReader } from './session-reader';
import { routeOf } from '../system/request-route';

const ROLES_KEY = 'roles';
/** Limits a route to callers holding one of these roles (jurisdiction is checked by the service). */
export const RequireRoles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
const FILERS = 'filers';
/** Limits a route to the roles some process lets file (definition.filedBy); the engine checks the process, level and village. */
export const RequireFilers = () => SetMetadata(ROLES_KEY, FILERS);
const ACTORS = 'actors';
/** Limits a route to the roles some process lets send an event (its events' actors); the engine checks the case. */
export const RequireActors = () => SetMetadata(ROLES_KEY, ACTORS);
const SETTERS = 'setters';
/** Limits a route to admins and the roles some process lets change a jurisdiction setting (setBy); the engine checks the setting and node. */
export const RequireSetters = () => SetMetadata(ROLES_KEY, SETTERS);

/**
 * A caller without the route's role is refused (403), and the refusal is recorded on the caller's
 * own chain like every other refused action (issue 17; the read-only guard's pattern): who, which
 * route, which roles it needs and the reason they were told. Reads are recorded too — a township
 * officer opening the audit search is as telling as one trying to import the registry.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  private readonly filers: Role[];
  private readonly actors: Role[];
  private readonly setters: Role[];

  constructor(private readonly reflector: Reflector, private readonly ds: DataSource, processes: ProcessRegistry, private readonly sessions: SessionReader) {
    this.filers = [...new Set(processes.all().flatMap((d) => [d.filedBy, ...(d.filedBy.also ?? [])].flatMap((r) => r.roles)))];
    this.setters = [...new Set<Role>(['admin', ...processes.all().flatMap((d) => (d.jurisdictionSettings ?? []).flatMap((s) => s.setBy))])].sort();
    this.actors = [...new Set(processes.all().flatMap((d) => Object.values(d.events).flatMap((e) => (e.actors === 'system' ? [] : e.actors.map((a) => a.role)))))].sort();
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const marked = this.reflector.getAllAndOverride<Role[] | typeof FILERS | typeof ACTORS | typeof SETTERS | undefined>(ROLES_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (!marked) return true;
    const roles = marked === FILERS ? this.filers : marked === ACTORS ? this.actors : marked === SETTERS ? this.setters : marked;
    const req = ctx.switchToHttp().getRequest();
    const p: Principal | undefined = req.principal;
    if (p && roles.some((r) => p.roles.includes(r))) return true;
    // A remembered principal is read before it is refused (session-reader.ts).
    if (req.sessionToConfirm) return this.sessions.confirmNow(req).then(() => this.canActivate(ctx));
    const reason = `此操作需要以下角色之一：${roles.map((r) => ROLE_TITLES[r]).join('、')}`;
    if (p) {
      await inTransaction(this.ds, (tx) =>
        appendAudit(tx, {
          chainId: actorChain(p.id), caseId: null, at: new Date(), actorId: p.id, actorUsername: p.username,
          actorRole: p.roles.join(','), jurisdictionCode: p.jurisdiction.code, action: 'ROLE_REFUSED', outcome: 'refused',
          fromState: null, toState: null,
          payload: { status: 403, reason, method: req.method, route: routeOf(req) ?? null, params: req.params ?? {}, requiredRoles: roles },
        }),
      ).catch(() => undefined);
    }
    throw forbidden({ zh: reason, en: `This operation needs one of these roles: ${roles.map((r) => ROLE_TITLES_EN[r]).join(', ')}` });
  }
}
