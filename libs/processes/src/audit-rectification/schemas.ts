/** The filing data of a finding and the blocks its events use. */
import type { JsonSchema } from '../definition';
import { amount, date, nonBlank, object, oneOf, reason, ref, text } from '../schema-blocks';
import { MAX_RECTIFICATION_DAYS } from './config';
import { CATEGORIES, EVIDENCE_KINDS, RESPONSIBLE_ROLES, SEVERITIES } from './types';

export { amount, date, object, oneOf, reason, ref, text };

export const rectificationDays: JsonSchema = { type: 'integer', minimum: 1, maximum: MAX_RECTIFICATION_DAYS };

export const evidenceRef: JsonSchema = object(['kind', 'ref'], { kind: oneOf(EVIDENCE_KINDS), ref });

/** PROCESSES.md §7: no applicant and no villageCode (the engine refuses them); the subject case instead. */
export const filingSchema: JsonSchema = object(
  ['subjectCaseId', 'category', 'severity', 'responsibleJurisdictionCode', 'responsibleRole', 'description', 'basis'],
  {
    subjectCaseId: { type: 'string', format: 'uuid' },
    flagCode: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$' },
    // Audit entry ids are bigserials: numbers, or digit strings as the audit search returns them.
    auditEntryIds: {
      type: 'array', maxItems: 50, uniqueItems: true,
      items: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'string', pattern: '^[1-9][0-9]{0,17}$' }] },
    },
    category: oneOf(CATEGORIES),
    severity: oneOf(SEVERITIES),
    // Chosen by name among the subject case's village, township and county (the rule accepts only those).
    responsibleJurisdictionCode: { type: 'string', pattern: '^[0-9]{6,12}$', 'x-picks': 'subject-jurisdiction' },
    responsibleRole: oneOf(RESPONSIBLE_ROLES),
    description: nonBlank(10, 4000),
    basis: nonBlank(5, 500),
    rectificationDays,
    amountInvolvedYuan: amount,
  },
);
