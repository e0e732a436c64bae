/** JSON Schema building blocks every process uses for its filing data and event payloads. */
import type { JsonSchema } from './definition';

/** PROCESSES.md §5: every reject/deny/revoke/dismiss needs a written reason of at least 5 characters. */
export const MIN_REASON_LENGTH = 5;

/**
 * Text that must say something: at least `min` characters once leading and trailing blanks are
 * trimmed (JavaScript's `\s`: spaces, tabs, line breaks, the full-width space U+3000 …). Five
 * spaces were accepted as a reason before (issue 17). Plain JSON Schema — a `pattern` that finds
 * two non-blank characters at least `min - 1` apart — so the console's form validation and the
 * OpenAPI document understand it; the api's validator names the rule in its message
 * (`nonBlankMinimum`). The value is stored as typed.
 */
export function nonBlank(min: number, maxLength: number): JsonSchema {
  return { type: 'string', minLength: min, maxLength, pattern: nonBlankPattern(min) };
}

export function nonBlankPattern(min: number): string {
  if (!Number.isInteger(min) || min < 1) throw new Error(`nonBlank: min must be a positive integer, got ${min}`);
  return min === 1 ? '\\S' : `\\S[\\s\\S]{${min - 2},}\\S`;
}

/** The trimmed length a pattern made by `nonBlankPattern` demands, or undefined for any other pattern. */
export function nonBlankMinimum(pattern: unknown): number | undefined {
  if (pattern === '\\S') return 1;
  const m = typeof pattern === 'string' ? /^\\S\[\\s\\S\]\{(\d+),\}\\S$/.exec(pattern) : null;
  return m ? Number(m[1]) + 2 : undefined;
}

export const reason: JsonSchema = nonBlank(MIN_REASON_LENGTH, 2000);
export const text: JsonSchema = nonBlank(1, 2000);
export const ref: JsonSchema = nonBlank(1, 200);
/** A short free-text item: a name, an organisation, a failed checklist item. */
export const shortText: JsonSchema = nonBlank(1, 100);
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
