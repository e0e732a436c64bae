/**
 * Business rules of housing renovation: checked by the engine before a transition, each returns a
 * reason the officer can act on, `{ zh, en }` (→ 422), or null. Pure functions of context, payload and env.
 */
import { HOUR, RuleEnv, Text } from '../definition';
import type { HousingRenovationConfig } from './config';
import {
  checklistLabel,
  checklistShortfall,
  isEligibleGrade,
  methodFits,
  unknownChecklistItems,
  votesWithinAttendees,
} from './policy';
import { CHECKLIST_EN, FIELD_TITLES } from './titles';
import { CollectiveReview, GRADE_ZH, HousingRenovationContext, Method, METHOD_ZH, METHODS_BY_GRADE } from './types';

export type HousingRenovationRuleEnv = Pick<RuleEnv<HousingRenovationConfig>, 'now' | 'config'>;
type Rule<P> = (context: HousingRenovationContext, payload: P, env: HousingRenovationRuleEnv) => Text | null;

/** Meeting dates are calendar facts in China; compare with today's date there, not UTC's. */
const CHINA_UTC_OFFSET = 8 * HOUR;
export const chinaToday = (now: Date): string => new Date(now.getTime() + CHINA_UTC_OFFSET).toISOString().slice(0, 10);

const list = (items: string[]) => items.join('、');
const listEn = (items: string[]) => items.join(', ');
/** A grade's or method's English title (titles.ts), the code itself when it has none. */
const titleEn = (code: string) => FIELD_TITLES[code]?.en ?? code;
const checklistLabelEn = (key: string) => (CHECKLIST_EN[key] ? `${CHECKLIST_EN[key]} (${key})` : key);

export const collectiveReviewRule: Rule<CollectiveReview> = (_ctx, p, { now }) => {
  if (!votesWithinAttendees(p)) {
    return {
      zh: `赞成票（${p.votesFor}）与反对票（${p.votesAgainst}）之和不能超过参会人数（${p.attendees}），请核对会议记录`,
      en: `Votes for (${p.votesFor}) and votes against (${p.votesAgainst}) together cannot exceed the attendees (${p.attendees}); check the minutes`,
    };
  }
  if (p.meetingDate > chinaToday(now)) {
    return {
      zh: `会议日期 ${p.meetingDate} 晚于今天，请填写集体评议实际召开的日期`,
      en: `The meeting date ${p.meetingDate} is later than today; enter the date the collective review actually took place`,
    };
  }
  return null;
};

export const countyApproveRule: Rule<{ method: Method; subsidyAmount: number }> = (ctx, p, { config }) => {
  const grade = ctx.grade;
  if (!isEligibleGrade(grade)) {
    return {
      zh: '本案没有符合改造条件的房屋危险性评定结果（C/D 级或无房户），不能审批',
      en: 'The case has no house safety grade that qualifies for renovation (grade C or D, or no house), so it cannot be approved',
    };
  }
  if (!methodFits(grade, p.method)) {
    const allowed = METHODS_BY_GRADE[grade].map((m) => `${METHOD_ZH[m]}（${m}）`).join('或');
    const allowedEn = METHODS_BY_GRADE[grade].map((m) => `${titleEn(m)} (${m})`).join(' or ');
    return {
      zh: `房屋危险性评定结果为“${GRADE_ZH[grade]}”，改造方式只能为${allowed}，不能选择${METHOD_ZH[p.method] ?? p.method}`,
      en: `The house safety grade is "${titleEn(grade)}": the renovation method can only be ${allowedEn}, not ${titleEn(p.method)}`,
    };
  }
  if (!(p.subsidyAmount > 0)) return { zh: '补助金额必须大于 0 元', en: 'The subsidy amount must be more than 0 yuan' };
  const max = config.subsidyMaximum[p.method];
  if (p.subsidyAmount > max) {
    return {
      zh: `补助金额 ${p.subsidyAmount} 元超过${METHOD_ZH[p.method]}上限 ${max} 元`,
      en: `The subsidy of ${p.subsidyAmount} yuan exceeds the ${max} yuan cap for ${titleEn(p.method)} (${p.method})`,
    };
  }
  return null;
};

export const signAgreementRule: Rule<{ signedAt: string; plannedCompletionDate: string }> = (_ctx, p) =>
  p.plannedCompletionDate < p.signedAt
    ? {
        zh: `计划竣工日期 ${p.plannedCompletionDate} 早于协议签订日期 ${p.signedAt}，请核对`,
        en: `The planned completion date ${p.plannedCompletionDate} is earlier than the signing date ${p.signedAt}; check both dates`,
      }
    : null;

export const acceptancePassedRule: Rule<{ checklist: Record<string, boolean>; inspectors: string[] }> = (_ctx, p, { config }) => {
  const { missing, failed } = checklistShortfall(p.checklist, config.acceptanceChecklist);
  if (missing.length === 0 && failed.length === 0) return null;
  const parts = [
    ...(missing.length ? [`未填写：${list(missing.map(checklistLabel))}`] : []),
    ...(failed.length ? [`不合格：${list(failed.map(checklistLabel))}`] : []),
  ];
  const partsEn = [
    ...(missing.length ? [`not filled in: ${listEn(missing.map(checklistLabelEn))}`] : []),
    ...(failed.length ? [`failed: ${listEn(failed.map(checklistLabelEn))}`] : []),
  ];
  return {
    zh: `验收清单须逐项合格方可通过验收（${parts.join('；')}）。如有不合格项目，请登记“竣工验收不合格”并整改`,
    en: `Acceptance passes only when every checklist item passes (${partsEn.join('; ')}). If an item failed, record "Acceptance failed" and have it rectified`,
  };
};

export const acceptanceFailedRule: Rule<{ failedItems: string[]; note: string }> = (_ctx, p, { config }) => {
  if (!p.failedItems || p.failedItems.length === 0) {
    return { zh: '请列出至少一项不合格项目（failedItems）', en: 'List at least one failed item (failedItems)' };
  }
  const unknown = unknownChecklistItems(p.failedItems, config.acceptanceChecklist);
  if (unknown.length) {
    return {
      zh: `不合格项目须为验收清单中的项目：${list(unknown)} 不在清单中（清单项目：${list(config.acceptanceChecklist)}）`,
      en: `Failed items must be items of the acceptance checklist; not on it: ${listEn(unknown)} (checklist items: ${listEn(config.acceptanceChecklist)})`,
    };
  }
  return null;
};

export const handoverRule: Rule<{ moveInDate: string; signInstalled: boolean }> = (_ctx, p) =>
  p.signInstalled === true
    ? null
    : {
        zh: '须在改造住房显著位置设置“农村危房改造工程”标识后，方可办理交接入住',
        en: 'Put up the "Rural dilapidated housing renovation project" sign in a prominent place on the renovated house before the handover and move-in',
      };
