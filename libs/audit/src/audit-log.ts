import { Sql } from '@app/db';
import { AuditFacts, GENESIS_HASH, SealedEntry, canonicalAround, seal } from './audit-entry';

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

/**
 * Opens a new chain with its first entry in one statement (a new case's chain: it cannot exist yet,
 * so there is no head to read; a clash is a bug and fails the transaction).
 */
export async function openChain(tx: Sql, facts: AuditFacts): Promise<SealedEntry> {
  const open = openChainCtes(facts, 1);
  await tx.query(`WITH ${open.sql} SELECT 1`, open.params);
  return open.entry;
}

/**
 * openChain as CTEs of a larger statement (a filing's one write statement, write-filing.ts), its
 * parameters numbered from `$first`. The entry is sealed here: the chain starts at the genesis hash.
 */
export function openChainCtes(facts: AuditFacts, first: number): { sql: string; params: unknown[]; entry: SealedEntry } {
  const entry = seal(facts, 0, GENESIS_HASH);
  const $ = (i: number) => `$${first + i}`;
  const values = Array.from({ length: 16 }, (_, i) => $(i)).join(',');
  return {
    sql: `chain_opened AS (INSERT INTO audit_chains (chain_id, head_seq, head_hash) VALUES (${$(0)}, ${$(1)}, ${$(14)})),
     chain_first AS (
       INSERT INTO audit_entries (chain_id, seq, case_id, at, actor_id, actor_username, actor_role, jurisdiction_code,
         action, outcome, from_state, to_state, payload, prev_hash, hash, canonical)
       VALUES (${values}))`,
    params: [
      entry.chainId, entry.seq, entry.caseId, entry.at, entry.actorId, entry.actorUsername, entry.actorRole,
      entry.jurisdictionCode, entry.action, entry.outcome, entry.fromState, entry.toState,
      JSON.stringify(entry.payload), entry.prevHash, entry.hash, entry.canonical,
    ],
    entry,
  };
}

/**
 * Appends one entry inside a larger statement, sealed in SQL: after a CTE named `head` that locked
 * the chain's head (LOCK_CHAIN_HEAD_SQL), these CTEs number the entry, hash it exactly as `seal`
 * does (sha-256 of the previous hash and the canonical text, as UTF-8) and move the head. The engine
 * writes a decided case and its entry this way in one round trip. Parameters start at `$first`; a
 * missing head row appends nothing (`audit_ins` is then empty: the caller falls back to appendAudit).
 */
export function sealedAppendCtes(facts: AuditFacts, first: number): { sql: string; params: unknown[] } {
  const [before, after] = canonicalAround(facts);
  const $ = (i: number) => `$${first + i}`;
  return {
    sql: `audit_new AS (
       SELECT head_seq + 1 AS seq, head_hash AS prev_hash, ${$(12)}::text || (head_seq + 1)::text || ${$(13)}::text AS canonical FROM head),
     audit_ins AS (
       INSERT INTO audit_entries (chain_id, seq, case_id, at, actor_id, actor_username, actor_role, jurisdiction_code,
         action, outcome, from_state, to_state, payload, prev_hash, hash, canonical)
       SELECT ${$(0)}::text, n.seq, ${$(1)}::uuid, ${$(2)}::timestamptz, ${$(3)}::uuid, ${$(4)}::text, ${$(5)}::text, ${$(6)}::text,
         ${$(7)}::text, ${$(8)}::text, ${$(9)}::text, ${$(10)}::text, ${$(11)}::jsonb, n.prev_hash,
         encode(sha256(convert_to(n.prev_hash || n.canonical, 'UTF8')), 'hex'), n.canonical
       FROM audit_new n RETURNING seq, hash),
     audit_head AS (
       UPDATE audit_chains SET head_seq = i.seq, head_hash = i.hash FROM audit_ins i WHERE chain_id = ${$(0)}::text)`,
    params: [
      facts.chainId, facts.caseId, facts.at, facts.actorId, facts.actorUsername, facts.actorRole, facts.jurisdictionCode,
      facts.action, facts.outcome, facts.fromState, facts.toState, JSON.stringify(facts.payload), before, after,
    ],
  };
}

