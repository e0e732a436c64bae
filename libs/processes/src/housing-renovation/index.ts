/** 农村危房改造 — rural housing renovation (PROCESSES.md §2), assembled for the engine. */
import { environment } from '@app/settings';
import type { Env } from '../config-env';
import type { ProcessDefinition } from '../definition';
import { HousingRenovationConfig, loadHousingRenovationConfig } from './config';
import { housingRenovationDeclarations } from './declarations';
import { housingRenovationClocks } from './clocks';
import { housingRenovationEvents } from './events';
import { onRegistryLookup } from './identity';
import { createHousingRenovationMachine } from './machine';
import { filingSchema } from './schemas';
import { housingRenovationStates } from './states';
import { HousingRenovationContext, PROCESS_KEY } from './types';

export { loadHousingRenovationConfig, HOUSING_RENOVATION_SETTINGS, DEFAULT_ACCEPTANCE_CHECKLIST, STAGES as HOUSING_STAGES } from './config';
export type { HousingRenovationConfig } from './config';
export { createHousingRenovationMachine } from './machine';
export type {
  HousingRenovationContext,
  HousingRenovationEvent,
  FilingData as HousingRenovationFilingData,
} from './types';

export function housingRenovation(env: Env = environment()): ProcessDefinition<HousingRenovationConfig, HousingRenovationContext> {
  const config = loadHousingRenovationConfig(env);
  const states = housingRenovationStates(config);
  return {
    key: PROCESS_KEY,
    version: 1,
    title: { zh: '农村危房改造', en: 'Rural housing renovation' },
    config,
    machine: createHousingRenovationMachine(config),
    filing: filingSchema,
    states,
    events: housingRenovationEvents(config),
    clocks: housingRenovationClocks(config, states),
    // Housing has no urgent lane: every case queues in the normal lane.
    laneOf: () => 'normal',
    laneReason: () => null,
    onRegistryLookup,
    ...housingRenovationDeclarations(config),
  };
}
