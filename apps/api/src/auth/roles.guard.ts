import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Principal } from '@app/access';
import type { Role } from '@app/processes';
import { forbidden, ROLE_TITLES } from '@app/engine';

const ROLES_KEY = 'roles';
/** Limits a route to callers holding one of these roles (jurisdiction is checked by the service). */
export const RequireRoles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}
  canActivate(ctx: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (!roles) return true;
    const p: Principal | undefined = ctx.switchToHttp().getRequest().principal;
    if (p && roles.some((r) => p.roles.includes(r))) return true;
    throw forbidden(`此操作需要以下角色之一：${roles.map((r) => ROLE_TITLES[r]).join('、')}`);
  }
}
