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
