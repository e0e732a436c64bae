/** The answers audit-search.ts and the audit controllers build, as JSON Schema (issue 18); test/openapi.e2e-spec.ts validates real ones. */
import { jsonSchema } from '@app/engine';
import type { ActionChoice } from './audit-actions';
import type { AuditSearch } from './audit-search';

const { anyObject, arrayOf, bool, instant, int, nullable, oneOfValues, page, record, str, title, uuid } = jsonSchema;

const hash = { type: 'string', pattern: '^[0-9a-f]{64}$' };

/** AuditSearch.find(): one entry of GET /api/audit. */
export const AUDIT_ENTRY_SCHEMA = record({
  id: int, chainId: str, seq: int, caseId: nullable(uuid), at: instant, actor: str, actorDisplayName: nullable(str), role: nullable(str), jurisdictionCode: nullable(str),
  action: str, outcome: oneOfValues(['ok', 'refused']), fromState: nullable(str), toState: nullable(str),
  payload: anyObject('The entry\'s payload (full ID numbers masked)'), hash,
});

export const AUDIT_PAGE_SCHEMA = page(AUDIT_ENTRY_SCHEMA, {
  places: jsonSchema.mapOf(str, 'Names of the jurisdiction codes the page holds (actors\' units, codes in payloads)'),
}, 'Audit entries matching the filter, newest first');

const chainBreak = record({ chainId: str, caseId: nullable(uuid), seq: int, reason: str });

/** verifyOneChain / verifyTrail (libs/audit checkpoints.ts): the chains, the attachments' bytes and the latest checkpoint. */
export const VERIFY_RESULT_SCHEMA = record({
  valid: bool, checked: int, chains: int, headHash: nullable(str), firstBadSeq: nullable(int), firstBad: nullable(chainBreak),
  threads: int,
  checkpoint: nullable(record({
    id: int, createdAt: str, chains: int, entries: int, root: str, keyId: str, signatureValid: bool, headsValid: nullable(bool), problem: nullable(chainBreak),
  })),
  attachmentsChecked: int,
}, ['threads'], 'Hash chain check; `threads` only for the whole trail');

export const PUBLIC_KEY_SCHEMA = record({ algorithm: { const: 'Ed25519' }, keyId: str, publicKey: str });

/** checkpointFile(): the latest signed checkpoint for the offline verifier. */
export const CHECKPOINT_FILE_SCHEMA = record({
  format: str, version: int, algorithm: { const: 'Ed25519' }, body: str, signature: str, keyId: str, publicKey: str,
  heads: arrayOf(record({ chainId: str, seq: int, hash })),
});

/** actionChoices(): GET /api/audit/actions, the search's action picker (the engine's actions, then each process's events). */
export const AUDIT_ACTION_SCHEMA = record({ action: str, title, process: nullable(title) });
export const AUDIT_ACTIONS_SCHEMA = record({ items: arrayOf(AUDIT_ACTION_SCHEMA) });

// The builders and these schemas name the same fields (checked by the compiler).
export type AuditSchemaChecks = [
  jsonSchema.KeysMatch<jsonSchema.SameKeys<Awaited<ReturnType<AuditSearch['find']>>, typeof AUDIT_PAGE_SCHEMA>>,
  jsonSchema.KeysMatch<jsonSchema.SameKeys<ActionChoice, typeof AUDIT_ACTION_SCHEMA>>,
];
