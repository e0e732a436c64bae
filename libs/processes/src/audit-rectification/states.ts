/** Every state of the audit-rectification machine: titles, the human task, timers, finals. */
import { DAY, StateSpec } from '../definition';
import type { AuditRectificationConfig } from './config';
import type { AuditRectificationContext } from './types';

export function auditRectificationStates(config: AuditRectificationConfig): Record<string, StateSpec> {
  const deadline = (c: AuditRectificationContext) => c.rectificationDays * DAY;
  return {
    rectifying: {
      title: { zh: '整改中', en: 'Rectifying' },
      // The unit the finding names, not a fixed role: it is in their inbox with the deadline.
      task: { kind: 'rectification', unitsField: 'responsibleUnits', dueIn: deadline },
      timers: [{ event: 'RECTIFICATION_OVERDUE', after: deadline, repeatEvery: config.escalationGraceDays * DAY }],
    },
    verification: {
      title: { zh: '核查整改', en: 'Verifying the rectification' },
      task: { kind: 'verification', role: 'discipline_reviewer', level: 'city' },
    },
    rectified: {
      title: { zh: '已整改·待回头看', en: 'Rectified, awaiting re-check' },
      timers: [{ event: 'RECHECK_DUE', after: config.recheckDays * DAY }],
    },
    recheck: {
      title: { zh: '回头看', en: 'Re-check' },
      task: { kind: 'recheck', role: 'discipline_reviewer', level: 'city' },
    },
    closed: { title: { zh: '已销号', en: 'Closed (struck off)' }, final: { outcome: 'closed' } },
    withdrawn: { title: { zh: '已撤销', en: 'Withdrawn' }, final: { outcome: 'withdrawn' } },
  };
}
