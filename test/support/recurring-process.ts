/**
 * A test-only process (issue 14 B): registered only by the e2e tests of recurring timers and payment
 * schedules (SystemOptions.processes), never by loadProcessRegistry's production list. It stands in
 * for 最低生活保障 (PROCESSES.md §6) until that process exists: `in_payment` fires
 * MONTHLY_PAYMENT_DUE every calendar month and REVIEW_DUE every 3 months while the case stays there;
 * each due month is paid by the payment schedule (PAYMENT_CONFIRMED / PAYMENT_FAILED back);
 * STOP_PAYMENT leaves it. Under a time scale a month is 30 days divided by the scale.
 */
import { assign, setup } from 'xstate';
import type { ProcessDefinition } from '../../libs/processes/src';
import { object, reason, amount } from '../../libs/processes/src/schema-blocks';

export const RECURRING_PROCESS_KEY = 'test-recurring';

interface Ctx {
  data: Record<string, unknown>;
  amountYuan?: number;
  dueMonths: string[];
  reviews: string[];
  paid: Array<{ period: string; paymentRef: string }>;
  failed: Array<{ period: string; error: string }>;
  stopReason?: string;
}

type Ev =
  | { type: 'APPROVE'; payload: { amountYuan: number } }
  | { type: 'MONTHLY_PAYMENT_DUE'; payload: { period: string } }
  | { type: 'REVIEW_DUE'; payload: { period: string } }
  | { type: 'PAYMENT_CONFIRMED'; payload: { period: string; paymentRef: string } }
  | { type: 'PAYMENT_FAILED'; payload: { period: string; error: string } }
  | { type: 'STOP_PAYMENT'; payload: { reason: string } };

const machine = setup({ types: { context: {} as Ctx, events: {} as Ev, input: {} as { data: Record<string, unknown> } } }).createMachine({
  id: RECURRING_PROCESS_KEY,
  initial: 'approval',
  context: ({ input }) => ({ data: input.data, dueMonths: [], reviews: [], paid: [], failed: [] }),
  states: {
    approval: { on: { APPROVE: { target: 'in_payment', actions: assign({ amountYuan: ({ event }) => event.payload.amountYuan }) } } },
    in_payment: {
      on: {
        MONTHLY_PAYMENT_DUE: { actions: assign({ dueMonths: ({ context, event }) => [...context.dueMonths, event.payload.period] }) },
        REVIEW_DUE: { actions: assign({ reviews: ({ context, event }) => [...context.reviews, event.payload.period] }) },
        PAYMENT_CONFIRMED: { actions: assign({ paid: ({ context, event }) => [...context.paid, event.payload] }) },
        PAYMENT_FAILED: { actions: assign({ failed: ({ context, event }) => [...context.failed, event.payload] }) },
        STOP_PAYMENT: { target: 'stopped', actions: assign({ stopReason: ({ event }) => event.payload.reason }) },
      },
    },
    stopped: { type: 'final' },
  },
});

const t = (zh: string, en: string) => ({ zh, en });
const township = { role: 'township_officer', level: 'township' } as const;
const period = { type: 'string', minLength: 1, maxLength: 60 };

export function recurringProcess(): ProcessDefinition<Record<string, never>, Ctx> {
  return {
    key: RECURRING_PROCESS_KEY,
    version: 1,
    title: t('测试：按月保障', 'Test: monthly benefit'),
    config: {},
    machine,
    filing: { type: 'object', additionalProperties: false, properties: { note: { type: 'string', maxLength: 200 } } },
    states: {
      approval: { title: t('审批', 'Approval'), task: { kind: 'approval', role: 'township_officer', level: 'township' } },
      in_payment: {
        title: t('保障中', 'In payment'),
        recurring: [
          { event: 'MONTHLY_PAYMENT_DUE', every: { months: 1 } },
          { event: 'REVIEW_DUE', every: { months: 3 } },
        ],
      },
      stopped: { title: t('已停保', 'Stopped'), final: { outcome: 'closed' } },
    },
    events: {
      APPROVE: { title: t('批准', 'Approve'), payload: object(['amountYuan'], { amountYuan: amount }), actors: [township] },
      MONTHLY_PAYMENT_DUE: { title: t('月度发放到期', 'Monthly payment due'), payload: object(['period'], { period }), actors: 'system' },
      REVIEW_DUE: { title: t('定期复核到期', 'Review due'), payload: object(['period'], { period }), actors: 'system' },
      PAYMENT_CONFIRMED: { title: t('发放成功', 'Payment confirmed'), payload: object(['period', 'paymentRef'], { period, paymentRef: period }), actors: 'system' },
      PAYMENT_FAILED: { title: t('发放失败', 'Payment failed'), payload: object(['period', 'error'], { period, error: { type: 'string', maxLength: 500 } }), actors: 'system' },
      STOP_PAYMENT: { title: t('停止发放', 'Stop payment'), payload: object(['reason'], { reason }), actors: [township] },
    },
    amountField: 'amountYuan',
    paymentSchedule: {
      payingStates: ['in_payment'], dueEvent: 'MONTHLY_PAYMENT_DUE', amountField: 'amountYuan',
      confirmedEvent: 'PAYMENT_CONFIRMED', failedEvent: 'PAYMENT_FAILED',
    },
    filedBy: { roles: ['village_clerk'], level: 'village' },
    flags: {},
    outcomes: { closed: { title: t('已停保', 'Stopped'), counts: 'exited' } },
    titles: {
      fields: {
        note: t('备注', 'Note'), amountYuan: t('月保障金额', 'Monthly amount'), period: t('期间', 'Period'), reason: t('理由', 'Reason'),
        paymentRef: t('支付流水号', 'Payment reference'), error: t('失败原因', 'Error'),
      },
      values: {},
    },
  };
}
