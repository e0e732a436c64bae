/**
 * Reading the subset of JSON Schema the processes use for payloads and filing data, and deciding
 * which input each property gets.
 */
import type { JsonSchema, Text } from '../api/types';

export type FieldKind =
  | 'text' | 'textarea' | 'enum' | 'date' | 'datetime'
  | 'number' | 'integer' | 'boolean'
  | 'enumArray' | 'stringArray' | 'objectArray'
  | 'object' | 'json';

export interface EnumOption {
  value: string | number;
  title?: string | Text;
}

/** Long free text gets a textarea (reasons, notes, opinions …). */
const MULTILINE = new Set([
  'reason', 'note', 'summary', 'description', 'comments', 'findings', 'opinion', 'houseDescription',
  'investigationReport', 'exemptionClaim', 'overrideReason', 'ground',
]);

export const props = (s: JsonSchema) => (s.properties ?? {}) as Record<string, JsonSchema>;
export const requiredOf = (s: JsonSchema) => new Set((s.required ?? []) as string[]);

/** The schema's type, ignoring "null" in a type union; inferred from properties/items/enum when absent. */
export function typeOf(s: JsonSchema): string | undefined {
  const t = s.type;
  if (Array.isArray(t)) return (t as string[]).find((x) => x !== 'null');
  if (typeof t === 'string') return t;
  if (s.properties) return 'object';
  if (s.items) return 'array';
  const options = enumOptions(s);
  if (options) return typeof options[0]?.value === 'number' ? 'number' : 'string';
  if (typeof s.const === 'boolean') return 'boolean';
  return undefined;
}

/** `enum`, or `oneOf`/`anyOf` of `{const, title}` (titled options). */
export function enumOptions(s: JsonSchema): EnumOption[] | undefined {
  if (Array.isArray(s.enum)) return (s.enum as Array<string | number>).filter((v) => v !== null).map((value) => ({ value }));
  const alts = (s.oneOf ?? s.anyOf) as JsonSchema[] | undefined;
  if (Array.isArray(alts) && alts.length > 0 && alts.every((a) => a && 'const' in a)) {
    return alts.map((a) => ({ value: a.const as string | number, title: a.title as string | Text | undefined }));
  }
  return undefined;
}

export function kindOf(s: JsonSchema, key: string): FieldKind {
  const type = typeOf(s);
  if (type === 'boolean') return 'boolean';
  if (type === 'integer') return 'integer';
  if (type === 'number') return enumOptions(s) ? 'enum' : 'number';
  if (type === 'string') {
    if (enumOptions(s)) return 'enum';
    if (s.format === 'date') return 'date';
    if (s.format === 'date-time') return 'datetime';
    if (MULTILINE.has(key) || Number(s.maxLength ?? 0) >= 200 || s['x-multiline'] === true) return 'textarea';
    return 'text';
  }
  if (type === 'array') {
    const items = (s.items ?? {}) as JsonSchema;
    const itemType = typeOf(items);
    if (itemType === 'object') return 'objectArray';
    if (itemType === 'string' || itemType === 'number' || itemType === 'integer' || itemType === undefined) {
      return enumOptions(items) ? 'enumArray' : 'stringArray';
    }
    return 'json';
  }
  if (type === 'object') return 'object';
  return 'json';
}

/** True for an object whose properties are all booleans (an acceptance checklist). */
export function isChecklist(s: JsonSchema): boolean {
  const p = Object.values(props(s));
  return p.length > 0 && p.every((x) => typeOf(x) === 'boolean');
}

export function itemsOf(s: JsonSchema): JsonSchema {
  return (s.items ?? {}) as JsonSchema;
}
