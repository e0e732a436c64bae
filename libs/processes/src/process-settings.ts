/**
 * Every process's settings, collected for the one settings schema (libs/settings): each process
 * declares its rows in its own config.ts; a new process adds its line here beside registry.ts's.
 */
import { SettingDeclaration } from '@app/settings';
import { processSettingDeclarations } from './config-env';
import { HOUSING_RENOVATION_SETTINGS } from './housing-renovation';
import { TEMPORARY_ASSISTANCE_SETTINGS } from './temporary-assistance';
import { LEGAL_AID_SETTINGS } from './legal-aid';
import { MINIMUM_LIVING_ALLOWANCE_SETTINGS } from './minimum-living-allowance';
import { AUDIT_RECTIFICATION_SETTINGS } from './audit-rectification';

export const PROCESS_SETTINGS: readonly SettingDeclaration[] = [
  HOUSING_RENOVATION_SETTINGS,
  TEMPORARY_ASSISTANCE_SETTINGS,
  LEGAL_AID_SETTINGS,
  MINIMUM_LIVING_ALLOWANCE_SETTINGS,
  AUDIT_RECTIFICATION_SETTINGS,
].flatMap(processSettingDeclarations);
