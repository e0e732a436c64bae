import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

/** What an audit entry says. Chains: one per case (`case:<id>`), one per staff member for actions outside a case transition. */
export interface AuditFacts {
  chainId: string;
  caseId: string | null;
  at: Date;
  actorId: string | null;
  actorUsername: string;
  actorRole: string | null;
  jurisdictionCode: string | null;
  action: string;
  outcome: 'ok' | 'refused';
  fromState: string | null;
  toState: string | null;
  payload: Record<string, unknown>;
}

export interface SealedEntry extends AuditFacts {
  seq: number;
  prevHash: string;
  hash: string;
  canonical: string;
}

/**
 * The canonical text of an entry, built only from its stored columns so a verifier can rebuild it.
 * It is canonicalJson of `entryDocument` (the spec checks that for generated facts), written out
 * with the members already in RFC 8785 order because verification rebuilds every stored entry:
 * the generic path's key sorting and objects made it 4 µs an entry, this about half.
 */
export function canonicalEntry(facts: AuditFacts, seq: number): string {
  const [before, after] = canonicalAround(facts);
  return `${before}${canonicalJson(seq)}${after}`;
}

/**
 * The canonical text less its sequence number: `canonicalEntry(f, seq)` is `before + seq + after`.
 * The engine's event statement seals an entry in SQL with the chain head it locks in the same
 * statement (audit-log.ts), so only the number is filled in there.
 */
export function canonicalAround(facts: AuditFacts): [before: string, after: string] {
  const s = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));
  let actor = `{"id":${s(facts.actorId)}`;
  if (facts.jurisdictionCode !== undefined) actor += `,"jurisdiction":${s(facts.jurisdictionCode)}`;
  if (facts.actorRole !== undefined) actor += `,"role":${s(facts.actorRole)}`;
  actor += `,"username":${s(facts.actorUsername)}}`;
  return [
    `{"action":${s(facts.action)},"actor":${actor},"at":${JSON.stringify(facts.at.toISOString())},"caseId":${s(facts.caseId)}` +
      `,"chainId":${s(facts.chainId)},"from":${s(facts.fromState)},"outcome":${s(facts.outcome)},"payload":${canonicalJson(facts.payload)}` +
      `,"seq":`,
    `,"to":${s(facts.toState)},"v":1}`,
  ];
}

/** The document an entry's canonical text is the RFC 8785 form of. */
export function entryDocument(facts: AuditFacts, seq: number) {
  return {
    v: 1,
    chainId: facts.chainId,
    seq,
    caseId: facts.caseId,
    at: facts.at.toISOString(),
    actor: { id: facts.actorId, username: facts.actorUsername, role: facts.actorRole, jurisdiction: facts.jurisdictionCode },
    action: facts.action,
    outcome: facts.outcome,
    from: facts.fromState,
    to: facts.toState,
    payload: facts.payload,
  };
}

export function chainHash(prevHash: string, canonical: string): string {
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

export function seal(facts: AuditFacts, prevSeq: number, prevHash: string): SealedEntry {
  const seq = prevSeq + 1;
  const canonical = canonicalEntry(facts, seq);
  return { ...facts, seq, prevHash, canonical, hash: chainHash(prevHash, canonical) };
}
