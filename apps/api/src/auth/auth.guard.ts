import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { TokenService } from '@app/access';
import { DomainError } from '@app/engine';
import { DURING_PASSWORD_CHANGE, IS_PUBLIC } from './public.decorator';
import { CONFIRMS_SESSION, MUST_CHANGE_PASSWORD_REASON, SESSION_ENDED, SessionReader } from './session-reader';

export { MUST_CHANGE_PASSWORD_REASON } from './session-reader';

/**
 * Every route needs a valid bearer token unless marked @Public. The token's session and its user
 * are read from PostgreSQL on every request (one indexed query), so a logout, a disabled account, a
 * changed role or jurisdiction or a reset password ends the token on every replica at once. On a
 * route marked @ConfirmsSession the principal read before by this replica is used instead and the
 * request's own transaction confirms it, with the same effect (session-reader.ts, ADR 0013). A
 * session opened with a one-time password reaches only the routes marked @DuringPasswordChange.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly tokens: TokenService, private readonly sessions: SessionReader) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const header: string | undefined = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    const claims = token ? this.tokens.verify(token) : undefined;
    if (!claims) throw new DomainError(401, '未登录', token ? { zh: '登录已过期或令牌无效，请重新登录', en: 'The session has expired or the token is not valid; sign in again' } : { zh: '请先登录', en: 'Sign in first' });
    const session = await this.sessions.sessionOf(req, claims, this.reflector.getAllAndOverride<boolean>(CONFIRMS_SESSION, targets) === true);
    if (!session) throw new DomainError(401, '未登录', SESSION_ENDED);
    req.principal = session.principal;
    req.sessionId = claims.sid;
    req.mustChangePassword = session.mustChangePassword;
    if (session.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(DURING_PASSWORD_CHANGE, targets)) {
      throw new DomainError(403, '请先修改密码', MUST_CHANGE_PASSWORD_REASON);
    }
    return true;
  }
}
