/** 法律援助 — legal aid with the 三优服务 fast lane (PROCESSES.md §4), assembled for the engine. */
import { environment } from '@app/settings';
import type { Env } from '../config-env';
import type { ProcessDefinition } from '../definition';
import { legalAidClocks } from './clocks';
import { LegalAidConfig, loadLegalAidConfig } from './config';
import { legalAidDeclarations } from './declarations';
import { legalAidEvents } from './events';
import { laneOf, laneReason, onRegistryLookup } from './lane';
import { createLegalAidMachine } from './machine';
import { filingSchema } from './schemas';
import { legalAidStates } from './states';
import { LegalAidContext, PROCESS_KEY } from './types';

export { loadLegalAidConfig, LEGAL_AID_SETTINGS } from './config';
export type { LegalAidConfig } from './config';
export { createLegalAidMachine } from './machine';
export type { LegalAidContext, LegalAidEvent, FilingData as LegalAidFilingData } from './types';

export function legalAid(env: Env = environment()): ProcessDefinition<LegalAidConfig, LegalAidContext> {
  const config = loadLegalAidConfig(env);
  return {
    key: PROCESS_KEY,
    version: 1,
    title: { zh: '法律援助', en: 'Legal aid' },
    config,
    machine: createLegalAidMachine(config),
    filing: filingSchema,
    states: legalAidStates(config),
    events: legalAidEvents(),
    clocks: legalAidClocks(config),
    assigneeField: 'assignedLawyer',
    laneOf,
    laneReason,
    onRegistryLookup,
    // 同行评估 graded fail: a case discipline reviewers should look at.
    flagsOf: (ctx) => (ctx.qualityFail ? [{ code: 'quality_fail', detail: { peerReview: ctx.peerReview ?? null } }] : []),
    ...legalAidDeclarations,
  };
}
