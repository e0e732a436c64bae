/** 审计整改台账 — the audit-rectification ledger (PROCESSES.md §7), assembled for the engine. */
import { environment } from '@app/settings';
import type { Env } from '../config-env';
import type { ProcessDefinition } from '../definition';
import { AuditRectificationConfig, loadAuditRectificationConfig } from './config';
import { auditRectificationDeclarations } from './declarations';
import { auditRectificationEvents } from './events';
import { createAuditRectificationMachine } from './machine';
import { filingSchema } from './schemas';
import { auditRectificationStates } from './states';
import { AuditRectificationContext, PROCESS_KEY } from './types';

export { AUDIT_RECTIFICATION_SETTINGS, loadAuditRectificationConfig } from './config';
export type { AuditRectificationConfig } from './config';
export type { AuditRectificationContext, AuditRectificationEvent } from './types';

export function auditRectification(env: Env = environment()): ProcessDefinition<AuditRectificationConfig, AuditRectificationContext> {
  const config = loadAuditRectificationConfig(env);
  return {
    key: PROCESS_KEY,
    version: 1,
    title: { zh: '审计整改台账', en: 'Audit rectification' },
    config,
    machine: createAuditRectificationMachine(config),
    filing: filingSchema,
    states: auditRectificationStates(config),
    events: auditRectificationEvents(config),
    flagsOf: (c) => [
      ...(c.overdueCount > 0 ? [{ code: 'rectification_overdue', detail: { escalationLevel: c.escalationLevel } }] : []),
      ...(c.relapses.length > 0 ? [{ code: 'rectification_relapse', detail: { relapses: c.relapses.length } }] : []),
      ...(c.referrals.length > 0 ? [{ code: 'clue_referred', detail: { receipts: c.referrals.map((r) => `${r.to}:${r.receiptNo}`) } }] : []),
    ],
    ...auditRectificationDeclarations,
  };
}
