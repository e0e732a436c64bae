/**
 * What temporary assistance declares for generic code: who files, its notice and what it prints,
 * its flags, how its outcomes count, the event its payment job sends and its supervisors.
 */
import type { ProcessDeclarations } from '../declarations';
import { temporaryAssistanceTitles } from './titles';
import type { TemporaryAssistanceContext } from './types';
import { temporaryAssistanceDocuments } from './documents';

export const temporaryAssistanceDeclarations: ProcessDeclarations<TemporaryAssistanceContext> = {
  documents: temporaryAssistanceDocuments,
  filedBy: { roles: ['village_clerk'], level: 'village' },
  notices: {
    // 社会救助暂行办法 Art. 49: the township reviews, investigates and publishes.
    notice: {
      result: {
        zh: '经乡镇（街道）审核、入户调查，拟给予临时救助',
        en: 'Reviewed and investigated by the township; temporary assistance is proposed',
      },
      issuer: { level: 'township', department: { zh: '人民政府', en: "People's Government" } },
      details: (c) =>
        c.recommendedAmount != null
          ? [{ key: 'subsidy', title: { zh: '拟救助金额', en: 'Proposed amount' }, value: c.recommendedAmount, money: true }]
          : [],
    },
  },
  // What the inbox shows: approved, else recommended, else the amount asked for at filing.
  listAmount: (c) => {
    const ctx = c as TemporaryAssistanceContext & { approvedAmount?: number; data?: { requestedAmount?: number } };
    if (ctx.approvedAmount != null) return { amount: Number(ctx.approvedAmount), title: { zh: '批准金额', en: 'Approved' } };
    if (ctx.recommendedAmount != null) return { amount: Number(ctx.recommendedAmount), title: { zh: '建议金额', en: 'Recommended' } };
    const asked = ctx.data?.requestedAmount;
    return asked != null ? { amount: Number(asked), title: { zh: '申请金额', en: 'Requested' } } : null;
  },
  flags: {
    repeat_within_12_months: { title: { zh: '12个月内重复申请', en: 'Repeat within 12 months' }, reviewers: true },
    possible_split: { title: { zh: '疑似化整为零', en: 'Possible split payments' }, reviewers: true },
    sla_warning: { title: { zh: '时限预警', en: 'Time limit warning' }, reviewers: false },
    sla_breached: { title: { zh: '超时', en: 'Time limit breached' }, reviewers: true },
    formalities_overdue: { title: { zh: '补齐手续超时', en: 'Formalities overdue' }, reviewers: true },
    relief_recovery: { title: { zh: '救助需追回', en: 'Relief to be recovered' }, reviewers: true },
  },
  outcomes: {
    // `closed` cases record how they ended in context.outcome; `closed` itself is the fallback.
    closed: { title: { zh: '已办结', en: 'Closed' }, counts: 'completed' },
    paid: { title: { zh: '已发放', en: 'Paid' }, counts: 'completed' },
    confirmed: { title: { zh: '先行救助已确认', en: 'First relief confirmed' }, counts: 'completed' },
    revoked: { title: { zh: '先行救助已撤销', en: 'First relief revoked' }, counts: 'refused' },
    rejected: { title: { zh: '不予救助', en: 'Rejected' }, counts: 'refused' },
    withdrawn: { title: { zh: '已撤回', en: 'Withdrawn' }, counts: 'withdrawn' },
  },
  paymentConfirmedEvent: 'PAYMENT_CONFIRMED',
  // The county civil-affairs bureau that approves supervises the township officers who review.
  supervisors: { township_officer: 'county_civil' },
  titles: temporaryAssistanceTitles,
};
