/**
 * Reads a process's settings through the one settings schema (libs/settings): the process's table
 * (its config.ts) declares each variable with its one default; the value is coerced and checked by
 * the schema, never parsed or defaulted here, so the README's table and the code agree.
 */
import { settingOf } from '@app/settings';
import type { SettingDeclaration, SettingSchema } from '@app/settings';

export type Env = Record<string, string | undefined>;

/** One numeric setting of a process table, typed and defaulted by the schema. */
export function numericProcessSetting(rows: readonly ProcessSettingRow[], name: string, env: Env): number {
  return settingOf(processSettingDeclarations(rows), name, env) as number;
}

/** One text setting of a process table, defaulted by the schema. */
export function textProcessSetting(rows: readonly ProcessSettingRow[], name: string, env: Env): string {
  return String(settingOf(processSettingDeclarations(rows), name, env) ?? '');
}

/** A comma-separated setting of a process table, as its items (empty items dropped). */
export function listProcessSetting(rows: readonly ProcessSettingRow[], name: string, env: Env): string[] {
  return textProcessSetting(rows, name, env).split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * A process's settings table row (its config.ts lists them; the README's process table shows them).
 * `schema` narrows the value beyond "a non-negative number" or "text", where the process needs it.
 */
export interface ProcessSettingRow {
  env: string;
  default: number | string;
  unit: string;
  meaning: string;
  schema?: Omit<SettingSchema, 'type'> & { type?: SettingSchema['type'] };
}

const declared = new WeakMap<readonly ProcessSettingRow[], SettingDeclaration[]>();

/**
 * The rows of a process as declarations of the one settings schema (libs/settings). One list per
 * table, so the loaders and the schema share the declarations (and their compiled validators).
 */
export function processSettingDeclarations(rows: readonly ProcessSettingRow[]): SettingDeclaration[] {
  let declarations = declared.get(rows);
  if (!declarations) declared.set(rows, (declarations = declarationsOf(rows)));
  return declarations;
}

function declarationsOf(rows: readonly ProcessSettingRow[]): SettingDeclaration[] {
  return rows.map((r) => ({
    name: r.env,
    schema: typeof r.default === 'number' ? { type: 'number', ...(r.schema?.exclusiveMinimum === undefined ? { minimum: 0 } : {}), ...r.schema } : { type: 'string', ...r.schema },
    default: r.default,
    description: r.unit ? `${r.meaning}（${r.unit}）` : r.meaning,
  }));
}
