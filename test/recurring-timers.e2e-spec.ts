/**
 * Issue 14 B.1: recurring timers inside one state (StateSpec.recurring), on the test-only process of
 * test/support/recurring-process.ts: `in_payment` fires MONTHLY_PAYMENT_DUE every calendar month and
 * REVIEW_DUE every 3 months. WORKFLOW_TIME_SCALE = 2 160 000: a month (30 days under a scale) lasts
 * 1.2 s. Each period fires once — with its job delivered twice, with the engine asked again (the
 * reconciler's re-fire), with the worker stopped and its delayed jobs lost in between — in order,
 * carrying its period; leaving the state stops them.
 */
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { CaseEngine } from '../libs/engine/src';
import { QUEUES } from '../libs/queues/src';
import { SystemUnderTest, eventually } from './support/system-under-test';
import { VILLAGE, fileCase, step, stranger } from './support/fixtures';
import { RECURRING_PROCESS_KEY, recurringProcess } from './support/recurring-process';

const MONTH_MS = 1200;
const clerk = 'cun.yannali';
const officer = 'zhen.xiaolukou';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 'YYYY-MM' of `at` in Asia/Shanghai plus n months: the period labels the engine must send. */
function monthsAfter(at: Date, n: number): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(at).split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

describe('recurring timers', () => {
  const sut = new SystemUnderTest({ timeScale: (30 * 86400 * 1000) / MONTH_MS, processes: [recurringProcess()] });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  async function inPayment(n: number, note: string) {
    const c = await fileCase(sut, clerk, { processKey: RECURRING_PROCESS_KEY, villageCode: VILLAGE.yannali, applicant: { name: '测试户', idNumber: stranger(n) }, data: { note } });
    const v = await step(sut, officer, c.id, 'APPROVE', { amountYuan: 600 });
    expect(v.state).toBe('in_payment');
    const [first] = await sut.ds.query(`SELECT * FROM case_timers WHERE case_id = $1 AND event_type = 'MONTHLY_PAYMENT_DUE' AND seq = 1`, [c.id]);
    return { id: c.id as string, anchor: new Date(first.anchor_at), first };
  }
  const view = async (id: string) => (await (await sut.as(officer)).get(`/api/cases/${id}`)).body;
  const fired = async (id: string, event: string) =>
    (await (await sut.as(officer)).get(`/api/cases/${id}/history`)).body.items.filter((e: any) => e.action === event).map((e: any) => e.payload.period);

  it('three monthly periods fire in order, each exactly once though the first job is delivered twice; a review every 3 months; leaving the state stops them', async () => {
    const c = await inPayment(4201, '重复投递');
    expect(c.first).toMatchObject({ status: 'armed', seq: 1, period: monthsAfter(c.anchor, 1), series_id: c.first.id });
    // The same period's job a second time: another outbox row, so another BullMQ job, for the same row.
    await sut.ds.query(
      `INSERT INTO outbox (queue, name, payload, available_at) SELECT queue, name, payload, available_at FROM outbox
       WHERE queue = $1 AND payload->>'timerId' = $2`,
      [QUEUES.timers, c.first.id],
    );
    const expected = [1, 2, 3].map((n) => monthsAfter(c.anchor, n));
    const v = await eventually(async () => {
      const x = await view(c.id);
      // The third month and the first review fall due at the same moment, in no set order: wait for both.
      return x.context.dueMonths.length >= 3 && x.context.reviews.length >= 1 ? x : undefined;
    }, 15000);
    expect(v.context.dueMonths.slice(0, 3)).toEqual(expected);
    expect(v.context.reviews[0]).toBe(monthsAfter(c.anchor, 3));
    // Asked again for a period that fired (what a reconciler re-fire or a late job does): nothing.
    expect(await sut.api.get(CaseEngine).fireTimer(c.first.id)).toEqual({ applied: false, reason: 'stale timer' });

    const stopped = await step(sut, officer, c.id, 'STOP_PAYMENT', { reason: '家庭收入已超过保障标准' });
    expect(stopped.state).toBe('stopped');
    const months = await fired(c.id, 'MONTHLY_PAYMENT_DUE');
    expect(new Set(months).size).toBe(months.length);
    expect(months).toEqual(expected.concat(months.slice(3)));
    expect(months).toEqual(months.map((_: string, i: number) => monthsAfter(c.anchor, i + 1)));
    const rows = await sut.ds.query(`SELECT status, period, seq FROM case_timers WHERE case_id = $1 AND event_type = 'MONTHLY_PAYMENT_DUE' ORDER BY seq`, [c.id]);
    expect(rows.filter((r: any) => r.status === 'fired').map((r: any) => r.period)).toEqual(months);
    expect(rows.filter((r: any) => r.status === 'armed')).toEqual([]);
    expect(rows[rows.length - 1].status).toBe('cancelled');
    // Stopped: two more months pass and nothing fires.
    await sleep(2.5 * MONTH_MS);
    expect(await fired(c.id, 'MONTHLY_PAYMENT_DUE')).toEqual(months);
    expect((await view(c.id)).state).toBe('stopped');
  });

  it('with the worker stopped between periods and its delayed jobs lost, the reconciler catches up: each period once, in order', async () => {
    const c = await inPayment(4202, '停机补发');
    await eventually(async () => (await view(c.id)).context.dueMonths.length >= 1, 10000);
    await sut.stopWorker();
    // Redis loses the delayed jobs (restarted without persistence): only the rows remain.
    const connection = new IORedis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
    const timers = new Queue(QUEUES.timers, { connection, prefix: process.env.QUEUE_PREFIX });
    await timers.drain(true);
    await timers.close();
    connection.disconnect();
    const firedBefore = (await view(c.id)).context.dueMonths.length;
    await sleep(2.5 * MONTH_MS);
    // Nothing fires while no worker runs (the api never fires timers).
    expect((await view(c.id)).context.dueMonths).toHaveLength(firedBefore);
    await sut.startWorker();
    const v = await eventually(async () => {
      const x = await view(c.id);
      return x.context.dueMonths.length >= firedBefore + 2 ? x : undefined;
    }, 20000);
    expect(v.context.dueMonths).toEqual(v.context.dueMonths.map((_: string, i: number) => monthsAfter(c.anchor, i + 1)));
    await step(sut, officer, c.id, 'STOP_PAYMENT', { reason: '申请人自愿退出保障' });
    const months = await fired(c.id, 'MONTHLY_PAYMENT_DUE');
    expect(months).toEqual(months.map((_: string, i: number) => monthsAfter(c.anchor, i + 1)));
    const reviews = await fired(c.id, 'REVIEW_DUE');
    expect(reviews).toEqual(reviews.map((_: string, i: number) => monthsAfter(c.anchor, 3 * (i + 1))));
  });
});
