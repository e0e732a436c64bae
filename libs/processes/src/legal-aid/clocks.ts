/**
 * SLA clocks (PROCESSES.md §4). Statutory clocks apply to every case: decide within 7 days
 * (Art. 43), assign within 3 days of the decision (Art. 43), objections decided within 5 days
 * (Art. 49). The fast lane adds shorter internal targets (三优服务) on top.
 *
 * The engine starts and stops clocks by event type or by entering a state, which shapes two choices:
 * - The materials notice pauses the decision clock and MATERIALS_SUPPLIED resumes it with the days
 *   that were left: the time the applicant needs to supply materials does not count toward the
 *   7 days (办理法律援助案件程序规定: 申请人补充材料的时间不计入审查期限), so the clock neither warns nor breaches
 *   while the office is waiting on the applicant, and after the materials arrive it is due at the
 *   resume time + the remaining days, not a fresh 7. The fast-lane decision target is counted the
 *   same way. Materials never supplied → withdrawn (a final state stops every clock).
 * - A failed ECONOMIC_CHECK is the denial (→ `denied`, where no decision event follows), so the
 *   decision clock also stops on entering `denied`; a passed check leaves it running.
 *
 * Escalation: the county justice bureau supervises the legal-aid centre (法律援助法 Art. 5), so a
 * late decision or assignment is escalated to it. The objection clock is the bureau's own duty and
 * has no county-level supervisor: it is flagged, not escalated.
 */
import { ClockSpec, DAY } from '../definition';
import type { LegalAidConfig } from './config';

export const DECISION_EVENTS = ['GRANT_AID', 'DENY_AID', 'PROVIDE_AID_FIRST'];
export const AID_DECIDED_EVENTS = ['GRANT_AID', 'PROVIDE_AID_FIRST', 'UPHOLD_OBJECTION'];

export function legalAidClocks(config: LegalAidConfig): ClockSpec[] {
  const days = (n: number) => ({ due: n * DAY, warnAfter: n * DAY * config.warningFraction });
  const supervisor = { role: 'justice_bureau', level: 'county' } as const;
  const statutory = { warnFlag: 'sla_warning', breachFlag: 'sla_breached' };
  const materialsPause = { pauseOn: ['REQUEST_MATERIALS'], resumeOn: ['MATERIALS_SUPPLIED'] };
  const decisionBasis = {
    zh: `法定时限：收到申请之日起 ${config.decisionDays} 日内作出是否给予法律援助的决定（《法律援助法》第四十三条），补充材料时间不计入`,
    en: `Statutory: decide within ${config.decisionDays} days of the application (Legal Aid Law Art. 43); time spent supplying materials excluded`,
  };
  return [
    {
      name: 'decision',
      title: { zh: '审查决定时限', en: 'Decision deadline' },
      startOn: 'filing',
      stopOn: DECISION_EVENTS,
      stopOnEnter: ['denied'],
      ...materialsPause,
      ...days(config.decisionDays),
      escalateTo: supervisor,
      ...statutory,
      basis: decisionBasis,
    },
    {
      name: 'assignment',
      title: { zh: '指派时限', en: 'Assignment deadline' },
      startOn: AID_DECIDED_EVENTS,
      stopOn: ['ASSIGN_LAWYER'],
      ...days(config.assignmentDays),
      escalateTo: supervisor,
      ...statutory,
      basis: {
        zh: `法定时限：决定给予法律援助之日起 ${config.assignmentDays} 日内指派法律援助人员（《法律援助法》第四十三条）`,
        en: `Statutory: assign a lawyer within ${config.assignmentDays} days of the decision (Legal Aid Law Art. 43)`,
      },
    },
    {
      name: 'objection',
      title: { zh: '异议审查时限', en: 'Objection decision deadline' },
      startOn: ['FILE_OBJECTION'],
      stopOn: ['UPHOLD_OBJECTION', 'DISMISS_OBJECTION'],
      ...days(config.objectionDecisionDays),
      ...statutory,
      basis: {
        zh: `法定时限：司法行政部门收到异议之日起 ${config.objectionDecisionDays} 日内审查决定（《法律援助法》第四十九条）`,
        en: `Statutory: the justice bureau decides within ${config.objectionDecisionDays} days of the objection (Legal Aid Law Art. 49)`,
      },
    },
    {
      name: 'fast_decision',
      title: { zh: '三优服务：优先审查目标', en: 'Fast lane: decision target' },
      startOn: ['FAST_LANE_CONFIRMED'],
      stopOn: DECISION_EVENTS,
      ...materialsPause,
      lanes: ['fast'],
      ...days(config.fastDecisionDays),
      breachFlag: 'fast_target_missed',
      basis: {
        zh: `内部目标（三优服务，可配置）：确认免审后 ${config.fastDecisionDays} 日内作出决定；法定 ${config.decisionDays} 日时限同时适用`,
        en: `Internal target (configurable): decide within ${config.fastDecisionDays} days; the statutory ${config.decisionDays} days still apply`,
      },
    },
    {
      name: 'fast_assignment',
      title: { zh: '三优服务：优先指派目标', en: 'Fast lane: assignment target' },
      startOn: AID_DECIDED_EVENTS,
      stopOn: ['ASSIGN_LAWYER'],
      lanes: ['fast'],
      ...days(config.fastAssignmentDays),
      breachFlag: 'fast_target_missed',
      basis: {
        zh: `内部目标（三优服务，可配置）：决定后 ${config.fastAssignmentDays} 日内指派；法定 ${config.assignmentDays} 日时限同时适用`,
        en: `Internal target (configurable): assign within ${config.fastAssignmentDays} day(s) of the decision; the statutory ${config.assignmentDays} days still apply`,
      },
    },
  ];
}
