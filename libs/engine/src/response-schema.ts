/**
 * Building blocks for the JSON Schemas of the api's answers (issue 18: the OpenAPI document
 * describes every response body). Each answer's schema is written once beside the code that builds
 * the answer; the api's document collects them, and test/openapi.e2e-spec.ts validates real answers
 * of the running system against them, so a field added, renamed or dropped without its schema
 * fails there. Objects are closed and every listed property is required unless said otherwise:
 * an answer that grows a field must say so here.
 */
export type ResponseSchema = Record<string, unknown>;

/** A closed object: exactly these properties, all present unless named in `optional`. */
export function record<P extends Record<string, ResponseSchema>>(properties: P, optional: Array<keyof P & string> = [], description?: string) {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    additionalProperties: false as const,
    properties,
  };
}

/**
 * Compile time: `true` only when an answer's keys and its schema's properties are the same set, so
 * a field added to or dropped from a builder without its schema fails `npm run typecheck`, before
 * the OpenAPI test sees a real answer. Use: `type _ = KeysMatch<SameKeys<Answer, typeof SCHEMA>>`.
 */
export type SameKeys<Answer, Schema extends { properties: object }> =
  [Exclude<keyof Answer, keyof Schema['properties']>, Exclude<keyof Schema['properties'], keyof Answer>] extends [never, never] ? true : false;
export type KeysMatch<T extends true> = T;

/** An object whose keys are data (codes, states, periods), each value of one shape. */
export const mapOf = (value: ResponseSchema, description?: string): ResponseSchema => ({ type: 'object', ...(description ? { description } : {}), additionalProperties: value });

/** Data whose shape a process definition or an entry's kind decides (filing data, payloads, context). */
export const anyObject = (description: string): ResponseSchema => ({ type: 'object', description });

export const nullable = (s: ResponseSchema): ResponseSchema => ({ anyOf: [s, { type: 'null' }] });
export const arrayOf = <I extends ResponseSchema>(items: I) => ({ type: 'array' as const, items });

export const str: ResponseSchema = { type: 'string' };
export const int: ResponseSchema = { type: 'integer' };
export const num: ResponseSchema = { type: 'number' };
export const bool: ResponseSchema = { type: 'boolean' };
export const uuid: ResponseSchema = { type: 'string', format: 'uuid' };
/** An instant as the api writes it: Date#toISOString. */
export const instant: ResponseSchema = { type: 'string', format: 'date-time' };
export const oneOfValues = (values: readonly string[]): ResponseSchema => ({ type: 'string', enum: [...values] });
/** A `{zh, en}` title (states, processes, roles, flags). */
export const title: ResponseSchema = record({ zh: str, en: str });
/** A page of a keyset- or offset-paginated listing; `nextCursor` null on the last page. */
export function page<E extends Record<string, ResponseSchema>>(item: ResponseSchema, extra: E = {} as E, description?: string) {
  return record({ items: arrayOf(item), nextCursor: nullable(str), ...extra }, [], description);
}
