/**
 * Issue 14 B.2: payment schedules (ProcessDeclarations.paymentSchedule) on the test-only process of
 * test/support/recurring-process.ts: every MONTHLY_PAYMENT_DUE in `in_payment` schedules that month's
 * payment, paid once per (case, period) by the disbursement job, which sends PAYMENT_CONFIRMED or
 * PAYMENT_FAILED back with the period. WORKFLOW_TIME_SCALE = 2 160 000: a month lasts 1.2 s.
 */
import { CaseEngine } from '../libs/engine/src';
import { QUEUES } from '../libs/queues/src';
import { SystemUnderTest, eventually } from './support/system-under-test';
import { VILLAGE, fileCase, step, stranger } from './support/fixtures';
import { RECURRING_PROCESS_KEY, recurringProcess } from './support/recurring-process';

const MONTH_MS = 1200;
const clerk = 'cun.yannali';
const officer = 'zhen.xiaolukou';

function monthsAfter(at: Date, n: number): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(at).split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

describe('payment schedules', () => {
  const sut = new SystemUnderTest({ timeScale: (30 * 86400 * 1000) / MONTH_MS, processes: [recurringProcess()] });
  beforeAll(() => sut.start());
  afterAll(async () => {
    delete process.env.FAULT_INJECT;
    await sut.stop();
  });

  async function inPayment(n: number, amountYuan = 650) {
    const c = await fileCase(sut, clerk, { processKey: RECURRING_PROCESS_KEY, villageCode: VILLAGE.yannali, applicant: { name: '保障户', idNumber: stranger(n) }, data: {} });
    await step(sut, officer, c.id, 'APPROVE', { amountYuan });
    const [first] = await sut.ds.query(`SELECT * FROM case_timers WHERE case_id = $1 AND event_type = 'MONTHLY_PAYMENT_DUE' AND seq = 1`, [c.id]);
    return { id: c.id as string, anchor: new Date(first.anchor_at), firstTimer: first.id as string };
  }
  const view = async (id: string) => (await (await sut.as(officer)).get(`/api/cases/${id}`)).body;
  const history = async (id: string, action: string) =>
    (await (await sut.as(officer)).get(`/api/cases/${id}/history`)).body.items.filter((e: any) => e.action === action).map((e: any) => e.payload);
  const payments = (id: string) =>
    sut.ds.query(`SELECT period, status, amount::float AS amount, payment_ref, error FROM payments WHERE case_id = $1 ORDER BY period`, [id]);

  it('three monthly payments, each exactly once (a duplicate job for the first pays nothing), each confirmed once with its period', async () => {
    const c = await inPayment(4301);
    const months = [1, 2, 3].map((n) => monthsAfter(c.anchor, n));
    // The first period's payment job delivered twice: a second outbox row once it is queued.
    const [job] = await eventually(async () => {
      const rows = await sut.ds.query(`SELECT id FROM outbox WHERE queue = $1 AND payload->>'caseId' = $2 AND payload->>'period' = $3`, [QUEUES.disbursement, c.id, months[0]]);
      return rows.length ? rows : undefined;
    }, 10000);
    await sut.ds.query(`INSERT INTO outbox (queue, name, payload) SELECT queue, name, payload FROM outbox WHERE id = $1`, [job.id]);
    const v = await eventually(async () => {
      const x = await view(c.id);
      return x.context.paid.length >= 3 ? x : undefined;
    }, 15000);
    await step(sut, officer, c.id, 'STOP_PAYMENT', { reason: '家庭收入已超过保障标准' });
    expect(v.context.paid.slice(0, 3).map((p: any) => p.period)).toEqual(months);
    const rows = await payments(c.id);
    const paid = rows.filter((r: any) => r.status === 'paid');
    expect(paid.slice(0, 3).map((r: any) => [r.period, r.amount])).toEqual(months.map((m) => [m, 650]));
    expect(new Set(paid.map((r: any) => r.payment_ref)).size).toBe(paid.length);
    const confirmed = await history(c.id, 'PAYMENT_CONFIRMED');
    expect(confirmed.map((p: any) => p.period)).toEqual(paid.map((r: any) => r.period));
    expect(confirmed.map((p: any) => p.paymentRef)).toEqual(paid.map((r: any) => r.payment_ref));
    // One payment job ran per period even though the first was delivered twice: still one row, one confirmation each.
    expect(rows.filter((r: any) => r.period === months[0])).toHaveLength(1);
  });

  it('a failed payment sends the fail event with its period and error; the next month is paid', async () => {
    const c = await inPayment(4302);
    const [first, second] = [1, 2].map((n) => monthsAfter(c.anchor, n));
    process.env.FAULT_INJECT = `fail-payment:${c.id}:${first}`;
    const v = await eventually(async () => {
      const x = await view(c.id);
      return x.context.failed.length >= 1 && x.context.paid.length >= 1 ? x : undefined;
    }, 15000);
    delete process.env.FAULT_INJECT;
    await step(sut, officer, c.id, 'STOP_PAYMENT', { reason: '申请人自愿退出保障' });
    expect(v.context.failed).toEqual([{ period: first, error: '银行退回：账户状态异常' }]);
    expect(v.context.paid[0].period).toBe(second);
    const rows = await payments(c.id);
    expect(rows[0]).toMatchObject({ period: first, status: 'failed', payment_ref: null, error: '银行退回：账户状态异常' });
    expect(rows[1]).toMatchObject({ period: second, status: 'paid' });
    expect((await history(c.id, 'PAYMENT_FAILED')).map((p: any) => p.period)).toEqual([first]);
  });

  it('a payment job that runs after the case left the paying state pays nothing and cancels its period', async () => {
    const c = await inPayment(4303);
    const month = monthsAfter(c.anchor, 1);
    await sut.stopWorker();
    // The month falls due (its timer fired) while no worker runs: the payment is scheduled, its job waits.
    expect(await sut.api.get(CaseEngine).fireTimer(c.firstTimer)).toMatchObject({ applied: true });
    expect(await payments(c.id)).toEqual([expect.objectContaining({ period: month, status: 'scheduled', payment_ref: null })]);
    await step(sut, officer, c.id, 'STOP_PAYMENT', { reason: '保障对象已迁出本县' });
    await sut.startWorker();
    await eventually(async () => (await payments(c.id))[0].status === 'cancelled', 15000);
    expect(await payments(c.id)).toEqual([expect.objectContaining({ period: month, status: 'cancelled', payment_ref: null })]);
    expect(await history(c.id, 'PAYMENT_CONFIRMED')).toEqual([]);
    expect((await view(c.id)).state).toBe('stopped');
  });
});
