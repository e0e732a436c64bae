/**
 * Business rules of housing renovation: checked by the engine before a transition, each returns a
 * zh-CN reason the officer can act on (→ 422) or null. Pure functions of context, payload and env.
 */
import { HOUR, RuleEnv } from '../definition';
import type { HousingRenovationConfig } from './config';
import {
  checklistLabel,
  checklistShortfall,
  isEligibleGrade,
  methodFits,
  unknownChecklistItems,
  votesWithinAttendees,
} from './policy';
import { CollectiveReview, GRADE_ZH, HousingRenovationContext, Method, METHOD_ZH, METHODS_BY_GRADE } from './types';

export type HousingRenovationRuleEnv = Pick<RuleEnv<HousingRenovationConfig>, 'now' | 'config'>;
type Rule<P> = (context: HousingRenovationContext, payload: P, env: HousingRenovationRuleEnv) => string | null;

/** Meeting dates are calendar facts in China; compare with today's date there, not UTC's. */
const CHINA_UTC_OFFSET = 8 * HOUR;
export const chinaToday = (now: Date): string => new Date(now.getTime() + CHINA_UTC_OFFSET).toISOString().slice(0, 10);

const list = (items: string[]) => items.join('、');

export const collectiveReviewRule: Rule<CollectiveReview> = (_ctx, p, { now }) => {
  if (!votesWithinAttendees(p)) {
    return `赞成票（${p.votesFor}）与反对票（${p.votesAgainst}）之和不能超过参会人数（${p.attendees}），请核对会议记录`;
  }
  if (p.meetingDate > chinaToday(now)) return `会议日期 ${p.meetingDate} 晚于今天，请填写集体评议实际召开的日期`;
  return null;
};

export const countyApproveRule: Rule<{ method: Method; subsidyAmount: number }> = (ctx, p, { config }) => {
  const grade = ctx.grade;
  if (!isEligibleGrade(grade)) return '本案没有符合改造条件的房屋危险性评定结果（C/D 级或无房户），不能审批';
  if (!methodFits(grade, p.method)) {
    const allowed = METHODS_BY_GRADE[grade].map((m) => `${METHOD_ZH[m]}（${m}）`).join('或');
    return `房屋危险性评定结果为“${GRADE_ZH[grade]}”，改造方式只能为${allowed}，不能选择${METHOD_ZH[p.method] ?? p.method}`;
  }
  if (!(p.subsidyAmount > 0)) return '补助金额必须大于 0 元';
  const max = config.subsidyMaximum[p.method];
  if (p.subsidyAmount > max) return `补助金额 ${p.subsidyAmount} 元超过${METHOD_ZH[p.method]}上限 ${max} 元`;
  return null;
};

export const signAgreementRule: Rule<{ signedAt: string; plannedCompletionDate: string }> = (_ctx, p) =>
  p.plannedCompletionDate < p.signedAt
    ? `计划竣工日期 ${p.plannedCompletionDate} 早于协议签订日期 ${p.signedAt}，请核对`
    : null;

export const acceptancePassedRule: Rule<{ checklist: Record<string, boolean>; inspectors: string[] }> = (_ctx, p, { config }) => {
  const { missing, failed } = checklistShortfall(p.checklist, config.acceptanceChecklist);
  if (missing.length === 0 && failed.length === 0) return null;
  const parts = [
    ...(missing.length ? [`未填写：${list(missing.map(checklistLabel))}`] : []),
    ...(failed.length ? [`不合格：${list(failed.map(checklistLabel))}`] : []),
  ];
  return `验收清单须逐项合格方可通过验收（${parts.join('；')}）。如有不合格项目，请登记“竣工验收不合格”并整改`;
};

export const acceptanceFailedRule: Rule<{ failedItems: string[]; note: string }> = (_ctx, p, { config }) => {
  if (!p.failedItems || p.failedItems.length === 0) return '请列出至少一项不合格项目（failedItems）';
  const unknown = unknownChecklistItems(p.failedItems, config.acceptanceChecklist);
  if (unknown.length) {
    return `不合格项目须为验收清单中的项目：${list(unknown)} 不在清单中（清单项目：${list(config.acceptanceChecklist)}）`;
  }
  return null;
};

export const handoverRule: Rule<{ moveInDate: string; signInstalled: boolean }> = (_ctx, p) =>
  p.signInstalled === true ? null : '须在改造住房显著位置设置“农村危房改造工程”标识后，方可办理交接入住';
