/** This process's filing schema; the shared building blocks are re-exported for its events. */
import type { JsonSchema } from '../definition';
import { text, object, shortText } from '../schema-blocks';

export { MIN_REASON_LENGTH, reason, text, ref, shortText, amount, count, date, object } from '../schema-blocks';
import { CATEGORIES } from './types';

export const names: JsonSchema = { type: 'array', minItems: 1, items: shortText };

/** The filing `data` of a housing-renovation case (PROCESSES.md §2). */
export const filingSchema: JsonSchema = object(['category', 'houseDescription'], {
  category: { type: 'string', enum: [...CATEGORIES] },
  houseDescription: text,
  houseStructure: shortText,
  builtYear: { type: 'integer', minimum: 1800, maximum: 2100 },
});
