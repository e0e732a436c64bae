/** JSON Schema building blocks shared by the filing and the event payloads. */
import type { JsonSchema } from '../definition';
import { MATTER_TYPES } from './types';

/** PROCESSES.md §5: every reject/deny/revoke/dismiss needs a written reason of at least 5 characters. */
export const MIN_REASON_LENGTH = 5;

export const reason: JsonSchema = { type: 'string', minLength: MIN_REASON_LENGTH, maxLength: 2000 };
export const text: JsonSchema = { type: 'string', minLength: 1, maxLength: 2000 };
export const ref: JsonSchema = { type: 'string', minLength: 1, maxLength: 200 };
export const date: JsonSchema = { type: 'string', format: 'date' };

export const oneOf = (values: readonly string[]): JsonSchema => ({ type: 'string', enum: [...values] });

export function object(required: string[], properties: Record<string, JsonSchema>): JsonSchema {
  return { type: 'object', required, additionalProperties: false, properties };
}

/** The filing `data` of a legal-aid case (PROCESSES.md §4). */
export const filingSchema: JsonSchema = object(['matterType', 'summary', 'opposingParty'], {
  matterType: oneOf(MATTER_TYPES),
  summary: text,
  opposingParty: { type: 'string', minLength: 1, maxLength: 200 },
  limitationDeadline: date,
  exemptionClaim: text,
});
