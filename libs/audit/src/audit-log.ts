import { Sql } from '@app/db';
import { AuditFacts, GENESIS_HASH, SealedEntry, seal } from './audit-entry';

export const caseChain = (caseId: string) => `case:${caseId}`;
export const actorChain = (userId: string) => `actor:${userId}`;

/** A chain's head as read under its row lock (`SELECT … FROM audit_chains … FOR UPDATE`). */
export interface LockedChainHead {
  head_seq: number;
  head_hash: string;
}

/** Reads and locks a chain's head inside a larger statement: `WITH head AS (${LOCK_CHAIN_HEAD_SQL('$n')}) …`. */
export const LOCK_CHAIN_HEAD_SQL = (param: string) => `SELECT head_seq, head_hash FROM audit_chains WHERE chain_id = ${param} FOR UPDATE`;

/**
 * Appends one entry to its chain inside the caller's transaction. The chain head row is locked by
 * the upsert, so concurrent appends to one chain serialize and `seq` has no gaps. A caller that has
 * already locked the head in this transaction (the engine does, in the statement that updates the
 * case) passes it and saves the round trip.
 */
export async function appendAudit(tx: Sql, facts: AuditFacts, locked?: LockedChainHead): Promise<SealedEntry> {
  const [head] = locked
    ? [locked]
    : await tx.query(
        `INSERT INTO audit_chains (chain_id, head_seq, head_hash) VALUES ($1, 0, $2)
         ON CONFLICT (chain_id) DO UPDATE SET chain_id = EXCLUDED.chain_id
         RETURNING head_seq, head_hash`,
        [facts.chainId, GENESIS_HASH],
      );
  const entry = seal(facts, Number(head.head_seq), head.head_hash);
  await tx.query(
    `WITH e AS (
       INSERT INTO audit_entries (chain_id, seq, case_id, at, actor_id, actor_username, actor_role, jurisdiction_code,
         action, outcome, from_state, to_state, payload, prev_hash, hash, canonical)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16) RETURNING seq, hash)
     UPDATE audit_chains SET head_seq = (SELECT seq FROM e), head_hash = (SELECT hash FROM e) WHERE chain_id = $1`,
    [
      entry.chainId, entry.seq, entry.caseId, entry.at, entry.actorId, entry.actorUsername, entry.actorRole,
      entry.jurisdictionCode, entry.action, entry.outcome, entry.fromState, entry.toState,
      JSON.stringify(entry.payload), entry.prevHash, entry.hash, entry.canonical,
    ],
  );
  return entry;
}
