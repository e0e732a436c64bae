import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Principal, TokenService, findActiveUserById } from '@app/access';
import { DomainError } from '@app/engine';
import { IS_PUBLIC } from './public.decorator';

/**
 * Every route needs a valid bearer token unless marked @Public. The user is re-read (cached for a
 * few seconds) so a deactivated account or a changed role takes effect quickly.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly cache = new Map<string, { at: number; principal: Principal }>();

  constructor(private readonly reflector: Reflector, private readonly tokens: TokenService, private readonly ds: DataSource) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest();
    const header: string | undefined = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    const claims = token ? this.tokens.verify(token) : undefined;
    if (!claims) throw new DomainError(401, '未登录', token ? '登录已过期或令牌无效，请重新登录' : '请先登录');
    const cached = this.cache.get(claims.sub);
    let principal = cached && Date.now() - cached.at < 5000 ? cached.principal : undefined;
    if (!principal) {
      principal = await findActiveUserById(this.ds, claims.sub);
      if (!principal) throw new DomainError(401, '未登录', '账号不存在或已停用');
      this.cache.set(claims.sub, { at: Date.now(), principal });
      if (this.cache.size > 10000) this.cache.clear();
    }
    req.principal = principal;
    return true;
  }
}
