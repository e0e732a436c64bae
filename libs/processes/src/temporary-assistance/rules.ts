/**
 * Business rules of temporary assistance: checked by the engine before a transition, each returns
 * a zh-CN reason the officer can act on (→ 422) or null. Pure functions of context, payload and env.
 */
import { HOUR, RuleEnv } from '../definition';
import type { TemporaryAssistanceConfig } from './config';
import { MIN_REASON_LENGTH } from './schemas';
import type { TemporaryAssistanceContext } from './types';

export type TemporaryAssistanceRuleEnv = Pick<RuleEnv<TemporaryAssistanceConfig>, 'now' | 'config' | 'flags'>;
type Rule<P> = (context: TemporaryAssistanceContext, payload: P, env: TemporaryAssistanceRuleEnv) => string | null;

export const REPEAT_FLAG = 'repeat_within_12_months';
export const SPLIT_FLAG = 'possible_split';

/** Meeting dates are calendar facts in China; compare with today's date there, not UTC's. */
const CHINA_UTC_OFFSET = 8 * HOUR;
export const chinaToday = (now: Date): string => new Date(now.getTime() + CHINA_UTC_OFFSET).toISOString().slice(0, 10);

const filled = (s: unknown, min: number) => typeof s === 'string' && s.trim().length >= min;

/** A repeat applicant may still be helped, but the approver must say why (anti-fraud, PROCESSES.md §3). */
function overrideMissing(overrideReason: unknown, env: TemporaryAssistanceRuleEnv): string | null {
  if (!env.flags.includes(REPEAT_FLAG) || filled(overrideReason, MIN_REASON_LENGTH)) return null;
  return `该申请人 ${env.config.repeatWindowDays} 天内已因同类困难申请过临时救助，批准前须在“特批理由”（overrideReason）中写明理由，不少于 ${MIN_REASON_LENGTH} 个字`;
}

export const grantFirstReliefRule: Rule<{ amount: number }> = (_ctx, p, { config }) =>
  p.amount > config.townshipLimit
    ? `先行救助金额 ${p.amount} 元超过乡镇直接审批上限 ${config.townshipLimit} 元；超出部分请在补齐手续后按常规程序申请`
    : null;

export const approveRule: Rule<{ amount: number; overrideReason?: string }> = (ctx, p, env) => {
  const { config } = env;
  if (ctx.approvalStage === 'township' && p.amount > config.townshipLimit) {
    return `乡镇直接审批金额不得超过 ${config.townshipLimit} 元（本次 ${p.amount} 元）；超过的应报县民政局审批`;
  }
  if (ctx.approvalStage === 'county' && p.amount > config.countyMaximum) {
    return `县级审批金额不得超过临时救助标准上限 ${config.countyMaximum} 元（本次 ${p.amount} 元）；超过的须一事一议`;
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
  if (distinct < min) return `一事一议参会人员不少于 ${min} 人（当前 ${distinct} 人，重复姓名只计一次），请补全参会人员`;
  if (p.meetingDate > chinaToday(env.now)) return `会议日期 ${p.meetingDate} 晚于今天，请填写会议实际召开的日期`;
  if (p.decision === 'approve') {
    if (p.amount === undefined) return '一事一议决定给予救助时，须填写救助金额（amount）';
    return overrideMissing(p.overrideReason, env);
  }
  if (!filled(p.reason, MIN_REASON_LENGTH)) return `一事一议决定不予救助时，须写明理由（reason），不少于 ${MIN_REASON_LENGTH} 个字`;
  return null;
};
