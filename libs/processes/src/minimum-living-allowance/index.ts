/** 最低生活保障 (低保) — the minimum living allowance (PROCESSES.md §6), assembled for the engine. */
import { environment } from '@app/settings';
import type { Env } from '../config-env';
import type { ProcessDefinition, RegistryFact } from '../definition';
import { lineFor, loadMinimumLivingAllowanceConfig, MinimumLivingAllowanceConfig } from './config';
import { minimumLivingAllowanceClocks } from './clocks';
import { minimumLivingAllowanceDeclarations } from './declarations';
import { minimumLivingAllowanceEvents } from './events';
import { laneOf, laneReason } from './lane';
import { createMinimumLivingAllowanceMachine, PAYING_STATES } from './machine';
import { filingSchema } from './schemas';
import { minimumLivingAllowanceStates } from './states';
import { MlaContext, PROCESS_KEY } from './types';

export { loadMinimumLivingAllowanceConfig, MINIMUM_LIVING_ALLOWANCE_SETTINGS } from './config';
export type { MinimumLivingAllowanceConfig } from './config';
export { createMinimumLivingAllowanceMachine } from './machine';
export { assess } from './rules';
export type { MlaContext, MlaEvent, FilingData as MinimumLivingAllowanceFilingData } from './types';

export function minimumLivingAllowance(env: Env = environment()): ProcessDefinition<MinimumLivingAllowanceConfig, MlaContext> {
  const config = loadMinimumLivingAllowanceConfig(env);
  return {
    key: PROCESS_KEY,
    version: 1,
    title: { zh: '最低生活保障', en: 'Minimum living allowance' },
    config,
    machine: createMinimumLivingAllowanceMachine(config),
    filing: filingSchema,
    states: minimumLivingAllowanceStates(config),
    events: minimumLivingAllowanceEvents(config),
    clocks: minimumLivingAllowanceClocks(config),
    amountField: 'amountYuan',
    laneOf,
    laneReason,
    // 建档立卡 households may exit gradually (DIBAO_GRADUAL_EXIT_SCOPE); the lookup never blocks.
    onRegistryLookup: (fact: RegistryFact | null) => ({
      type: 'REGISTRY_CHECKED',
      payload: { registeredPoor: fact?.category === 'registered_poor', ...(fact ? { category: fact.category } : {}) },
    }),
    // 如实申明: a declared relationship is filed (备案) at filing, like a §1 match.
    filingChecks: ({ data }) => {
      const d = (data as { relativeDeclaration?: { declared?: boolean; position?: string } }).relativeDeclaration;
      return d?.declared ? [{ code: 'relative_declared', detail: { position: d.position ?? null } }] : [];
    },
    flagsOf: (ctx) => [
      ...(ctx.fraudReported ? [{ code: 'ineligibility_reported', detail: {} }] : []),
      ...(ctx.recoveryDue ? [{ code: 'recovery_due', detail: { recoveryYuan: ctx.termination?.recoveryYuan ?? null } }] : []),
      ...(ctx.failed.length ? [{ code: 'payment_failed', detail: { periods: ctx.failed.map((f) => f.period) } }] : []),
    ],
    // While paying, the applicant and the members count as `dibao` in other processes' registry lookups.
    registryMembership: { category: 'dibao', states: [...PAYING_STATES] },
    personFields: { path: 'members', uniqueOpenCase: 'already_covered' },
    // The county's line is data: changed by county_civil (or an admin above), it sends REVIEW_DUE with
    // the new line to the county's paying cases; new filings start from the line in force.
    jurisdictionSettings: [{
      name: 'line',
      title: { zh: '低保标准', en: 'Dibao line' },
      unit: { zh: '元/人·月', en: 'yuan per person per month' },
      level: 'county',
      setBy: ['county_civil'],
      defaultFor: (countyCode: string) => lineFor(config, countyCode),
      min: 1,
      max: 100000,
      onChange: { event: 'REVIEW_DUE', states: [...PAYING_STATES], payloadField: 'lineYuan' },
    }],
    // 特困 is not this process: each candidate the investigation names is a county task until settled.
    entryTasks: [{
      kind: 'tekun_referral',
      title: { zh: '特困供养转介', en: 'Tekun referral' },
      listField: 'tekunReferrals',
      role: 'county_civil',
      level: 'county',
      doneBy: 'RECORD_TEKUN_REFERRAL',
      indexField: 'index',
    }],
    ...minimumLivingAllowanceDeclarations,
  };
}
