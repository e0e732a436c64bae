import { DomainError, FieldError, invalid } from '@app/engine';

/** Deeper JSON than this is refused before any recursive code (ajv, canonical JSON, the audit) sees it. */
export const MAX_JSON_DEPTH = 64;

/** At most this many field errors in one answer: a body full of bad strings need not be echoed whole. */
const MAX_ERRORS = 20;

/**
 * Characters no request may carry in a string (pen test, issue 19): NUL, which PostgreSQL refuses
 * in text (a 500 before this check); the other C0 controls but tab, line feed and carriage return;
 * DEL and the C1 controls; and the invisible marks that change how text reads on screen — the
 * bidirectional overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069), the direction
 * marks (U+200E, U+200F, U+061C), zero-width space, word joiner and byte-order mark — which would
 * let a name or an opinion display differently from what is stored and audited.
 */
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

const codePoint = (ch: string) => `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

const WHAT = { value: { zh: '内容', en: 'the value' }, key: { zh: '字段名', en: 'a field name' } };

/** The field error for a string holding an unsafe character: which one, and why it is refused. */
function unsafeCharacter(field: string, s: string, what: keyof typeof WHAT): FieldError {
  const ch = UNSAFE.exec(s)![0];
  const { zh, en } = WHAT[what];
  if (ch === '\u0000') return { field, message: `${zh}不能包含空字符（U+0000）`, en: `${en} cannot contain a null character (U+0000)` };
  if (BIDI.test(ch)) {
    return {
      field,
      message: `${zh}不能包含文字方向控制字符（${codePoint(ch)}），它会使显示的文字与保存的不一致`,
      en: `${en} cannot contain a text direction control (${codePoint(ch)}): it makes the text shown differ from the text stored`,
    };
  }
  return { field, message: `${zh}不能包含不可见的控制字符（${codePoint(ch)}）`, en: `${en} cannot contain an invisible control character (${codePoint(ch)})` };
}

/** A field name safe to print: unsafe characters of a key shown as \uXXXX. */
const printable = (key: string) => key.replace(UNSAFE_ALL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/**
 * Field errors for a parsed JSON body: too deep (one error, the walk stops), or strings and keys
 * holding unsafe characters, each named by its dotted path (`payload.opinion`, `data.items.0`).
 * Iterative, so a body nested 100,000 levels deep cannot overflow the stack here either.
 */
export function bodyProblems(body: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: body, path: '', depth: 0 }];
  while (stack.length && errors.length < MAX_ERRORS) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (UNSAFE.test(value)) errors.push(unsafeCharacter(path || '(body)', value, 'value'));
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth + 1 > MAX_JSON_DEPTH) return [{ field: '(body)', message: `JSON 嵌套层数超过 ${MAX_JSON_DEPTH} 层`, en: `JSON is nested more than ${MAX_JSON_DEPTH} levels deep` }];
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: join(path, i), depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      if (UNSAFE.test(key)) {
        errors.push(unsafeCharacter(join(path, printable(key)), key, 'key'));
        continue;
      }
      stack.push({ value: (value as Record<string, unknown>)[key], path: join(path, key), depth: depth + 1 });
    }
  }
  return errors;
}

/** Field errors for the query string: each parameter by its name. */
export function queryProblems(query: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    if (UNSAFE.test(key)) {
      errors.push(unsafeCharacter(printable(key), key, 'key'));
      continue;
    }
    const values = Array.isArray(value) ? value : [value];
    const bad = values.find((v) => typeof v === 'string' && UNSAFE.test(v)) as string | undefined;
    if (bad !== undefined) errors.push(unsafeCharacter(key, bad, 'value'));
    else if (values.some((v) => v !== null && typeof v === 'object')) errors.push(...bodyProblems({ [key]: value }));
  }
  return errors.slice(0, MAX_ERRORS);
}

/**
 * Run after the body is parsed and before any handler (a preValidation hook): the refusal (400,
 * problem+json via ProblemFilter) of a query string or JSON body holding unsafe characters, or a body
 * nested deeper than MAX_JSON_DEPTH — so nothing recursive runs on it and nothing is written.
 */
export function guardInput(query: unknown, body: unknown): DomainError | undefined {
  const errors = [...queryProblems(query as Record<string, unknown>), ...(body !== undefined ? bodyProblems(body) : [])];
  return errors.length ? invalid(errors.slice(0, MAX_ERRORS)) : undefined;
}
