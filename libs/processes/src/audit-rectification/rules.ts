/** Business rules of the rectification ledger, checked before the transition (422 with the reason). */
import type { RuleEnv } from '../definition';
import type { AuditRectificationConfig } from './config';
import type { AuditRectificationContext } from './types';

export type AuditRectificationRuleEnv = Pick<RuleEnv<AuditRectificationConfig>, 'now' | 'config'>;
type Ctx = Pick<AuditRectificationContext, 'referrals' | 'lastAnswer'>;

/** The local calendar date of `now` (Asia/Shanghai is UTC+8, no daylight saving). */
const today = (now: Date) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** `completedAt`, `referredAt` and `checkedAt` are real calendar dates: not in the future. */
export function notAfterToday(field: string, title: string) {
  return (_c: unknown, payload: Record<string, unknown>, env: AuditRectificationRuleEnv): string | null =>
    typeof payload[field] === 'string' && (payload[field] as string) > today(env.now) ? `${title}不能晚于今天` : null;
}

export const pendingReferrals = (c: Ctx) => c.referrals.filter((r) => !r.outcome);

/** 销号 waits for every referral's outcome (referral_pending). */
export function recheckPassedRule(c: Ctx, payload: Record<string, unknown>, env: AuditRectificationRuleEnv): string | null {
  const pending = pendingReferrals(c);
  if (pending.length) return `referral_pending：移送的问题线索（回执号 ${pending.map((r) => r.receiptNo).join('、')}）尚无处理结果，不能销号`;
  return notAfterToday('checkedAt', '回头看日期')(c, payload, env);
}

/** A contest cannot be upheld while a clue about the same finding is with the receiving body. */
export function withdrawRule(c: Ctx): string | null {
  const pending = pendingReferrals(c);
  return pending.length ? `referral_pending：问题线索已移送（回执号 ${pending.map((r) => r.receiptNo).join('、')}），处理结果出来前不能撤销` : null;
}

/** Only a rectification can be accepted; a bare contest is withdrawn or returned. */
export function acceptRule(c: Ctx): string | null {
  return c.lastAnswer === 'rectification' ? null : '被审计单位只提出了申辩，未提交整改材料，不能验收整改；可退回整改或撤销问题';
}

/** Within the finding: one referral per receiving body and receipt number (across findings: uniqueAcrossCases). */
export function referRule(c: Ctx, payload: Record<string, unknown>, env: AuditRectificationRuleEnv): string | null {
  if (c.referrals.some((r) => r.to === payload.to && r.receiptNo === payload.receiptNo)) return `回执号 ${payload.receiptNo} 已登记`;
  return notAfterToday('referredAt', '移送日期')(c, payload, env);
}

export function referralOutcomeRule(c: Ctx, payload: Record<string, unknown>): string | null {
  return c.referrals.some((r) => r.receiptNo === payload.receiptNo && !r.outcome) ? null : `没有待反馈的回执号 ${payload.receiptNo}`;
}
