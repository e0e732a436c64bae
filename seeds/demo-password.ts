import { CORE_SETTINGS, settingDefault } from '@app/settings';

/** DEMO_PASSWORD's default, as the settings schema declares it (the tests log in with it). */
export const DEFAULT_DEMO_PASSWORD = settingDefault(CORE_SETTINGS, 'DEMO_PASSWORD') as string;
