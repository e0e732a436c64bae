/** Every state of the temporary-assistance machine: titles, the human task, timers, jobs, finals. */
import { DAY, HOUR, StateSpec } from '../definition';
import type { TemporaryAssistanceConfig } from './config';

export function temporaryAssistanceStates(config: TemporaryAssistanceConfig): Record<string, StateSpec> {
  const township = { role: 'township_officer', level: 'township' } as const;
  const county = { role: 'county_civil', level: 'county' } as const;
  return {
    // Transient routing state: left within initialTransition, never stored, so no task.
    intake: { title: { zh: '受理分流', en: 'Intake routing' } },

    emergency_relief: {
      title: { zh: '先行救助', en: 'Emergency first relief' },
      task: { kind: 'emergency_relief', ...township, dueIn: config.reliefDueHours * HOUR },
    },
    supplement_formalities: {
      title: { zh: '补齐手续', en: 'Supplementing formalities' },
      task: { kind: 'supplement_formalities', ...township, dueIn: config.formalitiesDueDays * DAY },
    },
    post_review: {
      title: { zh: '事后审核', en: 'Post-relief review' },
      task: { kind: 'post_review', ...township },
    },

    township_review: {
      title: { zh: '审核（入户调查）', en: 'Township review (home investigation)' },
      task: { kind: 'township_review', ...township },
    },
    notice: {
      title: { zh: '公示', en: 'Public notice' },
      timers: [{ event: 'NOTICE_PERIOD_ENDED', after: config.noticeDays * DAY }],
    },
    township_approval: {
      title: { zh: '乡镇直接审批', en: 'Township direct approval' },
      task: { kind: 'township_approval', ...township },
    },
    county_approval: {
      title: { zh: '县级审批', en: 'County approval' },
      task: { kind: 'county_approval', ...county },
    },
    deliberation: {
      title: { zh: '一事一议', en: 'Case-by-case deliberation' },
      task: { kind: 'deliberation', ...county },
    },
    disbursement: {
      title: { zh: '救助金发放', en: 'Disbursement' },
      jobs: ['disbursement'],
    },

    closed: { title: { zh: '已办结', en: 'Closed' }, final: { outcome: 'closed' } },
    rejected: { title: { zh: '不予救助', en: 'Rejected' }, final: { outcome: 'rejected' } },
    withdrawn: { title: { zh: '已撤回', en: 'Withdrawn' }, final: { outcome: 'withdrawn' } },
  };
}
