/** Shared by this folder's specs: the definition with defaults, a filing, sample events. */
import { initialTransition, transition } from 'xstate';
import { minimumLivingAllowance } from './index';
import type { MlaRuleEnv } from './rules';
import type { FilingData, MlaEvent, Place, Review } from './types';

export const place: Place = { villageCode: '370832001001', townshipCode: '370832001', countyCode: '370832' };
export const def = minimumLivingAllowance({});
export const { config, machine } = def;

export const filing: FilingData = {
  members: [
    { name: '王秀英', idNumber: '370832********0028', relation: '配偶', laborCapacity: 'partial' },
    { name: '王小明', idNumber: '370832********0013', relation: '子', laborCapacity: 'none' },
  ],
  basis: 'income',
  declaredMonthlyIncomeYuan: 900,
  declaredAssets: '自住房一处，无存款',
  checkConsentRef: 'SQ-2026-001',
  relativeDeclaration: { declared: false },
};

export const start = (data: FilingData = filing, p: Place = place) => initialTransition(machine, { data, place: p })[0];
export const send = (s: ReturnType<typeof start>, e: MlaEvent) => transition(machine, s, e)[0];
export const run = (events: MlaEvent[], data: FilingData = filing, p: Place = place) => events.reduce((s, e) => send(s, e), start(data, p));

export function ruleEnv(flags: string[] = []): MlaRuleEnv {
  return { now: new Date('2026-06-15T04:00:00Z'), config, flags };
}

const review = (proposal: Review['proposal'], monthlyIncomeYuan: number, ground?: Review['ground']): MlaEvent => ({
  type: 'SUBMIT_REVIEW',
  payload: {
    checkReportRef: 'HD-2026-9', visitDate: '2026-06-10', investigators: ['李干事', '赵干事'], householdSize: 3, monthlyIncomeYuan,
    rigidExpenditureYuan: 0, assetsWithinLimits: true, householdClass: 'stable', proposal, ...(ground ? { ground } : {}), findings: '入户复核',
  },
});

/** One valid-looking instance of every event (income 900 for 3 people at line 600: 900 yuan). */
export const ev = {
  registry: (registeredPoor: boolean): MlaEvent => ({ type: 'REGISTRY_CHECKED', payload: { registeredPoor } }),
  accept: { type: 'ACCEPT_APPLICATION', payload: { materials: ['申请书', '户口簿', '核对授权书'] } } as MlaEvent,
  request: { type: 'REQUEST_MATERIALS', payload: { missing: ['收入证明'] } } as MlaEvent,
  refuseAcceptance: { type: 'REFUSE_ACCEPTANCE', payload: { reason: '申请人户籍不在本县' } } as MlaEvent,
  supplied: { type: 'MATERIALS_SUPPLIED', payload: { note: '已补齐' } } as MlaEvent,
  materialsLate: { type: 'MATERIALS_DEADLINE_PASSED', payload: {} } as MlaEvent,
  investigate: (recommendation: 'approve' | 'reject', monthlyIncomeYuan = 900): MlaEvent => ({
    type: 'SUBMIT_INVESTIGATION',
    payload: {
      checkReportRef: 'HD-2026-1', visitDate: '2026-06-01', investigators: ['李干事', '赵干事'], householdSize: 3, monthlyIncomeYuan,
      incomeItems: [{ kind: '务工', monthlyYuan: monthlyIncomeYuan }], rigidExpenditureYuan: 0,
      assets: { depositsYuan: 0, vehicles: 0, extraHousing: false, businessRegistered: false }, assetsWithinLimits: true,
      householdClass: 'unstable', recommendation, opinion: '情况属实',
    },
  }),
  vote: (passed: boolean): MlaEvent => ({
    type: 'RECORD_DEMOCRATIC_REVIEW',
    payload: { meetingDate: '2026-06-05', attendees: 9, votesFor: passed ? 8 : 2, votesAgainst: passed ? 1 : 7, minutesRef: 'PY-1', passed },
  }),
  noticeEnded: { type: 'NOTICE_PERIOD_ENDED', payload: {} } as MlaEvent,
  objection: { type: 'RECORD_OBJECTION', payload: { summary: '村民反映其子在外务工收入较高' } } as MlaEvent,
  confirm: (amountYuan = 900): MlaEvent => ({ type: 'CONFIRM_DIBAO', payload: { amountYuan } }),
  refuse: { type: 'REFUSE_DIBAO', payload: { reason: '家庭人均收入高于标准' } } as MlaEvent,
  returnFor: { type: 'RETURN_FOR_INVESTIGATION', payload: { missing: ['银行流水'] } } as MlaEvent,
  extend: { type: 'EXTEND_DEADLINE', payload: { reason: '需跨省核对存款信息' } } as MlaEvent,
  due: (period: string): MlaEvent => ({ type: 'MONTHLY_PAYMENT_DUE', payload: { period } }),
  paid: (period: string): MlaEvent => ({ type: 'PAYMENT_CONFIRMED', payload: { period, paymentRef: `PAY-${period}` } }),
  failed: (period: string): MlaEvent => ({ type: 'PAYMENT_FAILED', payload: { period, error: '账户异常' } }),
  reviewDue: { type: 'REVIEW_DUE', payload: { period: '2026-12' } } as MlaEvent,
  change: (kind: 'income' | 'fraud_report' = 'income'): MlaEvent => ({ type: 'REPORT_CHANGE', payload: { kind, occurredOn: '2026-07-01', summary: '家庭情况变化' } }),
  review,
  adjust: (amountYuan: number): MlaEvent => ({ type: 'APPROVE_ADJUSTMENT', payload: { amountYuan } }),
  exit: (months = 3): MlaEvent => ({ type: 'APPROVE_GRADUAL_EXIT', payload: { months } }),
  terminate: (ground: 'fraud' | 'income_above_line' = 'income_above_line'): MlaEvent => ({
    type: 'TERMINATE_DIBAO', payload: { ground, reason: '经核实不再符合条件', ...(ground === 'fraud' ? { recoveryYuan: 1800 } : {}) },
  }),
  rejectProposal: { type: 'REJECT_PROPOSAL', payload: { reason: '复核依据不足' } } as MlaEvent,
  withdraw: { type: 'WITHDRAW', payload: { reason: '申请人自愿撤回' } } as MlaEvent,
};

/** The main path to in_payment under the defaults (democratic review always, county confirmation). */
export const toPayment: MlaEvent[] = [ev.accept, ev.investigate('approve'), ev.vote(true), ev.noticeEnded, ev.confirm()];
