import { Injectable, SetMetadata } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal, SessionPrincipal, SessionToConfirm, TokenClaims, findSessionPrincipal } from '@app/access';
import { Sql, pooledPreparedReads } from '@app/db';
import { DomainError, SessionNotConfirmed } from '@app/engine';

export const CONFIRMS_SESSION = 'confirmsSession';
/**
 * The route's own transaction confirms the caller's session in its first statement (ADR 0013), so
 * the guard may act on a principal this replica read before instead of reading it again. Only for a
 * handler that answers through `SessionReader.confirming`, which hands `req.sessionToConfirm` to
 * such a transaction.
 */
export const ConfirmsSession = () => SetMetadata(CONFIRMS_SESSION, true);

export const MUST_CHANGE_PASSWORD_REASON = { zh: '您正在使用初始密码（首次登录或密码已被重置），请先修改密码后再办理业务', en: 'You are using an initial password (first sign-in or a reset); change it before working on cases' };
export const SESSION_ENDED = { zh: '登录已失效（已退出、账号已停用、权限或密码已变更），请重新登录', en: 'The session is no longer valid (signed out, account disabled, roles or password changed); sign in again' };

/**
 * Sessions recently read on this replica, by session id. Bounds memory only: an entry pushed out is
 * read again. Not a rule of the county's, so not a setting.
 */
const RECENT_SESSIONS_KEPT = 4096;

/**
 * Reads the session of a request's token (one indexed query), or, on a route whose transaction
 * confirms it (ConfirmsSession), takes the principal this replica read last time and leaves it to be
 * confirmed there. Nothing another replica needs lives here: a remembered principal is never acted
 * on unconfirmed — a logout, a disabled account, a changed role, name or place, a reset password
 * on any replica is seen by the confirming statement, and the request is then answered as if read now.
 */
@Injectable()
export class SessionReader {
  private readonly reads: Sql;
  private readonly recent = new Map<string, SessionPrincipal>();

  constructor(ds: DataSource) {
    this.reads = pooledPreparedReads(ds);
  }

  /** The session named by verified claims: remembered (to be confirmed) or read; undefined when it has ended. */
  async sessionOf(req: any, claims: TokenClaims, confirmedLater: boolean): Promise<SessionPrincipal | undefined> {
    const known = confirmedLater ? this.recent.get(claims.sid) : undefined;
    if (known && known.principal.id === claims.sub && !known.mustChangePassword) {
      req.sessionToConfirm = { sessionId: claims.sid, userId: claims.sub, fingerprint: known.fingerprint } satisfies SessionToConfirm;
      return known;
    }
    return this.read(claims);
  }

  /**
   * Runs a handler that passes `req.sessionToConfirm` to its transaction. When the request failed
   * before the session was confirmed, the session is read now: ended → 401; changed (say, a new
   * display name), or not confirmed for want of a case → the handler runs again with the principal as
   * read (nothing of the first run was written: it failed before its transaction did anything);
   * otherwise its own error.
   */
  async confirming<T>(req: any, handler: (principal: Principal, toConfirm?: SessionToConfirm) => Promise<T>): Promise<T> {
    const pending: SessionToConfirm | undefined = req.sessionToConfirm;
    try {
      return await handler(req.principal, pending);
    } catch (err) {
      if (!pending || pending.confirmed) throw err;
      const session = await this.readNow(req, pending);
      // Not confirmed because there was no case to confirm it with (a 404 to come), or the principal changed.
      if (err instanceof SessionNotConfirmed || session.fingerprint !== pending.fingerprint) return handler(session.principal, undefined);
      throw err;
    }
  }

  /**
   * Before a guard refuses a remembered principal, the session is read: a refusal (and its audit
   * entry) is for the caller as they are now, and an ended session is a 401, not a 403.
   */
  async confirmNow(req: any): Promise<void> {
    if (req.sessionToConfirm) await this.readNow(req, req.sessionToConfirm);
  }

  /** The remembered session read now, as the guard would have: ended → 401, a one-time password → 403. */
  private async readNow(req: any, pending: SessionToConfirm): Promise<SessionPrincipal> {
    const session = await this.read({ sid: pending.sessionId, sub: pending.userId });
    if (!session) throw new DomainError(401, '未登录', SESSION_ENDED);
    if (session.mustChangePassword) throw new DomainError(403, '请先修改密码', MUST_CHANGE_PASSWORD_REASON);
    req.sessionToConfirm = undefined;
    req.principal = session.principal;
    return session;
  }

  private async read(claims: Pick<TokenClaims, 'sid' | 'sub'>): Promise<SessionPrincipal | undefined> {
    const session = await findSessionPrincipal(this.reads, claims.sid, claims.sub);
    if (!session) {
      this.recent.delete(claims.sid);
      return undefined;
    }
    if (this.recent.size >= RECENT_SESSIONS_KEPT && !this.recent.has(claims.sid)) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(claims.sid, session);
    return session;
  }
}
