import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { TokenService, findSessionPrincipal } from '@app/access';
import { Sql, pooledPreparedReads } from '@app/db';
import { DomainError } from '@app/engine';
import { DURING_PASSWORD_CHANGE, IS_PUBLIC } from './public.decorator';

export const MUST_CHANGE_PASSWORD_REASON = { zh: '您正在使用初始密码（首次登录或密码已被重置），请先修改密码后再办理业务', en: 'You are using an initial password (first sign-in or a reset); change it before working on cases' };

/**
 * Every route needs a valid bearer token unless marked @Public. The token's session and its user
 * are read from PostgreSQL on every request (one indexed query, no per-replica cache), so a logout,
 * a disabled account, a changed role or jurisdiction or a reset password ends the token on every
 * replica at once. A session opened with a one-time password reaches only the routes marked
 * @DuringPasswordChange.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly reads: Sql;

  constructor(private readonly reflector: Reflector, private readonly tokens: TokenService, ds: DataSource) {
    this.reads = pooledPreparedReads(ds);
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const header: string | undefined = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    const claims = token ? this.tokens.verify(token) : undefined;
    if (!claims) throw new DomainError(401, '未登录', token ? { zh: '登录已过期或令牌无效，请重新登录', en: 'The session has expired or the token is not valid; sign in again' } : { zh: '请先登录', en: 'Sign in first' });
    const session = await findSessionPrincipal(this.reads, claims.sid, claims.sub);
    if (!session) throw new DomainError(401, '未登录', { zh: '登录已失效（已退出、账号已停用、权限或密码已变更），请重新登录', en: 'The session is no longer valid (signed out, account disabled, roles or password changed); sign in again' });
    req.principal = session.principal;
    req.sessionId = claims.sid;
    req.mustChangePassword = session.mustChangePassword;
    if (session.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(DURING_PASSWORD_CHANGE, targets)) {
      throw new DomainError(403, '请先修改密码', MUST_CHANGE_PASSWORD_REASON);
    }
    return true;
  }
}
