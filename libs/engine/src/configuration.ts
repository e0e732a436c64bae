/**
 * The api's and the worker's configuration through @nestjs/config: ConfigModule.forRoot validates
 * the environment against the one settings schema when the application is created (not when a
 * file is imported: tests set variables and start several systems in one process) and exposes the
 * typed Settings under SETTINGS_PATH.
 */
import { DynamicModule, Module, Type } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Env } from '@app/settings';
import { Settings, checkConfiguration, loadSettings } from './settings';

/** Where ConfigService keeps the typed settings (a nested object, so ConfigModule writes nothing back into the environment). */
export const SETTINGS_PATH = 'casework.settings';

/** ConfigModule's validate: the whole schema, every secret, the processes' own rules; one message for all faults. */
export function validateConfiguration(env: Record<string, unknown>): { casework: { settings: Settings } } {
  const text = env as Env;
  checkConfiguration(text, { processes: true });
  return { casework: { settings: loadSettings(text) } };
}

@Module({})
class ConfiguredRoot {}

/** `root` with a validated ConfigModule beside it (NestFactory.create(withConfiguration(AppModule))). */
export function withConfiguration(root: Type): DynamicModule {
  return {
    module: ConfiguredRoot,
    imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateConfiguration }), root],
  };
}

/** The typed settings: from ConfigService when the application was configured, else validated now. */
export function settingsFrom(config: ConfigService | undefined): Settings {
  return config?.get<Settings>(SETTINGS_PATH) ?? loadSettings();
}
