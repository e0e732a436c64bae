/**
 * Business rules of legal aid: checked by the engine before a transition, each returns a
 * reason the officer can act on, `{ zh, en }` (→ 422), or null. Pure functions of context, payload and env
 * (ASSIGN_LAWYER looks the lawyer up through env.findUser).
 */
import { DAY, HOUR, RuleEnv, Text } from '../definition';
import type { LegalAidConfig } from './config';
import { MATERIALS_NOTICES_ALLOWED } from './machine';
import { MIN_REASON_LENGTH } from './schemas';
import type { LegalAidContext, LegalAidEvent } from './types';

export type LegalAidRuleEnv = RuleEnv<LegalAidConfig>;
type Payload<T extends LegalAidEvent['type']> = Extract<LegalAidEvent, { type: T }>['payload'];
type Rule<T extends LegalAidEvent['type']> = (
  context: LegalAidContext,
  payload: Payload<T>,
  env: Pick<LegalAidRuleEnv, 'now' | 'config'>,
) => Text | null;

/** People's dates are calendar facts in China: compare with today's date there, not UTC's. */
const CHINA_UTC_OFFSET = 8 * HOUR;
export const chinaToday = (now: Date): string => new Date(now.getTime() + CHINA_UTC_OFFSET).toISOString().slice(0, 10);

/** Whole calendar days from `from` to `to` (both YYYY-MM-DD); NaN if either is not a date. */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / DAY);

const filled = (s: unknown, min: number) => typeof s === 'string' && s.trim().length >= min;

/** Failing the economic check denies aid, and a denial is given in writing with reasons (Art. 43). */
export const economicCheckRule: Rule<'ECONOMIC_CHECK'> = (_ctx, p) =>
  !p.passed && !filled(p.note, MIN_REASON_LENGTH)
    ? {
        zh: `经济困难审查不通过即不予法律援助，须在“说明”中写明理由，不少于 ${MIN_REASON_LENGTH} 个字`,
        en: `Failing the financial hardship check denies legal aid: write the reasons in "Note" (note), at least ${MIN_REASON_LENGTH} characters`,
      }
    : null;

/** Art. 43: the missing materials are listed in one notice; a second notice is not allowed. */
export const requestMaterialsRule: Rule<'REQUEST_MATERIALS'> = (ctx) =>
  ctx.materialsRequests >= MATERIALS_NOTICES_ALLOWED
    ? {
        zh: '已一次性告知过需补充的材料，依法不得再次要求补充；请根据现有材料作出给予或不予法律援助的决定',
        en: 'The missing materials were already requested in one notice, and the law allows no second request; decide to grant or deny legal aid on the materials at hand',
      }
    : null;

/**
 * Art. 44: aid before the decision when fewer than the threshold days remain before the limitation
 * deadline. The deadline is a real date, compared with the real (unscaled) date today.
 */
export const provideAidFirstRule: Rule<'PROVIDE_AID_FIRST'> = (ctx, _p, { now, config }) => {
  const deadline = ctx.data.limitationDeadline;
  const threshold = config.aidFirstThresholdDays;
  if (!deadline) {
    return {
      zh: `申请未填写时效届满日，不能先行提供法律援助；仅在距时效或期限届满不足 ${threshold} 日时适用（法律援助法第四十四条）`,
      en: `The application gives no limitation deadline, so aid cannot be provided before the decision; that applies only when fewer than ${threshold} days remain before a limitation period or deadline ends (Legal Aid Law, Art. 44)`,
    };
  }
  const today = chinaToday(now);
  const remaining = daysBetween(today, deadline);
  if (Number.isNaN(remaining)) {
    return {
      zh: `时效届满日“${deadline}”不是有效日期，不能先行提供法律援助`,
      en: `The limitation deadline "${deadline}" is not a valid date, so aid cannot be provided before the decision`,
    };
  }
  if (remaining < 0) {
    return {
      zh: `时效届满日 ${deadline} 已过，不适用先行提供法律援助；请依法作出给予或不予法律援助的决定`,
      en: `The limitation deadline ${deadline} has passed, so aid before the decision does not apply; decide to grant or deny legal aid as the law requires`,
    };
  }
  if (remaining >= threshold) {
    return {
      zh: `距时效届满日 ${deadline} 还有 ${remaining} 日，不足 ${threshold} 日时才可先行提供法律援助（法律援助法第四十四条）；请按正常程序审查决定`,
      en: `${remaining} days remain before the limitation deadline ${deadline}; aid before the decision is allowed only when fewer than ${threshold} days remain (Legal Aid Law, Art. 44); review and decide by the normal procedure`,
    };
  }
  return null;
};

/** The lawyer must be an active staff member with the lawyer role in the case's county. */
export async function assignLawyerRule(
  _ctx: LegalAidContext,
  p: Payload<'ASSIGN_LAWYER'>,
  env: Pick<LegalAidRuleEnv, 'findUser' | 'jurisdiction'>,
): Promise<Text | null> {
  const username = p.lawyer.trim();
  const user = await env.findUser(username);
  if (!user) {
    return {
      zh: `系统中没有在职用户“${username}”，请填写法律援助人员的用户名`,
      en: `There is no active user "${username}"; enter the username of a legal aid lawyer`,
    };
  }
  if (!user.roles.includes('lawyer')) {
    return {
      zh: `用户“${username}”不是法律援助人员（律师），不能被指派承办案件`,
      en: `User "${username}" is not a legal aid lawyer and cannot be assigned the case`,
    };
  }
  if (user.jurisdictionCode !== env.jurisdiction.countyCode) {
    return {
      zh: `法律援助人员“${username}”不属于本案所在县（${env.jurisdiction.countyCode}），请指派本县的法律援助人员`,
      en: `Legal aid lawyer "${username}" does not belong to the case's county (${env.jurisdiction.countyCode}); assign a lawyer of this county`,
    };
  }
  return null;
}

/** A case cannot be closed on a day that has not come yet. */
export const submitClosureRule: Rule<'SUBMIT_CLOSURE'> = (_ctx, p, { now }) =>
  p.closedAt > chinaToday(now)
    ? { zh: `结案日期 ${p.closedAt} 晚于今天，请填写实际结案的日期`, en: `The closing date ${p.closedAt} is later than today; enter the date the case was actually closed` }
    : null;
