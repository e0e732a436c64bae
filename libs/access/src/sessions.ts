import { Sql } from '@app/db';
import { Principal } from './principal';
import { PRINCIPAL_FINGERPRINT, USER_WITH_FINGERPRINT_SELECT, UserRow, toPrincipal } from './users';

/**
 * Sessions are rows: a login opens one, a token names it (`sid`), and every request reads it with
 * the user in one indexed query. Revoking the row (logout, disable, role or jurisdiction change,
 * password reset or change) ends the token on every api replica at its next request; no replica
 * keeps a copy that could outlive it.
 */
export interface SessionPrincipal {
  principal: Principal;
  /** The user's one-time password is in force (read with the session): only /me, /auth/password and /auth/logout. */
  mustChangePassword: boolean;
  /** PRINCIPAL_FINGERPRINT as read: what a later transaction compares the remembered principal with. */
  fingerprint: string;
}

/** A session `s` of user `u` that may still be acted under: the one definition, for reading and for confirming it. */
const LIVE_SESSION = 's.revoked_at IS NULL AND s.expires_at > now() AND u.active';

/**
 * A session the request acts under but has not read (a principal remembered by this replica,
 * ADR 0013): the request's own transaction confirms it in its first statement (sessionConfirmedSql)
 * and marks it `confirmed`; until then no answer of the request may be given (auth/session-reader.ts).
 */
export interface SessionToConfirm {
  sessionId: string;
  userId: string;
  fingerprint: string;
  confirmed?: boolean;
}

/**
 * A boolean column: the session is live (not revoked, not expired, the user active and without a
 * one-time password) and its principal is still the one remembered. Parameters: session id, user
 * id, fingerprint.
 */
export function sessionConfirmedSql(sessionId: string, userId: string, fingerprint: string): string {
  return `EXISTS (SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id JOIN jurisdictions j ON j.code = u.jurisdiction_code
    WHERE s.id = ${sessionId}::uuid AND u.id = ${userId}::uuid AND ${LIVE_SESSION}
      AND NOT u.must_change_password AND ${PRINCIPAL_FINGERPRINT} = ${fingerprint}::text)`;
}

export async function openSession(tx: Sql, userId: string, ttlSeconds: number): Promise<string> {
  const [row] = await tx.query(
    `INSERT INTO sessions (user_id, expires_at) VALUES ($1, now() + make_interval(secs => $2)) RETURNING id`,
    [userId, ttlSeconds],
  );
  return row.id;
}

export async function findSessionPrincipal(sql: Sql, sessionId: string, userId: string): Promise<SessionPrincipal | undefined> {
  const [row] = (await sql.query(
    `${USER_WITH_FINGERPRINT_SELECT} JOIN sessions s ON s.user_id = u.id
     WHERE s.id = $1 AND u.id = $2 AND ${LIVE_SESSION}`,
    [sessionId, userId],
  )) as Array<UserRow & { must_change_password: boolean; fingerprint: string }>;
  return row ? { principal: toPrincipal(row), mustChangePassword: row.must_change_password, fingerprint: row.fingerprint } : undefined;
}

/** Ends one session (logout). */
export async function revokeSession(tx: Sql, sessionId: string, reason: string): Promise<void> {
  await tx.query(`UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`, [sessionId, reason]);
}

/** Ends every live session of a user; returns how many. */
export async function revokeUserSessions(tx: Sql, userId: string, reason: string): Promise<number> {
  // A SELECT over the UPDATE: TypeORM answers a bare UPDATE … RETURNING as [rows, count].
  const [row] = await tx.query(
    `WITH ended AS (UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING 1)
     SELECT count(*)::int AS n FROM ended`,
    [userId, reason],
  );
  return row.n;
}
