/** Every state of the 低保 machine: titles, human tasks, the notice and materials timers, the monthly and review timers. */
import { DAY, StateSpec } from '../definition';
import type { MinimumLivingAllowanceConfig } from './config';
import type { MlaContext } from './types';

export function minimumLivingAllowanceStates(config: MinimumLivingAllowanceConfig): Record<string, StateSpec> {
  const township = { role: 'township_officer', level: 'township' } as const;
  const county = { role: 'county_civil', level: 'county' } as const;
  // One monthly timer for the whole benefit (下月起, on the pay day): declared alike in every paying
  // state, so the engine carries the same series from one to the next instead of restarting it.
  const monthly = { event: 'MONTHLY_PAYMENT_DUE', every: { months: 1 }, dayOfMonth: config.payDay };
  return {
    acceptance: {
      title: { zh: '受理', en: 'Acceptance' },
      task: { kind: 'acceptance', ...township },
      // Records registeredPoor (渐退 scope); never blocks the case.
      jobs: ['registry_lookup'],
    },
    materials_pending: {
      title: { zh: '补齐材料', en: 'Materials pending' },
      task: { kind: 'materials_pending', role: 'village_clerk', level: 'village', dueIn: config.materialsDays * DAY },
      timers: [{ event: 'MATERIALS_DEADLINE_PASSED', after: config.materialsDays * DAY }],
    },
    investigation: {
      title: { zh: '家庭经济状况调查', en: 'Household means investigation' },
      task: { kind: 'investigation', ...township },
    },
    routing_after_investigation: { title: { zh: '调查结论分流', en: 'Routing after investigation' } },
    democratic_review: {
      title: { zh: '民主评议', en: 'Democratic review' },
      task: { kind: 'democratic_review', role: 'village_clerk', level: 'village' },
    },
    notice: {
      title: { zh: '公示', en: 'Public notice' },
      timers: [{ event: 'NOTICE_PERIOD_ENDED', after: config.noticeDays * DAY }],
    },
    county_confirmation: { title: { zh: '县级审核确认', en: 'County confirmation' }, task: { kind: 'county_confirmation', ...county } },
    township_confirmation: { title: { zh: '乡镇审核确认', en: 'Township confirmation' }, task: { kind: 'township_confirmation', ...township } },
    in_payment: {
      title: { zh: '保障中', en: 'In payment' },
      recurring: [
        monthly,
        // 动态管理: yearly for stable households, half-yearly for unstable ones; re-armed from the
        // return to in_payment after each review.
        {
          event: 'REVIEW_DUE',
          every: { months: config.reviewMonthsStable },
          everyOf: (ctx: MlaContext) => ({ months: ctx.householdClass === 'unstable' ? config.reviewMonthsUnstable : config.reviewMonthsStable }),
        },
      ],
    },
    review: {
      title: { zh: '复核中', en: 'Under review' },
      task: { kind: 'review', ...township, dueIn: config.reviewTaskDays * DAY },
      recurring: [monthly],
    },
    change_decision: {
      title: { zh: '增发·减发·渐退·停保', en: 'Change decision' },
      task: { kind: 'change_decision', ...county },
      recurring: [monthly],
    },
    gradual_exit: { title: { zh: '渐退期', en: 'Gradual exit' }, recurring: [monthly] },
    rejected: { title: { zh: '不予保障', en: 'Rejected' }, final: { outcome: 'rejected' } },
    withdrawn: { title: { zh: '已撤回', en: 'Withdrawn' }, final: { outcome: 'withdrawn' } },
    exited: { title: { zh: '已退出', en: 'Exited' }, final: { outcome: 'exited' } },
    terminated: { title: { zh: '已停保', en: 'Terminated' }, final: { outcome: 'terminated' } },
  };
}
