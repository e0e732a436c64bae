/**
 * Client-side validation of a converted value against its schema: catches what the api would
 * refuse with a 400 before sending. Messages are keyed by dotted field path.
 */
import type { JsonSchema } from '../api/types';
import type { MessageKey, Vars } from '../i18n';
import { joinPath, type FieldErrors } from '../lib/fieldPath';
import { enumOptions, itemsOf, props, requiredOf, typeOf } from './schema';

export type Translate = (key: MessageKey, vars?: Vars) => string;

export function validate(schema: JsonSchema, value: unknown, path: string, t: Translate, required = false): FieldErrors {
  const errors: FieldErrors = {};
  check(schema, value, path, required, t, errors);
  return errors;
}

function check(s: JsonSchema, v: unknown, path: string, required: boolean, t: Translate, out: FieldErrors): void {
  const fail = (key: MessageKey, vars?: Vars) => {
    if (!(path in out)) out[path] = t(key, vars);
  };
  if (v === undefined || v === null) {
    if (required) fail('validation.required');
    return;
  }
  if (s.const !== undefined && v !== s.const) return fail(s.const === true ? 'validation.const' : 'validation.enum');
  const options = enumOptions(s);
  if (options && !options.some((o) => o.value === v)) return fail('validation.enum');

  const type = typeOf(s);
  if (type === 'string') {
    const str = String(v);
    if (s.minLength !== undefined && str.length < Number(s.minLength)) {
      return fail(str.length === 0 ? 'validation.required' : 'validation.minLength', { n: Number(s.minLength) });
    }
    if (s.maxLength !== undefined && str.length > Number(s.maxLength)) return fail('validation.maxLength', { n: Number(s.maxLength) });
    if (typeof s.pattern === 'string' && !safeRegExp(s.pattern)?.test(str)) return fail('validation.pattern');
    if (s.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(str)) return fail('validation.date');
    if (s.format === 'date-time' && Number.isNaN(Date.parse(str))) return fail('validation.date');
    return;
  }
  if (type === 'number' || type === 'integer') {
    if (typeof v !== 'number' || Number.isNaN(v)) return fail('validation.number');
    if (type === 'integer' && !Number.isInteger(v)) return fail('validation.integer');
    if (s.minimum !== undefined && v < Number(s.minimum)) return fail('validation.minimum', { n: Number(s.minimum) });
    if (s.exclusiveMinimum !== undefined && v <= Number(s.exclusiveMinimum)) {
      return fail('validation.exclusiveMinimum', { n: Number(s.exclusiveMinimum) });
    }
    if (s.maximum !== undefined && v > Number(s.maximum)) return fail('validation.maximum', { n: Number(s.maximum) });
    if (s.exclusiveMaximum !== undefined && v >= Number(s.exclusiveMaximum)) {
      return fail('validation.maximum', { n: Number(s.exclusiveMaximum) });
    }
    return;
  }
  if (type === 'array' && Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < Number(s.minItems)) {
      return fail(v.length === 0 && Number(s.minItems) === 1 ? 'validation.required' : 'validation.minItems', { n: Number(s.minItems) });
    }
    if (s.maxItems !== undefined && v.length > Number(s.maxItems)) return fail('validation.maxItems', { n: Number(s.maxItems) });
    v.forEach((item, i) => check(itemsOf(s), item, joinPath(path, i), true, t, out));
    return;
  }
  if (type === 'object' && typeof v === 'object') {
    const req = requiredOf(s);
    for (const [k, ps] of Object.entries(props(s))) {
      check(ps, (v as Record<string, unknown>)[k], joinPath(path, k), req.has(k), t, out);
    }
  }
}

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}
