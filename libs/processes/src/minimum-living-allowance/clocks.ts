/**
 * SLA clocks of 低保 (PROCESSES.md §6). The national limits are in working days, counted by the
 * engine's working-day calendar (WORKDAY_HOLIDAYS, WORKDAY_EXTRA_WORKDAYS); the warning comes at half
 * of them, rounded up to a whole working day. The `stop`
 * clock runs only for the fast lane, which a case enters while a terminate proposal on a stop ground
 * (fraud, ineligible, death, moved away: the township's 核实属实) waits (lane.ts).
 */
import { ClockSpec, DAY, workingDays } from '../definition';
import type { MinimumLivingAllowanceConfig } from './config';

const MONTH = 30 * DAY;

export function minimumLivingAllowanceClocks(config: MinimumLivingAllowanceConfig): ClockSpec[] {
  const escalateTo = { role: 'county_civil', level: 'county' } as const;
  const wd = workingDays;
  const half = (n: number) => workingDays(Math.ceil(n / 2));
  const decisions = ['CONFIRM_DIBAO', 'REFUSE_DIBAO'];
  return [
    {
      name: 'initial_review',
      title: { zh: '乡镇初审及公示时限', en: 'Township review to notice' },
      startOn: ['ACCEPT_APPLICATION'],
      stopOnEnter: ['notice', 'county_confirmation', 'township_confirmation'],
      stopOn: [],
      due: wd(config.initialReviewWorkingDays),
      warnAfter: half(config.initialReviewWorkingDays),
      escalateTo, warnFlag: 'sla_warning', breachFlag: 'sla_breached',
      basis: { zh: `受理后 ${config.initialReviewWorkingDays} 个工作日内完成初审并公示（最低生活保障审核确认办法）`, en: `Review and publish within ${config.initialReviewWorkingDays} working days of acceptance` },
    },
    {
      name: 'overall',
      title: { zh: '审核确认总时限', en: 'Overall time limit' },
      startOn: ['ACCEPT_APPLICATION'],
      // An extension ends this clock; `overall_extended` takes over.
      stopOn: [...decisions, 'EXTEND_DEADLINE'],
      due: wd(config.overallWorkingDays),
      warnAfter: half(config.overallWorkingDays),
      escalateTo, warnFlag: 'sla_warning', breachFlag: 'sla_breached',
      basis: { zh: `受理后 ${config.overallWorkingDays} 个工作日内审核确认（最低生活保障审核确认办法）`, en: `Decide within ${config.overallWorkingDays} working days of acceptance` },
    },
    {
      name: 'overall_extended',
      title: { zh: '延长后的审核确认时限', en: 'Extended time limit' },
      startOn: ['EXTEND_DEADLINE'],
      stopOn: decisions,
      due: wd(config.overallExtendedWorkingDays - config.overallWorkingDays),
      escalateTo, breachFlag: 'sla_breached',
      basis: { zh: `特殊情况可延长至 ${config.overallExtendedWorkingDays} 个工作日`, en: `Up to ${config.overallExtendedWorkingDays} working days in special cases` },
    },
    {
      name: 'county_step',
      title: { zh: '审核确认环节时限', en: 'Confirmation step' },
      startOn: [],
      startOnEnter: ['county_confirmation', 'township_confirmation', 'change_decision'],
      stopOn: [...decisions, 'RETURN_FOR_INVESTIGATION', 'APPROVE_ADJUSTMENT', 'APPROVE_GRADUAL_EXIT', 'TERMINATE_DIBAO', 'REJECT_PROPOSAL'],
      due: wd(config.countyStepWorkingDays),
      warnAfter: half(config.countyStepWorkingDays),
      escalateTo, warnFlag: 'sla_warning', breachFlag: 'sla_breached',
      basis: { zh: `审核确认环节 ${config.countyStepWorkingDays} 个工作日（本地惯例默认值）`, en: `${config.countyStepWorkingDays} working days (local practice)` },
    },
    {
      name: 'review_task',
      title: { zh: '复核办理时限', en: 'Review task' },
      startOn: [],
      startOnEnter: ['review'],
      stopOn: ['SUBMIT_REVIEW'],
      due: config.reviewTaskDays * DAY,
      breachFlag: 'review_overdue',
      basis: { zh: `复核任务 ${config.reviewTaskDays} 天内办结（可配置）`, en: `Reviews within ${config.reviewTaskDays} days (configurable)` },
    },
    {
      name: 'stop',
      title: { zh: '核实属实后停保时限', en: 'Stop within a month' },
      startOn: ['SUBMIT_REVIEW'],
      lanes: ['fast'],
      stopOn: ['TERMINATE_DIBAO', 'REJECT_PROPOSAL'],
      due: config.stopWithinMonths * MONTH,
      escalateTo, breachFlag: 'stop_overdue',
      basis: { zh: `核实属实之后 ${config.stopWithinMonths} 个月内取消低保待遇（种子文件）`, en: `Stop within ${config.stopWithinMonths} month(s) once verified (seed)` },
    },
  ];
}
