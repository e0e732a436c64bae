/** JSON Schema building blocks shared by the filing and the event payloads. */
import type { JsonSchema } from '../definition';
import { CATEGORIES } from './types';

/** PROCESSES.md §5: every reject/deny/revoke needs a written reason of at least 5 characters. */
export const MIN_REASON_LENGTH = 5;

export const reason: JsonSchema = { type: 'string', minLength: MIN_REASON_LENGTH, maxLength: 2000 };
export const text: JsonSchema = { type: 'string', minLength: 1, maxLength: 2000 };
export const ref: JsonSchema = { type: 'string', minLength: 1, maxLength: 200 };
export const amount: JsonSchema = { type: 'number', exclusiveMinimum: 0 };
export const count: JsonSchema = { type: 'integer', minimum: 0 };
export const date: JsonSchema = { type: 'string', format: 'date' };
export const names: JsonSchema = { type: 'array', minItems: 1, items: { type: 'string', minLength: 1, maxLength: 100 } };

export function object(required: string[], properties: Record<string, JsonSchema>): JsonSchema {
  return { type: 'object', required, additionalProperties: false, properties };
}

/** The filing `data` of a housing-renovation case (PROCESSES.md §2). */
export const filingSchema: JsonSchema = object(['category', 'houseDescription'], {
  category: { type: 'string', enum: [...CATEGORIES] },
  houseDescription: text,
  houseStructure: { type: 'string', minLength: 1, maxLength: 100 },
  builtYear: { type: 'integer', minimum: 1800, maximum: 2100 },
});
