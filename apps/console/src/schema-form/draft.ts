/**
 * The editing state of a schema form ("draft") and its conversion to the JSON value sent to the api.
 * Inputs hold strings while typing (a number field may be empty or half-typed); conversion happens
 * on submit, and validation runs on the converted value.
 */
import type { JsonSchema } from '../api/types';
import { fromLocalInput, toLocalInput } from '../lib/format';
import { itemsOf, kindOf, props } from './schema';

export type Draft = string | boolean | Draft[] | { [key: string]: Draft };

export function initialDraft(schema: JsonSchema, key = ''): Draft {
  const kind = kindOf(schema, key);
  const def = schema.default;
  switch (kind) {
    case 'boolean':
      return typeof def === 'boolean' ? def : false;
    case 'object': {
      const out: Record<string, Draft> = {};
      for (const [k, s] of Object.entries(props(schema))) out[k] = initialDraft(s, k);
      return out;
    }
    case 'objectArray':
    case 'stringArray': {
      const rows = Math.max(Number(schema.minItems ?? 0), kind === 'stringArray' ? 1 : 0);
      if (Array.isArray(def)) return def.map((v) => draftOf(itemsOf(schema), v));
      return Array.from({ length: rows }, () => initialDraft(itemsOf(schema)));
    }
    case 'enumArray':
      return Array.isArray(def) ? def.map(String) : [];
    case 'datetime':
      return typeof def === 'string' ? toLocalInput(def) : '';
    case 'json':
      return def === undefined ? '' : JSON.stringify(def);
    default:
      return def === undefined || def === null ? '' : String(def);
  }
}

/** A draft from an existing value (used for defaults of array items). */
function draftOf(schema: JsonSchema, value: unknown): Draft {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, Draft> = {};
    for (const [k, s] of Object.entries(props(schema))) {
      const v = (value as Record<string, unknown>)[k];
      out[k] = v === undefined ? initialDraft(s, k) : draftOf(s, v);
    }
    return out;
  }
  if (typeof value === 'boolean') return value;
  return value == null ? '' : String(value);
}

/** Converts a draft to the JSON value; empty optional inputs become undefined (omitted). */
export function toValue(schema: JsonSchema, draft: Draft | undefined, key = ''): unknown {
  const kind = kindOf(schema, key);
  switch (kind) {
    case 'boolean':
      return draft === true;
    case 'number':
    case 'integer': {
      const s = typeof draft === 'string' ? draft.trim() : '';
      if (s === '') return undefined;
      const n = Number(s);
      return Number.isNaN(n) ? s : n; // a non-number string is kept so validation can name it
    }
    case 'enum': {
      const s = typeof draft === 'string' ? draft : '';
      if (s === '') return undefined;
      const numeric = schema.type === 'number' || schema.type === 'integer';
      return numeric ? Number(s) : s;
    }
    case 'datetime':
      return typeof draft === 'string' ? (fromLocalInput(draft) ?? (draft.trim() || undefined)) : undefined;
    case 'text':
    case 'textarea':
    case 'date': {
      const s = typeof draft === 'string' ? draft.trim() : '';
      return s === '' ? undefined : s;
    }
    case 'stringArray': {
      const items = itemsOf(schema);
      const rows = Array.isArray(draft) ? draft : [];
      return rows.map((r, i) => toValue(items, r, String(i))).filter((v) => v !== undefined);
    }
    case 'enumArray':
      return Array.isArray(draft) ? [...draft] : [];
    case 'objectArray': {
      const items = itemsOf(schema);
      return (Array.isArray(draft) ? draft : []).map((r) => toValue(items, r) ?? {});
    }
    case 'object': {
      const obj = draft && typeof draft === 'object' && !Array.isArray(draft) ? draft : {};
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(props(schema))) {
        const v = toValue(s, obj[k], k);
        if (v !== undefined) out[k] = v;
      }
      // An optional nested block left untouched (a county visit not made) is absent, not an
      // object of empty fields that validation would refuse; a required one is then "required".
      const untouched = Object.values(out).every((v) => Array.isArray(v) && v.length === 0);
      return key !== '' && untouched ? undefined : out;
    }
    case 'json': {
      const s = typeof draft === 'string' ? draft.trim() : '';
      if (s === '') return undefined;
      try {
        return JSON.parse(s);
      } catch {
        return s;
      }
    }
  }
}

/** Returns a copy of `draft` with the value at a dotted path replaced. */
export function setAt(draft: Draft, path: string[], value: Draft): Draft {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(draft)) {
    const copy = [...draft];
    copy[Number(head)] = setAt(copy[Number(head)], rest, value);
    return copy;
  }
  const obj = draft && typeof draft === 'object' ? draft : {};
  return { ...obj, [head]: setAt((obj as Record<string, Draft>)[head], rest, value) };
}
