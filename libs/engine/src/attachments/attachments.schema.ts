/**
 * The answers built in case-attachments.ts, as JSON Schema (issue 18). Edit beside the builder;
 * test/openapi.e2e-spec.ts validates real answers.
 */
import { arrayOf, bool, instant, int, oneOfValues, record, str, title, uuid } from '../response-schema';
import { ATTACHMENT_KINDS } from './attachment-kinds';
import type { KeysMatch, SameKeys } from '../response-schema';
import type { AttachmentSummary, CaseAttachments } from './case-attachments';

const kind = oneOfValues(Object.keys(ATTACHMENT_KINDS));
const sha256 = { type: 'string', pattern: '^[0-9a-f]{64}$' };

/** upload(): the stored attachment (its SHA-256 is in the case's audit chain). */
export const ATTACHMENT_SCHEMA = record({ id: uuid, name: str, size: int, contentType: str, sha256, kind });

/** list(): the case's attachments (no bytes), the kinds one may declare, whether the caller may upload. */
export const ATTACHMENT_LIST_SCHEMA = record({
  caseId: uuid, canUpload: bool, maxBytes: int,
  kinds: arrayOf(record({ kind, title })),
  items: arrayOf(record({
    id: uuid, name: str, size: int, contentType: str, sha256, kind, kindTitle: title,
    uploadedBy: record({ username: str, displayName: str }), uploadedAt: instant,
  })),
});

// The builders and these schemas name the same fields (checked by the compiler; rows mapped from SQL
// results are `any` to it, so their fields are the OpenAPI test's to check).
type List = Awaited<ReturnType<CaseAttachments['list']>>;
export type AttachmentSchemaChecks = [
  KeysMatch<SameKeys<AttachmentSummary, typeof ATTACHMENT_SCHEMA>>,
  KeysMatch<SameKeys<List, typeof ATTACHMENT_LIST_SCHEMA>>,
];
