/** 临时救助 — temporary assistance (PROCESSES.md §3), assembled for the engine. */
import { environment } from '@app/settings';
import type { Env } from '../config-env';
import type { ProcessDefinition } from '../definition';
import { loadTemporaryAssistanceConfig, TemporaryAssistanceConfig } from './config';
import { temporaryAssistanceClocks } from './clocks';
import { temporaryAssistanceDeclarations } from './declarations';
import { temporaryAssistanceEvents } from './events';
import { temporaryAssistanceFilingChecks } from './filing-checks';
import { laneOf, laneReasonFor } from './lane';
import { createTemporaryAssistanceMachine } from './machine';
import { filingSchema } from './schemas';
import { temporaryAssistanceStates } from './states';
import { PROCESS_KEY, TemporaryAssistanceContext } from './types';

export { loadTemporaryAssistanceConfig, TEMPORARY_ASSISTANCE_SETTINGS } from './config';
export type { TemporaryAssistanceConfig } from './config';
export { createTemporaryAssistanceMachine } from './machine';
export type { TemporaryAssistanceContext, TemporaryAssistanceEvent, FilingData as TemporaryAssistanceFilingData } from './types';

export function temporaryAssistance(
  env: Env = environment(),
): ProcessDefinition<TemporaryAssistanceConfig, TemporaryAssistanceContext> {
  const config = loadTemporaryAssistanceConfig(env);
  return {
    key: PROCESS_KEY,
    version: 1,
    title: { zh: '临时救助', en: 'Temporary assistance' },
    config,
    machine: createTemporaryAssistanceMachine(config),
    filing: filingSchema,
    states: temporaryAssistanceStates(config),
    events: temporaryAssistanceEvents(config),
    clocks: temporaryAssistanceClocks(config),
    amountField: 'approvedAmount',
    laneOf,
    laneReason: laneReasonFor(config),
    filingChecks: temporaryAssistanceFilingChecks,
    // Relief revoked after the fact: the money must be recovered (追回), which someone has to follow up.
    flagsOf: (ctx) => (ctx.recoveryRequired ? [{ code: 'relief_recovery', detail: { reason: ctx.revocationReason ?? null } }] : []),
    ...temporaryAssistanceDeclarations,
  };
}
