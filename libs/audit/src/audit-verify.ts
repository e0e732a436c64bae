import { Sql } from '@app/db';
import { AuditFacts, GENESIS_HASH, canonicalEntry, chainHash } from './audit-entry';

export interface ChainBreak {
  chainId: string;
  caseId: string | null;
  seq: number;
  reason: string;
}

export interface VerifyResult {
  valid: boolean;
  checked: number;
  chains: number;
  headHash: string | null;
  firstBadSeq: number | null;
  firstBad: ChainBreak | null;
}

export interface StoredEntryRow {
  chain_id: string;
  seq: number;
  case_id: string | null;
  at: Date | string;
  actor_id: string | null;
  actor_username: string;
  actor_role: string | null;
  jurisdiction_code: string | null;
  action: string;
  outcome: 'ok' | 'refused';
  from_state: string | null;
  to_state: string | null;
  payload: Record<string, unknown>;
  prev_hash: string;
  hash: string;
  canonical: string;
}

export function factsOf(row: StoredEntryRow): AuditFacts {
  return {
    chainId: row.chain_id,
    caseId: row.case_id,
    at: new Date(row.at),
    actorId: row.actor_id,
    actorUsername: row.actor_username,
    actorRole: row.actor_role,
    jurisdictionCode: row.jurisdiction_code,
    action: row.action,
    outcome: row.outcome,
    fromState: row.from_state,
    toState: row.to_state,
    payload: row.payload,
  };
}

/**
 * Walks one chain's entries in seq order. Each entry's canonical text is rebuilt from its columns
 * (an edited column shows), its hash recomputed over the previous hash (an edited hash or a removed
 * middle entry shows), and the last entry must match the chain head (a removed last entry shows).
 */
export class ChainWalker {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  checked = 0;
  broken: ChainBreak | null = null;

  constructor(readonly chainId: string) {}

  push(row: StoredEntryRow): void {
    if (this.broken) return;
    this.checked++;
    const fail = (reason: string) => (this.broken = { chainId: this.chainId, caseId: row.case_id, seq: row.seq, reason });
    if (row.seq !== this.expectedSeq) {
      // The first problem is the missing seq, not the one found after the gap.
      this.broken = { chainId: this.chainId, caseId: row.case_id, seq: this.expectedSeq, reason: `缺少序号 ${this.expectedSeq}（条目被删除）` };
      return;
    }
    if (row.prev_hash !== this.prevHash) return void fail('前序哈希不符');
    const canonical = canonicalEntry(factsOf(row), row.seq);
    if (canonical !== row.canonical) return void fail('条目内容与存证不一致（被修改）');
    if (chainHash(this.prevHash, canonical) !== row.hash) return void fail('哈希不符（被修改）');
    this.prevHash = row.hash;
    this.expectedSeq++;
  }

  finish(head: { head_seq: number; head_hash: string } | undefined): void {
    if (this.broken) return;
    if (!head) {
      this.broken = { chainId: this.chainId, caseId: null, seq: this.expectedSeq - 1, reason: '链头记录缺失' };
    } else if (head.head_seq !== this.expectedSeq - 1 || head.head_hash !== this.prevHash) {
      this.broken = {
        chainId: this.chainId,
        caseId: null,
        seq: Math.min(head.head_seq, this.expectedSeq),
        reason: `链尾缺失：链头为第 ${head.head_seq} 条，实有 ${this.expectedSeq - 1} 条`,
      };
    }
  }

  get headHash(): string {
    return this.prevHash;
  }
}

export async function verifyChain(sql: Sql, chainId: string): Promise<VerifyResult> {
  const rows: StoredEntryRow[] = await sql.query(`SELECT * FROM audit_entries WHERE chain_id = $1 ORDER BY seq`, [chainId]);
  const [head] = await sql.query(`SELECT head_seq, head_hash FROM audit_chains WHERE chain_id = $1`, [chainId]);
  const walker = new ChainWalker(chainId);
  for (const row of rows) walker.push(row);
  walker.finish(head);
  return {
    valid: !walker.broken,
    checked: walker.checked,
    chains: 1,
    headHash: walker.broken ? null : walker.headHash,
    firstBadSeq: walker.broken?.seq ?? null,
    firstBad: walker.broken,
  };
}

/**
 * The stored columns, `at` already as the ISO text the canonical form holds: PostgreSQL formats it
 * on its own core instead of Node parsing a timestamp per entry (4 % of a full verification).
 */
