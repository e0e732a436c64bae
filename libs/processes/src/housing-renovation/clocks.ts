/**
 * Stage time limits of housing renovation (issue 17): each human stage runs a clock from entering
 * the state to leaving it, whatever event leads in or out (township_audit is entered after the
 * village notice, after a correction, after an objection to the township notice and when the county
 * returns the case). Its due time is the stage task's due time; late, the case is flagged
 * `sla_breached` (discipline reviewers' flag list) and, where someone supervises the stage, an
 * escalation task opens for them. Like the formalities clock of temporary assistance there is no
 * warning phase: these are local-practice targets of days, and the task's countdown is the warning.
 *
 * Escalation follows who supervises whom: the township over the village's steps, the county housing
 * bureau (TASK_SUPERVISORS' default for housing) over the township's steps and its own house-safety
 * assessor. The poverty office's identity review and the county's own approval and acceptance have
 * no supervising role in this system (a city-level task would sit in nobody's inbox): flagged only.
 */
import { ClockSpec, DAY, Level, Role } from '../definition';
import { HousingRenovationConfig, STAGES, Stage } from './config';

const township = { role: 'township_officer', level: 'township' } as const;
const countyHousing = { role: 'county_housing', level: 'county' } as const;

const ESCALATE_TO: Record<Stage, { role: Role; level: Level } | undefined> = {
  identity_review: undefined,
  collective_review: township,
  township_audit: countyHousing,
  correction: township,
  danger_assessment: countyHousing,
  county_approval: undefined,
  agreement: countyHousing,
  acceptance: undefined,
  rectification: countyHousing,
  handover: countyHousing,
};

export function housingRenovationClocks(
  config: HousingRenovationConfig,
  states: Record<string, { title: { zh: string; en: string } }>,
): ClockSpec[] {
  return STAGES.filter((stage) => config.stageDueDays[stage] > 0).map((stage) => {
    const days = config.stageDueDays[stage];
    const title = states[stage].title;
    return {
      name: stage,
      title: { zh: `${title.zh}时限`, en: `${title.en} time limit` },
      startOn: [],
      startOnEnter: [stage],
      stopOn: [],
      // Leaving the stage by any event stops it: met in time, breached (and kept) when late.
      stopOnEnter: Object.keys(states).filter((s) => s !== stage),
      due: days * DAY,
      escalateTo: ESCALATE_TO[stage],
      breachFlag: 'sla_breached',
      basis: {
        zh: `本地惯例时限（可配置，非法定）：进入「${title.zh}」后 ${days} 日内办结`,
        en: `Local-practice limit (configurable, not statutory): ${days} day(s) from entering ${title.en}`,
      },
    } satisfies ClockSpec;
  });
}
