/** Shared by this folder's specs: the definition with defaults, filing data and sample events. */
import { initialTransition, transition } from 'xstate';
import { temporaryAssistance } from './index';
import type { TemporaryAssistanceRuleEnv } from './rules';
import type { FilingData, TemporaryAssistanceEvent } from './types';

export const def = temporaryAssistance({});
export const { config, machine } = def;

export const emergencyFiling: FilingData = {
  hardshipType: 'fire',
  urgency: 'emergency',
  description: '夜间房屋失火，衣物口粮全部烧毁',
  requestedAmount: 2000,
};
export const normalFiling: FilingData = {
  hardshipType: 'expenditure',
  urgency: 'normal',
  description: '子女重病住院，医疗支出过大',
  requestedAmount: 8000,
};

export const start = (data: FilingData) => initialTransition(machine, { data })[0];
export const send = (snapshot: ReturnType<typeof start>, event: TemporaryAssistanceEvent) =>
  transition(machine, snapshot, event)[0];

/** Applies events in order from a fresh filing. */
export function run(data: FilingData, events: TemporaryAssistanceEvent[]) {
  return events.reduce((s, e) => send(s, e), start(data));
}

export function ruleEnv(flags: string[] = [], now = new Date('2024-06-15T04:00:00Z')): TemporaryAssistanceRuleEnv {
  return { now, config, flags };
}

/** One valid-looking instance of every event (the graph tests add variants with other amounts). */
export const ev = {
  grant: (amount = 1000): TemporaryAssistanceEvent => ({
    type: 'GRANT_FIRST_RELIEF',
    payload: { amount, form: 'cash', grantedAt: '2024-06-15T10:00:00+08:00' },
  }),
  decline: { type: 'DECLINE_EMERGENCY', payload: { reason: '经核实不属于急难情形' } } as TemporaryAssistanceEvent,
  formalities: {
    type: 'SUBMIT_FORMALITIES',
    payload: { investigationReport: '入户调查属实，火灾损失约两万元', documents: ['火灾证明-2024-061', '申请书'] },
  } as TemporaryAssistanceEvent,
  confirm: { type: 'CONFIRM_RELIEF', payload: { note: '手续齐全，确认' } } as TemporaryAssistanceEvent,
  revoke: { type: 'REVOKE_RELIEF', payload: { reason: '申请人隐瞒家庭收入' } } as TemporaryAssistanceEvent,
  investigate: (recommendedAmount: number): TemporaryAssistanceEvent => ({
    type: 'SUBMIT_INVESTIGATION',
    payload: { findings: '入户核实，家庭支出型困难属实', recommendedAmount },
  }),
  reject: { type: 'REJECT', payload: { reason: '家庭收入超过救助标准' } } as TemporaryAssistanceEvent,
  noticeEnded: { type: 'NOTICE_PERIOD_ENDED', payload: {} } as TemporaryAssistanceEvent,
  objection: { type: 'RECORD_OBJECTION', payload: { summary: '村民反映其家中有营运车辆' } } as TemporaryAssistanceEvent,
  approve: (amount: number, overrideReason?: string): TemporaryAssistanceEvent => ({
    type: 'APPROVE',
    payload: overrideReason ? { amount, overrideReason } : { amount },
  }),
  deliberate: (decision: 'approve' | 'reject', amount?: number): TemporaryAssistanceEvent => ({
    type: 'RECORD_DELIBERATION',
    payload: {
      meetingDate: '2024-06-10',
      participants: ['张民政', '李财政', '王乡镇'],
      decision,
      minutesRef: '梁民议〔2024〕12号',
      ...(amount !== undefined ? { amount } : {}),
      ...(decision === 'reject' ? { reason: '已由医保大病保险兜底' } : {}),
    },
  }),
  paid: { type: 'PAYMENT_CONFIRMED', payload: { paymentRef: 'PAY-20240615-0001' } } as TemporaryAssistanceEvent,
  charity: { type: 'REFER_TO_CHARITY', payload: { organization: '梁山县慈善总会', note: '医疗费缺口较大' } } as TemporaryAssistanceEvent,
  withdraw: { type: 'WITHDRAW', payload: { reason: '申请人已获亲属资助' } } as TemporaryAssistanceEvent,
};
