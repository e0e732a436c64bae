/** Business rules of the rectification ledger, checked before the transition (422 with the reason). */
import type { RuleEnv, Text } from '../definition';
import type { AuditRectificationConfig } from './config';
import type { AuditRectificationContext } from './types';

export type AuditRectificationRuleEnv = Pick<RuleEnv<AuditRectificationConfig>, 'now' | 'config'>;
type Ctx = Pick<AuditRectificationContext, 'referrals' | 'lastAnswer'>;

/** The local calendar date of `now` (Asia/Shanghai is UTC+8, no daylight saving). */
const today = (now: Date) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** `completedAt`, `referredAt` and `checkedAt` are real calendar dates: not in the future. */
export function notAfterToday(field: string, title: Text) {
  return (_c: unknown, payload: Record<string, unknown>, env: AuditRectificationRuleEnv): Text | null =>
    typeof payload[field] === 'string' && (payload[field] as string) > today(env.now)
      ? { zh: `${title.zh}不能晚于今天`, en: `The ${title.en} (${payload[field]}) cannot be later than today` }
      : null;
}

export const pendingReferrals = (c: Ctx) => c.referrals.filter((r) => !r.outcome);

/** 销号 waits for every referral's outcome (referral_pending). */
export function recheckPassedRule(c: Ctx, payload: Record<string, unknown>, env: AuditRectificationRuleEnv): Text | null {
  const pending = pendingReferrals(c);
  if (pending.length) {
    return {
      zh: `referral_pending：移送的问题线索（回执号 ${pending.map((r) => r.receiptNo).join('、')}）尚无处理结果，不能销号`,
      en: `referral_pending: the referred clues (receipt no. ${pending.map((r) => r.receiptNo).join(', ')}) have no outcome yet; the finding cannot be closed until each outcome is recorded`,
    };
  }
  return notAfterToday('checkedAt', { zh: '回头看日期', en: 'follow-up check date' })(c, payload, env);
}

/** A contest cannot be upheld while a clue about the same finding is with the receiving body. */
export function withdrawRule(c: Ctx): Text | null {
  const pending = pendingReferrals(c);
  return pending.length
    ? {
        zh: `referral_pending：问题线索已移送（回执号 ${pending.map((r) => r.receiptNo).join('、')}），处理结果出来前不能撤销`,
        en: `referral_pending: a clue has been referred (receipt no. ${pending.map((r) => r.receiptNo).join(', ')}); the finding cannot be withdrawn before its outcome is recorded`,
      }
    : null;
}

/** Only a rectification can be accepted; a bare contest is withdrawn or returned. */
export function acceptRule(c: Ctx): Text | null {
  return c.lastAnswer === 'rectification'
    ? null
    : {
        zh: '被审计单位只提出了申辩，未提交整改材料，不能验收整改；可退回整改或撤销问题',
        en: 'The audited unit only contested the finding and submitted no rectification, so there is nothing to accept; return it for rectification or withdraw the finding',
      };
}

/** Within the finding: one referral per receiving body and receipt number (across findings: uniqueAcrossCases). */
export function referRule(c: Ctx, payload: Record<string, unknown>, env: AuditRectificationRuleEnv): Text | null {
  if (c.referrals.some((r) => r.to === payload.to && r.receiptNo === payload.receiptNo)) {
    return { zh: `回执号 ${payload.receiptNo} 已登记`, en: `Receipt no. ${payload.receiptNo} of this receiving body is already recorded on this finding` };
  }
  return notAfterToday('referredAt', { zh: '移送日期', en: 'referral date' })(c, payload, env);
}

export function referralOutcomeRule(c: Ctx, payload: Record<string, unknown>): Text | null {
  return c.referrals.some((r) => r.receiptNo === payload.receiptNo && !r.outcome)
    ? null
    : { zh: `没有待反馈的回执号 ${payload.receiptNo}`, en: `No referral with receipt no. ${payload.receiptNo} is waiting for an outcome` };
}
