/** JSON Schema building blocks shared by the filing and the event payloads. */
import type { JsonSchema } from '../definition';
import { HARDSHIP_TYPES, URGENCIES } from './types';

/** PROCESSES.md §5: every reject/deny/revoke needs a written reason of at least 5 characters. */
export const MIN_REASON_LENGTH = 5;

export const reason: JsonSchema = { type: 'string', minLength: MIN_REASON_LENGTH, maxLength: 2000 };
export const text: JsonSchema = { type: 'string', minLength: 1, maxLength: 2000 };
export const ref: JsonSchema = { type: 'string', minLength: 1, maxLength: 200 };
export const amount: JsonSchema = { type: 'number', exclusiveMinimum: 0 };
export const date: JsonSchema = { type: 'string', format: 'date' };
export const dateTime: JsonSchema = { type: 'string', format: 'date-time' };

export function object(required: string[], properties: Record<string, JsonSchema>): JsonSchema {
  return { type: 'object', required, additionalProperties: false, properties };
}

/** The filing `data` of a temporary-assistance case (PROCESSES.md §3). */
export const filingSchema: JsonSchema = object(['hardshipType', 'urgency', 'description', 'requestedAmount'], {
  hardshipType: { type: 'string', enum: [...HARDSHIP_TYPES] },
  urgency: { type: 'string', enum: [...URGENCIES] },
  description: text,
  requestedAmount: amount,
});
