/** Every state of the legal-aid machine: titles, the human task, timers, jobs, finals. */
import { DAY, StateSpec } from '../definition';
import type { LegalAidConfig } from './config';

export function legalAidStates(config: LegalAidConfig): Record<string, StateSpec> {
  const office = { role: 'legal_aid_officer', level: 'county' } as const;
  return {
    eligibility_check: {
      title: { zh: '免审资格核验', en: 'Eligibility check (registry lookup)' },
      jobs: ['registry_lookup'],
    },
    // No due time of their own: the task is due with the running decision clock(s).
    economic_review: {
      title: { zh: '经济困难审查', en: 'Economic hardship review' },
      task: { kind: 'economic_review', ...office },
    },
    // Own due time: after a passed economic check the statutory clock no longer runs (see clocks.ts),
    // so the task itself carries the decision period.
    acceptance_review: {
      title: { zh: '审查决定', en: 'Review and decision' },
      task: { kind: 'acceptance_review', ...office, dueIn: config.decisionDays * DAY },
    },
    materials_pending: {
      title: { zh: '待补充材料', en: 'Awaiting materials' },
      task: { kind: 'materials_pending', ...office, dueIn: config.materialsDeadlineDays * DAY },
      timers: [{ event: 'MATERIALS_DEADLINE_PASSED', after: config.materialsDeadlineDays * DAY }],
    },
    assignment: {
      title: { zh: '指派', en: 'Lawyer assignment' },
      task: { kind: 'assignment', ...office },
    },
    // The engine gives this task to the assigned lawyer only (definition.assigneeField).
    in_service: {
      title: { zh: '办理', en: 'In service' },
      task: { kind: 'in_service', role: 'lawyer', level: 'county' },
    },
    quality_review: {
      title: { zh: '同行评估', en: 'Peer review' },
      task: { kind: 'quality_review', role: 'quality_reviewer', level: 'county' },
    },
    // Objections are the applicant's initiative: no task, only the window.
    denied: {
      title: { zh: '不予法律援助（异议期）', en: 'Denied (objection window)' },
      timers: [{ event: 'OBJECTION_WINDOW_ENDED', after: config.objectionWindowDays * DAY }],
    },
    objection_review: {
      title: { zh: '异议审查', en: 'Objection review' },
      task: { kind: 'objection_review', role: 'justice_bureau', level: 'county' },
    },

    closed: { title: { zh: '已结案', en: 'Closed' }, final: { outcome: 'closed' } },
    terminated: { title: { zh: '已终止法律援助', en: 'Aid terminated' }, final: { outcome: 'terminated' } },
    withdrawn: { title: { zh: '视为撤回', en: 'Withdrawn' }, final: { outcome: 'withdrawn' } },
  };
}
