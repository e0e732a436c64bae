/** This process's filing schema; the shared building blocks are re-exported for its events. */
import type { JsonSchema } from '../definition';
import { text, date, oneOf, object, nonBlank } from '../schema-blocks';

export { MIN_REASON_LENGTH, reason, text, ref, date, oneOf, object } from '../schema-blocks';
import { MATTER_TYPES } from './types';

/** The filing `data` of a legal-aid case (PROCESSES.md §4). */
export const filingSchema: JsonSchema = object(['matterType', 'summary', 'opposingParty'], {
  matterType: oneOf(MATTER_TYPES),
  summary: text,
  opposingParty: nonBlank(1, 200),
  limitationDeadline: date,
  exemptionClaim: text,
});
