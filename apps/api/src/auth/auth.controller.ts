import { Body, Controller, Get, HttpCode, Inject, Ip, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Principal, TokenService, findUserByUsername, verifyPassword } from '@app/access';
import { actorChain, appendAudit } from '@app/audit';
import { inTransaction } from '@app/db';
import { DomainError, SETTINGS, Settings, invalid, validateAgainst } from '@app/engine';
import { Caller, Public } from './public.decorator';
import { LoginThrottle } from './login-throttle';

const LOGIN_SCHEMA = {
  type: 'object',
  required: ['username', 'password'],
  additionalProperties: false,
  properties: { username: { type: 'string', minLength: 1, maxLength: 64 }, password: { type: 'string', minLength: 1, maxLength: 256 } },
};

export function userView(p: Principal) {
  return { id: p.id, username: p.username, displayName: p.displayName, roles: p.roles, jurisdiction: { code: p.jurisdiction.code, name: p.jurisdiction.name, level: p.jurisdiction.level } };
}

@ApiTags('auth')
@Controller()
export class AuthController {
  // Per account (guessing one password) and per address (trying many accounts from one place).
  private readonly perUser: LoginThrottle;
  private readonly perAddress: LoginThrottle;

  constructor(private readonly ds: DataSource, private readonly tokens: TokenService, @Inject(SETTINGS) settings: Settings) {
    this.perUser = new LoginThrottle(settings.loginMaxFailures, settings.loginWindowSeconds * 1000);
    this.perAddress = new LoginThrottle(settings.loginMaxFailuresPerAddress, settings.loginWindowSeconds * 1000);
  }

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  async login(@Body() body: unknown, @Ip() ip: string) {
    const errors = validateAgainst(LOGIN_SCHEMA, body, '');
    if (errors.length) throw invalid(errors);
    const { username, password } = body as { username: string; password: string };
    const userKey = [username];
    const addressKey = [ip];
    if (this.perUser.blocked(userKey) || this.perAddress.blocked(addressKey)) throw new DomainError(429, '尝试过于频繁', '登录失败次数过多，请稍后再试');
    const user = await findUserByUsername(this.ds, username);
    const ok = !!user && user.active && (await verifyPassword(password, user.passwordHash));
    if (!ok) {
      this.perUser.fail(userKey);
      this.perAddress.fail(addressKey);
      throw new DomainError(401, '登录失败', '用户名或密码错误');
    }
    this.perUser.succeed(userKey);
    await inTransaction(this.ds, (tx) =>
      appendAudit(tx, {
        chainId: actorChain(user!.id), caseId: null, at: new Date(), actorId: user!.id, actorUsername: user!.username,
        actorRole: user!.roles.join(','), jurisdictionCode: user!.jurisdiction.code, action: 'LOGIN', outcome: 'ok',
        fromState: null, toState: null, payload: { ip },
      }),
    );
    return { accessToken: this.tokens.issue({ sub: user!.id, username: user!.username }), user: userView(user!) };
  }

  @Get('me')
  me(@Caller() p: Principal) {
    return userView(p);
  }
}
