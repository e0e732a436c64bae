/** JSON Schema building blocks every process uses for its filing data and event payloads. */
import type { JsonSchema } from './definition';

/** PROCESSES.md §5: every reject/deny/revoke/dismiss needs a written reason of at least 5 characters. */
export const MIN_REASON_LENGTH = 5;

export const reason: JsonSchema = { type: 'string', minLength: MIN_REASON_LENGTH, maxLength: 2000 };
export const text: JsonSchema = { type: 'string', minLength: 1, maxLength: 2000 };
export const ref: JsonSchema = { type: 'string', minLength: 1, maxLength: 200 };
export const amount: JsonSchema = { type: 'number', exclusiveMinimum: 0 };
export const count: JsonSchema = { type: 'integer', minimum: 0 };
export const date: JsonSchema = { type: 'string', format: 'date' };
export const dateTime: JsonSchema = { type: 'string', format: 'date-time' };

export const oneOf = (values: readonly string[]): JsonSchema => ({ type: 'string', enum: [...values] });

/** An object with exactly these properties: unknown fields are refused (400 naming the field). */
export function object(required: string[], properties: Record<string, JsonSchema>): JsonSchema {
  return { type: 'object', required, additionalProperties: false, properties };
}
