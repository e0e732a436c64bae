import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonSchema } from '@app/processes';
import { nonBlankMinimum } from '@app/processes/schema-blocks';
import { FieldError } from './errors';

// multipleOfPrecision: 0.07 / 0.01 is 7.000000000000001 in floating point, and 0.07 yuan is a valid amount.
const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false, multipleOfPrecision: 6 });
addFormats(ajv);
const compiled = new WeakMap<object, ValidateFunction>();

/** JSON Schema's type and format names as a clerk reads them ("类型应为 number" was half English). */
const TYPE_ZH: Record<string, string> = { number: '数字', integer: '整数', string: '文字', boolean: '是或否', object: '对象（{…}）', array: '列表（[…]）', null: '空值' };
const FORMAT_ZH: Record<string, string> = { date: '日期（如 2026-11-30）', 'date-time': '日期时间（如 2026-11-30T09:00:00+08:00）', time: '时间（如 09:00:00）', uuid: '编号（UUID）', email: '电子邮箱', uri: '网址' };
const typeZh = (type: string) => String(type).split(',').map((t) => TYPE_ZH[t] ?? t).join('或');

function messageOf(e: ErrorObject): string {
  switch (e.keyword) {
    case 'required': return '必填';
    case 'additionalProperties': return `不允许的字段「${(e.params as any).additionalProperty}」`;
    case 'type': return `应为${typeZh((e.params as any).type)}`;
    case 'enum': return `应为以下之一：${((e.params as any).allowedValues as unknown[]).join('、')}`;
    case 'const': return `应为 ${JSON.stringify((e.params as any).allowedValue)}`;
    case 'minLength': return `至少 ${(e.params as any).limit} 个字符`;
    case 'maxLength': return `至多 ${(e.params as any).limit} 个字符`;
    case 'minimum': return `不能小于 ${(e.params as any).limit}`;
    case 'maximum': return `不能大于 ${(e.params as any).limit}`;
    case 'exclusiveMinimum': return `必须大于 ${(e.params as any).limit}`;
    case 'exclusiveMaximum': return `必须小于 ${(e.params as any).limit}`;
    case 'minItems': return `至少 ${(e.params as any).limit} 项`;
    case 'maxItems': return `至多 ${(e.params as any).limit} 项`;
    case 'multipleOf': return (e.params as any).multipleOf === 0.01 ? '金额至多两位小数（精确到分）' : `应为 ${(e.params as any).multipleOf} 的整数倍`;
    case 'formatMinimum': return `不能早于 ${(e.params as any).limit}`;
    case 'formatMaximum': return `不能晚于 ${(e.params as any).limit}`;
    case 'format': return `格式应为${FORMAT_ZH[(e.params as any).format] ?? ` ${(e.params as any).format}`}`;
    case 'pattern': {
      // Text blocks (reasons, opinions, notes): whitespace-only or too short once trimmed (issue 17).
      const n = nonBlankMinimum((e.params as any).pattern);
      if (n !== undefined) return n === 1 ? '不能为空或只含空白' : `去掉首尾空白后至少 ${n} 个字符`;
      return '格式不正确';
    }
    default: return e.message ?? '无效';
  }
}

/** The same message in English (Accept-Language: en). */
function englishMessageOf(e: ErrorObject): string {
  const p = e.params as any;
  switch (e.keyword) {
    case 'required': return 'required';
    case 'additionalProperties': return `field "${p.additionalProperty}" is not allowed`;
    case 'type': return `must be of type ${p.type}`;
    case 'enum': return `must be one of: ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'const': return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'minLength': return `at least ${p.limit} characters`;
    case 'maxLength': return `at most ${p.limit} characters`;
    case 'minimum': return `must not be less than ${p.limit}`;
    case 'maximum': return `must not be greater than ${p.limit}`;
    case 'exclusiveMinimum': return `must be greater than ${p.limit}`;
    case 'exclusiveMaximum': return `must be less than ${p.limit}`;
    case 'minItems': return `at least ${p.limit} items`;
    case 'maxItems': return `at most ${p.limit} items`;
    case 'multipleOf': return p.multipleOf === 0.01 ? 'an amount has at most two decimals (fen)' : `must be a multiple of ${p.multipleOf}`;
    case 'formatMinimum': return `must not be before ${p.limit}`;
    case 'formatMaximum': return `must not be after ${p.limit}`;
    case 'format': return `must have the format ${p.format}`;
    case 'pattern': {
      const n = nonBlankMinimum(p.pattern);
      if (n !== undefined) return n === 1 ? 'must not be empty or only white space' : `at least ${n} characters once trimmed`;
      return 'has the wrong format';
    }
    default: return e.message ?? 'invalid';
  }
}

/** JSON pointer (/a/0/b) plus the missing/extra property → a dotted field path under `prefix`. */
function fieldOf(e: ErrorObject, prefix: string): string {
  const parts = e.instancePath.split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'required') parts.push((e.params as any).missingProperty);
  if (e.keyword === 'additionalProperties') parts.push((e.params as any).additionalProperty);
  return [prefix, ...parts].filter(Boolean).join('.');
}

/** Validates `value` against a JSON Schema; returns field errors with paths under `prefix`. */
export function validateAgainst(schema: JsonSchema, value: unknown, prefix: string): FieldError[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return [];
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  // A too-short text block fails minLength and its non-blank pattern: one message says both.
  const nonBlankAt = new Set((validate.errors ?? []).filter((e) => e.keyword === 'pattern' && nonBlankMinimum((e.params as any).pattern) !== undefined).map((e) => e.instancePath));
  for (const e of validate.errors ?? []) {
    if (e.keyword === 'minLength' && nonBlankAt.has(e.instancePath)) continue;
    const field = fieldOf(e, prefix) || prefix || '(body)';
    const message = messageOf(e);
    const key = `${field}|${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      errors.push({ field, message, en: englishMessageOf(e) });
    }
  }
  return errors;
}
