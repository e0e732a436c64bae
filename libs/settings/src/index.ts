export * from './declaration';
export * from './environment';
export * from './settings-schema';
export { CORE_SETTINGS } from './core-settings';
import { CORE_SETTINGS } from './core-settings';
import { Env, environment } from './environment';
import { settingOf } from './settings-schema';

/** A generic numeric setting (core-settings.ts), coerced and defaulted, from the environment as it is now. */
export function numericSetting(name: string, env: Env = environment()): number {
  return settingOf(CORE_SETTINGS, name, env) as number;
}

/** A generic text setting (core-settings.ts), defaulted; undefined when unset and without default. */
export function textSetting(name: string, env: Env = environment()): string | undefined {
  return settingOf(CORE_SETTINGS, name, env) as string | undefined;
}

/** A size setting (BODY_LIMIT, REGISTRY_IMPORT_LIMIT: plain bytes or b/kb/mb/gb, 1 kb = 1024 b) in bytes; the schema checked its form. */
export function sizeInBytes(raw: string, name: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(raw);
  if (!m) throw new Error(`配置项 ${name} 应为大小，例如 300mb，当前为 "${raw}"`);
  return Math.floor(Number(m[1]) * { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase() as 'b']);
}
