import { Body, Controller, Get, HttpCode, Inject, Ip, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import {
  Principal, TokenService, findUserByUsername, hashPassword, openSession, passwordProblem, revokeSession, revokeUserSessions, verifyPassword,
} from '@app/access';
import { actorChain, appendAudit } from '@app/audit';
import { Sql, inTransaction } from '@app/db';
import { DomainError, Localized, SETTINGS, Settings, invalid, validateAgainst } from '@app/engine';
import { Caller, DuringPasswordChange, MustChangePassword, Public, SessionId } from './public.decorator';
import { LoginThrottle } from './login-throttle';

export const LOGIN_SCHEMA = {
  type: 'object',
  required: ['username', 'password'],
  additionalProperties: false,
  properties: { username: { type: 'string', minLength: 1, maxLength: 64 }, password: { type: 'string', minLength: 1, maxLength: 256 } },
};

export const PASSWORD_SCHEMA = {
  type: 'object',
  required: ['currentPassword', 'newPassword'],
  additionalProperties: false,
  properties: { currentPassword: { type: 'string', minLength: 1, maxLength: 256 }, newPassword: { type: 'string', minLength: 1, maxLength: 256 } },
};

// Hashed once at start: an unknown username costs the same scrypt as a known one, so the answer's
// timing does not tell which usernames exist.
const DUMMY_HASH = hashPassword('no user has this password: timing decoy');

export function userView(p: Principal, mustChangePassword = false) {
  return {
    id: p.id, username: p.username, displayName: p.displayName, roles: p.roles,
    jurisdiction: { code: p.jurisdiction.code, name: p.jurisdiction.name, level: p.jurisdiction.level },
    mustChangePassword,
  };
}

/** An entry on the user's own chain (logins, failures, password changes, logouts). */
function auditOwn(tx: Sql, p: Principal, action: string, outcome: 'ok' | 'refused', payload: Record<string, unknown>) {
  return appendAudit(tx, {
    chainId: actorChain(p.id), caseId: null, at: new Date(), actorId: p.id, actorUsername: p.username,
    actorRole: p.roles.join(','), jurisdictionCode: p.jurisdiction.code, action, outcome, fromState: null, toState: null, payload,
  });
}

@ApiTags('auth')
@Controller()
export class AuthController {
  private readonly throttle: LoginThrottle;

  constructor(private readonly ds: DataSource, private readonly tokens: TokenService, @Inject(SETTINGS) private readonly settings: Settings) {
    this.throttle = new LoginThrottle(ds, {
      maxFailures: settings.loginMaxFailures, maxFailuresPerAddress: settings.loginMaxFailuresPerAddress, windowSeconds: settings.loginWindowSeconds,
    });
  }

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  async login(@Body() body: unknown, @Ip() ip: string, @Res({ passthrough: true }) res: FastifyReply) {
    const errors = validateAgainst(LOGIN_SCHEMA, body, '');
    if (errors.length) throw invalid(errors);
    const { username, password } = body as { username: string; password: string };
    const gate = await this.throttle.gate(username, ip);
    if (gate.addressBlocked) throw tooMany(res, this.settings.loginWindowSeconds, { zh: '此地址登录失败次数过多，请稍后再试', en: 'Too many failed sign-ins from this address; try again later' });
    const user = await findUserByUsername(this.ds, username);
    if (gate.accountWaitSeconds > 0 && !(user && (await this.throttle.isKnownAddress(user.id, ip)))) {
      throw tooMany(res, gate.accountWaitSeconds, { zh: `该账号登录失败次数过多，请 ${gate.accountWaitSeconds} 秒后再试`, en: `Too many failed sign-ins for this account; try again in ${gate.accountWaitSeconds} seconds` });
    }
    const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH));
    if (!ok || !user || !user.active) {
      const failures = await this.throttle.fail(username, ip);
      // Up to the limit each failure is on the account's chain; past it the backoff answers and a
      // flood of guesses cannot fill the chain.
      if (user && failures <= this.settings.loginMaxFailures) {
        await inTransaction(this.ds, (tx) => auditOwn(tx, user, 'LOGIN_FAILED', 'refused', { ip, failures, reason: user.active ? 'password' : 'disabled' }));
      }
      throw new DomainError(401, '登录失败', { zh: '用户名或密码错误', en: 'Wrong username or password' });
    }
    await this.throttle.succeed(username);
    await this.throttle.remember(user.id, ip);
    // Expired sessions are useless once past their expiry (logins and logouts are in the audit).
    if (Math.random() < 0.01) await this.ds.query(`DELETE FROM sessions WHERE expires_at < now() - interval '1 day'`);
    const sid = await inTransaction(this.ds, async (tx) => {
      await tx.query(`UPDATE users SET last_login_at = now() WHERE id = $1`, [user.id]);
      await auditOwn(tx, user, 'LOGIN', 'ok', { ip, mustChangePassword: user.mustChangePassword });
      return openSession(tx, user.id, this.tokens.ttlSeconds);
    });
    return {
      accessToken: this.tokens.issue({ sub: user.id, username: user.username, sid }),
      user: userView(user, user.mustChangePassword),
      mustChangePassword: user.mustChangePassword,
    };
  }

  @Get('me')
  @DuringPasswordChange()
  me(@Caller() p: Principal, @MustChangePassword() mustChange: boolean) {
    return userView(p, mustChange);
  }

  /** Changes the caller's password; every session of the user ends and a new token is answered. */
  @Post('auth/password')
  @HttpCode(200)
  @DuringPasswordChange()
  async changePassword(@Caller() p: Principal, @Body() body: unknown, @Ip() ip: string) {
    const errors = validateAgainst(PASSWORD_SCHEMA, body, '');
    if (errors.length) throw invalid(errors);
    const { currentPassword, newPassword } = body as { currentPassword: string; newPassword: string };
    const user = await findUserByUsername(this.ds, p.username);
    if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) {
      await inTransaction(this.ds, (tx) => auditOwn(tx, p, 'PASSWORD_CHANGE_REFUSED', 'refused', { ip, reason: 'current_password' }));
      throw invalid([{ field: 'currentPassword', message: '当前密码不正确', en: 'the current password is wrong' }]);
    }
    const problem = passwordProblem(p.username, newPassword)
      ?? (newPassword === currentPassword ? { zh: '新密码不能与当前密码相同', en: 'the new password must differ from the current one' } : undefined);
    if (problem) throw invalid([{ field: 'newPassword', message: problem.zh, en: problem.en }]);
    const hash = await hashPassword(newPassword);
    const sid = await inTransaction(this.ds, async (tx) => {
      await tx.query(
        `UPDATE users SET password_hash = $2, must_change_password = false, password_changed_at = now(), updated_at = now() WHERE id = $1`,
        [p.id, hash],
      );
      const ended = await revokeUserSessions(tx, p.id, 'password_changed');
      await auditOwn(tx, p, 'PASSWORD_CHANGED', 'ok', { ip, sessionsEnded: ended, wasOneTime: user.mustChangePassword });
      return openSession(tx, p.id, this.tokens.ttlSeconds);
    });
    return { accessToken: this.tokens.issue({ sub: p.id, username: p.username, sid }) };
  }

  /** Ends this token's session on every replica. */
  @Post('auth/logout')
  @HttpCode(204)
  @DuringPasswordChange()
  async logout(@Caller() p: Principal, @SessionId() sid: string, @Ip() ip: string): Promise<void> {
    await inTransaction(this.ds, async (tx) => {
      await revokeSession(tx, sid, 'logout');
      await auditOwn(tx, p, 'LOGOUT', 'ok', { ip });
    });
  }
}

function tooMany(res: FastifyReply, retryAfterSeconds: number, detail: Localized): DomainError {
  res.header('Retry-After', String(Math.max(1, Math.ceil(retryAfterSeconds))));
  return new DomainError(429, '尝试过于频繁', detail);
}
