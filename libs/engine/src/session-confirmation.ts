import { type SessionToConfirm, sessionConfirmedSql } from '@app/access';
import { Sql } from '@app/db';
import { SessionNotConfirmed } from './errors';

/**
 * A remembered session (ADR 0013) is confirmed by a statement of the request's own transaction:
 * `confirmed` is that statement's answer. Not confirmed → the transaction rolls back and the api reads
 * the session before answering anything.
 */
export function settleConfirmation(toConfirm: SessionToConfirm, confirmed: boolean | undefined): void {
  if (!confirmed) throw new SessionNotConfirmed();
  toConfirm.confirmed = true;
}

/** The confirmation as a statement of its own, for a transaction whose first reads it can travel with. */
export async function confirmSession(tx: Sql, toConfirm: SessionToConfirm): Promise<void> {
  const [row] = await tx.query(`SELECT ${sessionConfirmedSql('$1', '$2', '$3')} AS confirmed`, [toConfirm.sessionId, toConfirm.userId, toConfirm.fingerprint]);
  settleConfirmation(toConfirm, row?.confirmed);
}
