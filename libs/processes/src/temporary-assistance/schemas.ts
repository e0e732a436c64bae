/** This process's filing schema; the shared building blocks are re-exported for its events. */
import type { JsonSchema } from '../definition';
import { text, amount, object } from '../schema-blocks';

export { MIN_REASON_LENGTH, reason, text, ref, shortText, nonBlank, amount, date, dateTime, object } from '../schema-blocks';
import { HARDSHIP_TYPES, URGENCIES } from './types';

/** The filing `data` of a temporary-assistance case (PROCESSES.md §3). */
export const filingSchema: JsonSchema = object(['hardshipType', 'urgency', 'description', 'requestedAmount'], {
  hardshipType: { type: 'string', enum: [...HARDSHIP_TYPES] },
  urgency: { type: 'string', enum: [...URGENCIES] },
  description: text,
  requestedAmount: amount,
});
