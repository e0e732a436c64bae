/**
 * One audit entry as a line of the JSONL export: every column the hash covers, the canonical text
 * and both hashes, so that the export alone (no database) lets anyone rebuild every chain.
 *
 * The database id is left out on purpose: it is not hashed, so a changed digit there could not be
 * detected, and every byte of a line must be covered. Lines are written as JSON.stringify of this
 * exact key order; the verifier re-serializes what it parsed and refuses any line that differs by a
 * byte (extra whitespace, another escaping, a reordered key).
 */
import type { StoredEntryRow } from './audit-verify';

export interface ExportLine {
  chainId: string;
  seq: number;
  caseId: string | null;
  at: string;
  actorId: string | null;
  actorUsername: string;
  actorRole: string | null;
  jurisdictionCode: string | null;
  action: string;
  outcome: string;
  fromState: string | null;
  toState: string | null;
  payload: Record<string, unknown>;
  prevHash: string;
  hash: string;
  canonical: string;
  /** Present only when personal data had to be masked in this entry (see the export). */
  redacted?: true;
}

/** Field by field on purpose: the key order is part of the line format that parseExportLine checks. */
export function toExportLine(row: StoredEntryRow): ExportLine {
  return {
    chainId: row.chain_id,
    seq: row.seq,
    caseId: row.case_id,
    at: new Date(row.at).toISOString(),
    actorId: row.actor_id,
    actorUsername: row.actor_username,
    actorRole: row.actor_role,
    jurisdictionCode: row.jurisdiction_code,
    action: row.action,
    outcome: row.outcome,
    fromState: row.from_state,
    toState: row.to_state,
    payload: row.payload,
    prevHash: row.prev_hash,
    hash: row.hash,
    canonical: row.canonical,
  };
}

/** Back to the stored row shape the chain walker reads. */
export function fromExportLine(l: ExportLine): StoredEntryRow {
  return {
    chain_id: l.chainId,
    seq: l.seq,
    case_id: l.caseId,
    at: new Date(l.at),
    actor_id: l.actorId,
    actor_username: l.actorUsername,
    actor_role: l.actorRole,
    jurisdiction_code: l.jurisdictionCode,
    action: l.action,
    outcome: l.outcome as StoredEntryRow['outcome'],
    from_state: l.fromState,
    to_state: l.toState,
    payload: l.payload,
    prev_hash: l.prevHash,
    hash: l.hash,
    canonical: l.canonical,
  };
}

const KEYS: Array<keyof ExportLine> = [
  'chainId', 'seq', 'caseId', 'at', 'actorId', 'actorUsername', 'actorRole', 'jurisdictionCode', 'action', 'outcome',
  'fromState', 'toState', 'payload', 'prevHash', 'hash', 'canonical',
];

/** Parses one line; undefined unless it is exactly what the exporter writes. */
export function parseExportLine(text: string): ExportLine | undefined {
  let v: any;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const keys = Object.keys(v);
  const expected = v.redacted === true ? [...KEYS, 'redacted'] : KEYS;
  if (keys.length !== expected.length || keys.some((k, i) => k !== expected[i])) return undefined;
  if (typeof v.chainId !== 'string' || !Number.isInteger(v.seq) || typeof v.at !== 'string' || typeof v.canonical !== 'string'
    || typeof v.hash !== 'string' || typeof v.prevHash !== 'string' || !v.payload || typeof v.payload !== 'object') return undefined;
  if (Number.isNaN(new Date(v.at).getTime()) || new Date(v.at).toISOString() !== v.at) return undefined;
  return JSON.stringify(v) === text ? (v as ExportLine) : undefined;
}