const ENTRY_COLUMNS = `chain_id, seq, case_id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor_id, actor_username,
  actor_role, jurisdiction_code, action, outcome, from_state, to_state, payload, prev_hash, hash, canonical`;

/** A slice of the chain-id space: `from` inclusive, `to` exclusive; null is open-ended. */
export interface ChainRange {
  from: string | null;
  to: string | null;
}

/** What one range's walk found; ranges in key order combine into the whole trail's answer. */
export interface RangeResult {
  checked: number;
  chains: number;
  /** The first broken chain of the range, in key order. */
  firstBreak: ChainBreak | null;
  /** The first chain head of the range with no entries at all (its whole chain was deleted). */
  firstEmptyChain: ChainBreak | null;
}

type Query = (text: string, params: unknown[]) => Promise<any[]>;

const rangeSql = (r: ChainRange, first: number) => {
  const conds: string[] = [];
  const params: string[] = [];
  if (r.from !== null) conds.push(`chain_id >= $${first + params.push(r.from) - 1}`);
  if (r.to !== null) conds.push(`chain_id < $${first + params.push(r.to) - 1}`);
  return { where: conds.length ? conds.join(' AND ') : 'true', params };
};

/** Every chain of one range, read in pages ordered by (chain_id, seq) so memory stays flat at any size. */
export async function verifyRange(query: Query, range: ChainRange, pageSize = 20000): Promise<RangeResult> {
  const inRange = rangeSql(range, 1);
  const heads: Array<{ chain_id: string; head_seq: number; head_hash: string }> = await query(
    `SELECT chain_id, head_seq, head_hash FROM audit_chains WHERE ${inRange.where} ORDER BY chain_id`,
    inRange.params,
  );
  const headOf = new Map(heads.map((h) => [h.chain_id, h]));
  const result: RangeResult = { checked: 0, chains: 0, firstBreak: null, firstEmptyChain: null };
  let walker: ChainWalker | null = null;
  const seen = new Set<string>();
  const close = () => {
    if (!walker) return;
    walker.finish(headOf.get(walker.chainId));
    result.checked += walker.checked;
    result.chains++;
    seen.add(walker.chainId);
    if (!result.firstBreak && walker.broken) result.firstBreak = walker.broken;
  };
  const upTo = range.to === null ? '' : ' AND chain_id < $4';
  const page = (after: [string, number]): Promise<StoredEntryRow[]> =>
    query(
      `SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE (chain_id, seq) > ($1, $2)${upTo} ORDER BY chain_id, seq LIMIT $3`,
      range.to === null ? [after[0], after[1], pageSize] : [after[0], after[1], pageSize, range.to],
    );
  // The next page is requested before this one is checked, so PostgreSQL reads while Node hashes.
  // A range that starts at `from` begins just before it: (from, 0) precedes every seq ≥ 1.
  let pending = page([range.from ?? '', 0]);
  for (;;) {
    const rows = await pending;
    const last = rows[rows.length - 1];
    const more = rows.length === pageSize;
    if (more) pending = page([last.chain_id, last.seq]);
    for (const row of rows) {
      if (!walker || walker.chainId !== row.chain_id) {
        close();
        walker = new ChainWalker(row.chain_id);
      }
      walker.push(row);
    }
    if (!more) break;
  }
  close();
  const empty = heads.find((h) => !seen.has(h.chain_id) && h.head_seq > 0);
  if (empty) result.firstEmptyChain = { chainId: empty.chain_id, caseId: null, seq: 1, reason: '整条链的条目缺失' };
  return result;
}

/** Ranges in key order → the trail's answer, exactly as one walk over everything would give it. */
export function combineRanges(parts: RangeResult[]): VerifyResult {
  const bad = parts.find((r) => r.firstBreak)?.firstBreak ?? parts.find((r) => r.firstEmptyChain)?.firstEmptyChain ?? null;
  return {
    valid: !bad,
    checked: parts.reduce((n, r) => n + r.checked, 0),
    chains: parts.reduce((n, r) => n + r.chains, 0),
    headHash: null,
    firstBadSeq: bad?.seq ?? null,
    firstBad: bad,
  };
}

/** Every chain, in this process (see audit-verify-parallel.ts for the threaded walk). */
export async function verifyAllChains(sql: Sql, pageSize = 20000): Promise<VerifyResult> {
  return combineRanges([await verifyRange((text, params) => sql.query(text, params), { from: null, to: null }, pageSize)]);
}
