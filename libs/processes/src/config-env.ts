/**
 * Reads one numeric setting of a process from the environment, falling back to its documented
 * default. Every local-rule number (notice days, limits, deadlines) goes through here so that the
 * README's configuration table and the code agree.
 */
import type { SettingDeclaration, SettingSchema } from '@app/settings';

export type Env = Record<string, string | undefined>;

export function numberSetting(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`配置项 ${name} 必须是非负数字，当前为 "${raw}"`);
  }
  return value;
}

export function listSetting(env: Env, name: string, fallback: string[]): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
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

/** The rows of a process as declarations of the one settings schema (libs/settings). */
export function processSettingDeclarations(rows: readonly ProcessSettingRow[]): SettingDeclaration[] {
  return rows.map((r) => ({
    name: r.env,
    schema: typeof r.default === 'number' ? { type: 'number', ...(r.schema?.exclusiveMinimum === undefined ? { minimum: 0 } : {}), ...r.schema } : { type: 'string', ...r.schema },
    default: r.default,
    description: r.unit ? `${r.meaning}（${r.unit}）` : r.meaning,
  }));
}
