/**
 * The settings schema: one JSON Schema built from every declaration (generic and per process),
 * validated with the project's ajv. The environment is text: values are coerced to the declared
 * type, unset or empty variables take their default, and every variable at fault is reported at
 * once, with what it expects (a secret's value is never repeated).
 */
import Ajv, { ValidateFunction } from 'ajv';
import { SettingDeclaration, SettingSchema } from './declaration';
import type { Env } from './environment';

export type SettingValue = string | number | boolean;
export type SettingValues = Record<string, SettingValue | undefined>;

export interface SettingProblem {
  name: string;
  /** What the variable expects, in words. */
  expected: string;
  /** The value as given; absent for secrets. */
  given?: string;
}

export class SettingsError extends Error {
  override name = 'SettingsError';
  constructor(readonly problems: string[]) {
    super(`配置错误，未能启动（${problems.length} 项）：${problems.join('；')}`);
  }
}

export interface JsonSchemaObject {
  $schema: string;
  type: 'object';
  properties: Record<string, SettingSchema & { default?: SettingValue; description: string }>;
}

/** The JSON Schema of the environment; refuses two declarations of one variable. */
export function settingsSchema(declarations: readonly SettingDeclaration[]): JsonSchemaObject {
  const properties: JsonSchemaObject['properties'] = {};
  for (const d of declarations) {
    if (properties[d.name]) throw new Error(`setting ${d.name} is declared twice`);
    properties[d.name] = { ...d.schema, ...(d.default === undefined ? {} : { default: d.default }), description: d.description };
  }
  return { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties };
}

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: true, useDefaults: true });
const compiled = new WeakMap<readonly SettingDeclaration[], ValidateFunction>();

function validatorFor(declarations: readonly SettingDeclaration[]): ValidateFunction {
  let v = compiled.get(declarations);
  if (!v) {
    v = ajv.compile(settingsSchema(declarations));
    compiled.set(declarations, v);
  }
  return v;
}

/**
 * The declared variables of `env`, typed and defaulted, and the problems of those at fault (each
 * variable once, however many of its rules it breaks).
 */
export function validateSettings(env: Env, declarations: readonly SettingDeclaration[]): { values: SettingValues; problems: SettingProblem[] } {
  const values: SettingValues = {};
  for (const d of declarations) {
    const raw = env[d.name];
    if (raw !== undefined && raw.trim() !== '') values[d.name] = d.schema.type === 'string' ? raw : raw.trim();
  }
  const validate = validatorFor(declarations);
  if (validate(values)) return { values, problems: [] };
  const byName = new Map(declarations.map((d) => [d.name, d]));
  const problems: SettingProblem[] = [];
  for (const name of new Set((validate.errors ?? []).map((e) => e.instancePath.split('/')[1]).filter(Boolean))) {
    const d = byName.get(name)!;
    problems.push({ name, expected: d.expects ?? expectation(d.schema), ...(d.secret ? {} : { given: env[name] }) });
  }
  return { values, problems };
}

/** `PORT 应为 0 到 65535 之间的整数（当前为 "abc"）` */
export function describeProblem(p: SettingProblem): string {
  return `${p.name} 应为 ${p.expected}${p.given === undefined ? '' : `（当前为 "${p.given}"）`}`;
}

const TYPE_WORDS: Record<SettingSchema['type'], string> = { integer: '整数', number: '数字', string: '文本', boolean: '布尔值' };

function expectation(s: SettingSchema): string {
  if (s.enum) return `以下之一：${s.enum.join('、')}`;
  const bounds: string[] = [];
  if (s.minimum !== undefined && s.maximum !== undefined) bounds.push(`${s.minimum} 到 ${s.maximum} 之间`);
  else if (s.minimum !== undefined) bounds.push(`不小于 ${s.minimum}`);
  else if (s.maximum !== undefined) bounds.push(`不大于 ${s.maximum}`);
  if (s.exclusiveMinimum !== undefined) bounds.push(`大于 ${s.exclusiveMinimum}`);
  if (s.exclusiveMaximum !== undefined) bounds.push(`小于 ${s.exclusiveMaximum}`);
  if (s.minLength) bounds.push('非空');
  if (s.pattern) bounds.push(`符合格式 ${s.pattern}`);
  const joined = bounds.join('、');
  return `${joined}${/[0-9]$/.test(joined) ? ' ' : ''}${joined ? '的' : ''}${TYPE_WORDS[s.type]}`;
}

/**
 * One generic setting, typed and defaulted, read from the environment when called (the loaders
 * that run at start use this; a bad value has already stopped start-up by then).
 */
const single = new WeakMap<SettingDeclaration, readonly SettingDeclaration[]>();
const byName = new WeakMap<readonly SettingDeclaration[], Map<string, SettingDeclaration>>();
/**
 * The last text read per declaration and its value. Some loaders run on every request (the local
 * time zone of each event's delegation check), where a lookup and a validation per call were 1.7 %
 * of the api's busy samples under the events benchmark (ADR 0011). The text is compared on every
 * call, so a variable set anew (the tests do) is validated anew; a bad value is never kept.
 */
const lastRead = new WeakMap<SettingDeclaration, { raw: string | undefined; value: SettingValue | undefined }>();

function declarationOf(declarations: readonly SettingDeclaration[], name: string): SettingDeclaration | undefined {
  let index = byName.get(declarations);
  if (!index) {
    index = new Map();
    for (const d of declarations) if (!index.has(d.name)) index.set(d.name, d);
    byName.set(declarations, index);
  }
  return index.get(name);
}

export function settingOf(declarations: readonly SettingDeclaration[], name: string, env: Env): SettingValue | undefined {
  const d = declarationOf(declarations, name);
  if (!d) throw new Error(`setting ${name} is not declared`);
  const raw = env[name];
  const last = lastRead.get(d);
  if (last && last.raw === raw) return last.value;
  let alone = single.get(d);
  if (!alone) single.set(d, (alone = [d]));
  const { values, problems } = validateSettings({ [name]: raw }, alone);
  if (problems.length) throw new SettingsError(problems.map(describeProblem));
  lastRead.set(d, { raw, value: values[name] });
  return values[name];
}

/** Scripts outside Nest (migrate, seeds, bootstrap): the typed values, or one SettingsError listing every bad variable. */
export function loadSettingValues(env: Env, declarations: readonly SettingDeclaration[]): SettingValues {
  const { values, problems } = validateSettings(env, declarations);
  if (problems.length) throw new SettingsError(problems.map(describeProblem));
  return values;
}

/** The one default of a declared variable (undefined: required, or computed where it is read). */
export function settingDefault(declarations: readonly SettingDeclaration[], name: string): SettingValue | undefined {
  const d = declarations.find((x) => x.name === name);
  if (!d) throw new Error(`setting ${name} is not declared`);
  return d.default;
}

/** Whether the variable is given at all (unset and blank are alike, as for the defaults). */
export function isSettingGiven(name: string, env: Env): boolean {
  return (env[name] ?? '').trim() !== '';
}
