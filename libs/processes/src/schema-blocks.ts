/** JSON Schema building blocks every process uses for its filing data and event payloads. */
import type { JsonSchema } from './definition';

/** PROCESSES.md §5: every reject/deny/revoke/dismiss needs a written reason of at least 5 characters. */
export const MIN_REASON_LENGTH = 5;

export const reason: JsonSchema = { type: 'string', minLength: MIN_REASON_LENGTH, maxLength: 2000 };
export const text: JsonSchema = { type: 'string', minLength: 1, maxLength: 2000 };
export const ref: JsonSchema = { type: 'string', minLength: 1, maxLength: 200 };
/**
 * Money in yuan: more than 0, at most MAX_AMOUNT, in fen (two decimals). Every process's amounts
 * use this block; the process's own limits (subsidy caps, approval levels) come on top as rules.
 * Without a maximum `1e308` was stored (pen test, issue 19).
 */
export const MAX_AMOUNT = 10_000_000;
export const amount: JsonSchema = { type: 'number', exclusiveMinimum: 0, maximum: MAX_AMOUNT, multipleOf: 0.01 };
/** A count of people or votes: whole, not negative, and of a plausible size. */
export const MAX_COUNT = 1_000_000;
export const count: JsonSchema = { type: 'integer', minimum: 0, maximum: MAX_COUNT };
/** The calendar dates a case can plausibly mention (`0001-01-01` and `9999-12-31` are refused). */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2100-12-31';
export const date: JsonSchema = { type: 'string', format: 'date', formatMinimum: EARLIEST_DATE, formatMaximum: LATEST_DATE };
export const dateTime: JsonSchema = {
  type: 'string', format: 'date-time', formatMinimum: `${EARLIEST_DATE}T00:00:00Z`, formatMaximum: `${LATEST_DATE}T23:59:59Z`,
};

export const oneOf = (values: readonly string[]): JsonSchema => ({ type: 'string', enum: [...values] });

/** An object with exactly these properties: unknown fields are refused (400 naming the field). */
export function object(required: string[], properties: Record<string, JsonSchema>): JsonSchema {
  return { type: 'object', required, additionalProperties: false, properties };
}
