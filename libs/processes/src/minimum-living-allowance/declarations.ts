/** What 低保 declares for generic code: filer, the 公示, flags, outcomes, the payment schedule, supervisors, titles. */
import type { ProcessDeclarations } from '../declarations';
import { PAYING_STATES } from './machine';
import { holdsPayments } from './rules';
import { minimumLivingAllowanceTitles } from './titles';
import type { MlaContext } from './types';

export const minimumLivingAllowanceDeclarations: ProcessDeclarations<MlaContext> = {
  // 代为申请 by the village, or the township's 社会救助窗口 (一门受理); a filing officer is the filer,
  // so a second officer of the township accepts (the decision groups keep the filer out).
  filedBy: { roles: ['village_clerk'], level: 'village', also: [{ roles: ['township_officer'], level: 'township' }] },
  notices: {
    notice: {
      result: { zh: '经入户调查、民主评议，拟纳入最低生活保障', en: 'Investigated and reviewed: proposed for the minimum living allowance' },
      issuer: { level: 'township', department: { zh: '人民政府', en: "People's Government" } },
      details: (c) => {
        const a = c.assessment;
        if (!a) return [];
        return [
          { key: 'householdSize', title: { zh: '家庭人口', en: 'Household size' }, value: a.householdSize },
          { key: 'perCapitaIncome', title: { zh: '家庭月人均收入（元）', en: 'Per-capita monthly income (yuan)' }, value: a.perCapitaIncomeYuan, money: true },
          { key: 'line', title: { zh: '低保标准（元/人·月）', en: 'Line (yuan/person/month)' }, value: a.lineYuan, money: true },
          { key: 'subsidy', title: { zh: '拟保障金额（元/月）', en: 'Proposed monthly amount (yuan)' }, value: a.amountYuan, money: true },
        ];
      },
    },
  },
  // 长期公布: a confirmed household stays on its village's list while paid (渐退 included), until exited/terminated.
  standingList: {
    title: { zh: '最低生活保障对象长期公布', en: 'Standing list of dibao households' },
    states: [...PAYING_STATES],
    details: (c) => [
      { key: 'householdSize', title: { zh: '保障人数', en: 'Persons' }, value: c.householdSize },
      { key: 'amount', title: { zh: '月保障金额（元）', en: 'Monthly amount (yuan)' }, value: c.gradualExit?.amountYuan ?? c.amountYuan ?? 0, money: true },
      ...(c.gradualExit ? [{ key: 'gradualExit', title: { zh: '渐退期', en: 'Gradual exit' }, value: { zh: `${c.gradualExit.months} 个月`, en: `${c.gradualExit.months} months` } }] : []),
    ],
  },
  flags: {
    sla_warning: { title: { zh: '时限预警', en: 'Time limit warning' }, reviewers: false },
    sla_breached: { title: { zh: '超时', en: 'Time limit breached' }, reviewers: true },
    review_overdue: { title: { zh: '复核逾期', en: 'Review overdue' }, reviewers: true },
    stop_overdue: { title: { zh: '逾期未停保', en: 'Stop overdue' }, reviewers: true },
    relative_declared: { title: { zh: '近亲属备案（申请人申明）', en: 'Relative of staff (declared)' }, reviewers: true },
    ineligibility_reported: { title: { zh: '被举报不符合条件', en: 'Ineligibility reported' }, reviewers: true },
    recovery_due: { title: { zh: '责令退回低保金', en: 'Recovery due' }, reviewers: true },
    payment_failed: { title: { zh: '低保金发放失败', en: 'Payment failed' }, reviewers: true },
  },
  outcomes: {
    rejected: { title: { zh: '不予保障', en: 'Rejected' }, counts: 'refused' },
    withdrawn: { title: { zh: '已撤回', en: 'Withdrawn' }, counts: 'withdrawn' },
    exited: { title: { zh: '渐退退出', en: 'Exited' }, counts: 'exited' },
    terminated: { title: { zh: '已停保', en: 'Terminated' }, counts: 'terminated' },
  },
  paymentSchedule: {
    payingStates: ['in_payment', 'review', 'change_decision', 'gradual_exit'],
    dueEvent: 'MONTHLY_PAYMENT_DUE',
    amountField: 'amountYuan',
    confirmedEvent: 'PAYMENT_CONFIRMED',
    failedEvent: 'PAYMENT_FAILED',
    holdWhile: (c: MlaContext) => holdsPayments(c.pendingProposal),
  },
  supervisors: { township_officer: 'county_civil' },
  titles: minimumLivingAllowanceTitles,
};
