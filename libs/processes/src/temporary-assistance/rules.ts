/**
 * Business rules of temporary assistance: checked by the engine before a transition, each returns
 * a reason the officer can act on, `{ zh, en }` (→ 422), or null. Pure functions of context, payload and env.
 */
import { HOUR, RuleEnv, Text } from '../definition';
import type { TemporaryAssistanceConfig } from './config';
import { MIN_REASON_LENGTH } from './schemas';
import type { TemporaryAssistanceContext } from './types';

export type TemporaryAssistanceRuleEnv = Pick<RuleEnv<TemporaryAssistanceConfig>, 'now' | 'config' | 'flags'>;
type Rule<P> = (context: TemporaryAssistanceContext, payload: P, env: TemporaryAssistanceRuleEnv) => Text | null;

export const REPEAT_FLAG = 'repeat_within_12_months';
export const SPLIT_FLAG = 'possible_split';

/** Meeting dates are calendar facts in China; compare with today's date there, not UTC's. */
const CHINA_UTC_OFFSET = 8 * HOUR;
export const chinaToday = (now: Date): string => new Date(now.getTime() + CHINA_UTC_OFFSET).toISOString().slice(0, 10);

const filled = (s: unknown, min: number) => typeof s === 'string' && s.trim().length >= min;

/** A repeat applicant may still be helped, but the approver must say why (anti-fraud, PROCESSES.md §3). */
function overrideMissing(overrideReason: unknown, env: TemporaryAssistanceRuleEnv): Text | null {
  if (!env.flags.includes(REPEAT_FLAG) || filled(overrideReason, MIN_REASON_LENGTH)) return null;
  return {
    zh: `该申请人 ${env.config.repeatWindowDays} 天内已因同类困难申请过临时救助，批准前须在“特批理由”（overrideReason）中写明理由，不少于 ${MIN_REASON_LENGTH} 个字`,
    en: `The applicant already applied for temporary assistance for the same hardship within ${env.config.repeatWindowDays} days: before approving, give the reason in "Reason to approve despite repeat" (overrideReason), at least ${MIN_REASON_LENGTH} characters`,
  };
}

export const grantFirstReliefRule: Rule<{ amount: number }> = (_ctx, p, { config }) =>
  p.amount > config.townshipLimit
    ? {
        zh: `先行救助金额 ${p.amount} 元超过乡镇直接审批上限 ${config.townshipLimit} 元；超出部分请在补齐手续后按常规程序申请`,
        en: `The first relief of ${p.amount} yuan exceeds the township's direct approval cap of ${config.townshipLimit} yuan; apply for the rest by the normal procedure once the paperwork is complete`,
      }
    : null;

export const approveRule: Rule<{ amount: number; overrideReason?: string }> = (ctx, p, env) => {
  const { config } = env;
  if (ctx.approvalStage === 'township' && p.amount > config.townshipLimit) {
    return {
      zh: `乡镇直接审批金额不得超过 ${config.townshipLimit} 元（本次 ${p.amount} 元）；超过的应报县民政局审批`,
      en: `A township may approve at most ${config.townshipLimit} yuan directly (this approval: ${p.amount} yuan); a larger amount goes to the county civil affairs bureau for approval`,
    };
  }
  if (ctx.approvalStage === 'county' && p.amount > config.countyMaximum) {
    return {
      zh: `县级审批金额不得超过临时救助标准上限 ${config.countyMaximum} 元（本次 ${p.amount} 元）；超过的须一事一议`,
      en: `A county approval may not exceed the temporary assistance standard cap of ${config.countyMaximum} yuan (this approval: ${p.amount} yuan); a larger amount needs case-by-case deliberation`,
    };
  }
  return overrideMissing(p.overrideReason, env);
};

export const recordDeliberationRule: Rule<{
  meetingDate: string;
  participants: string[];
  decision: 'approve' | 'reject';
  amount?: number;
  overrideReason?: string;
  reason?: string;
}> = (_ctx, p, env) => {
  const min = env.config.minDeliberationParticipants;
  // The same person listed twice is one participant.
  const distinct = new Set(p.participants.map((n) => n.trim()).filter(Boolean)).size;
  if (distinct < min) {
    return {
      zh: `一事一议参会人员不少于 ${min} 人（当前 ${distinct} 人，重复姓名只计一次），请补全参会人员`,
      en: `A case-by-case deliberation needs at least ${min} participants (${distinct} now; a name listed twice counts once); add the missing participants`,
    };
  }
  if (p.meetingDate > chinaToday(env.now)) {
    return {
      zh: `会议日期 ${p.meetingDate} 晚于今天，请填写会议实际召开的日期`,
      en: `The meeting date ${p.meetingDate} is later than today; enter the date the meeting actually took place`,
    };
  }
  if (p.decision === 'approve') {
    if (p.amount === undefined) {
      return { zh: '一事一议决定给予救助时，须填写救助金额（amount）', en: 'A deliberation that grants assistance must give the amount (amount)' };
    }
    return overrideMissing(p.overrideReason, env);
  }
  if (!filled(p.reason, MIN_REASON_LENGTH)) {
    return {
      zh: `一事一议决定不予救助时，须写明理由（reason），不少于 ${MIN_REASON_LENGTH} 个字`,
      en: `A deliberation that refuses assistance must give the reason (reason), at least ${MIN_REASON_LENGTH} characters`,
    };
  }
  return null;
};
