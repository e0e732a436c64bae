/**
 * Issue 3, "must show": temporary assistance with the 24-hour emergency path, over HTTP against the
 * real PostgreSQL and Redis. WORKFLOW_TIME_SCALE = 172800: a day lasts 0.5 s, so the relief warning
 * (12 h) comes at 0.25 s, the breach (24 h) at 0.5 s, the formalities deadline (5 days) at 2.5 s and
 * the notice (7 days) at 3.5 s.
 */
import { SystemUnderTest, eventually } from './support/system-under-test';
import { VILLAGE, fileCase, send, step, stranger, waitForState } from './support/fixtures';

const SCALE = 172800;

function assistance(idNumber: string, data: Record<string, unknown>) {
  return {
    processKey: 'temporary-assistance',
    villageCode: VILLAGE.yannali,
    applicant: { name: '张平', idNumber, householdSize: 4 },
    data: { hardshipType: 'fire', urgency: 'normal', description: '夜间失火，房屋及口粮被毁', requestedAmount: 2000, ...data },
  };
}

const FORMALITIES = { investigationReport: '入户核实：火灾属实，家中无其他收入来源', documents: ['火灾证明', '入户调查表'] };

describe('temporary-assistance over HTTP', () => {
  const sut = new SystemUnderTest({ timeScale: SCALE });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  it('emergency, late: the warning escalates to 梁山县 county_civil (not 泗水县), the breach is recorded, late relief still works', async () => {
    const c = await fileCase(sut, 'cun.yannali', assistance(stranger(102), { urgency: 'emergency', requestedAmount: 1000 }));
    const civil = await sut.as('xian.liangshan.minzheng');
    const escalation = await eventually(async () => {
      const inbox = await civil.get('/api/tasks');
      return inbox.body.items.find((t: any) => t.caseId === c.id && t.kind === 'escalation:relief');
    });
    expect(escalation).toMatchObject({ role: 'county_civil', lane: 'emergency' });
    expect(escalation.escalationOf).toBeTruthy();
    const sishui = await (await sut.as('zhen.jinzhuang')).get('/api/tasks');
    expect(sishui.body.items.some((t: any) => t.caseId === c.id)).toBe(false);

    const breached = await eventually(async () => {
      const v = (await civil.get(`/api/cases/${c.id}`)).body;
      return v.clocks.find((k: any) => k.name === 'relief' && k.status === 'breached') ? v : undefined;
    });
    expect(breached.flags.map((f: any) => f.code)).toEqual(expect.arrayContaining(['sla_warning', 'sla_breached']));
    const overdue = await civil.get('/api/cases?overdue=true&processKey=temporary-assistance');
    expect(overdue.body.items.some((i: any) => i.id === c.id)).toBe(true);

    const late = await step(sut, 'zhen.xiaolukou', c.id, 'GRANT_FIRST_RELIEF', { amount: 1000, form: 'in_kind', grantedAt: new Date().toISOString() });
    expect(late.state).toBe('supplement_formalities');
    const relief = late.clocks.find((k: any) => k.name === 'relief');
    expect(relief).toMatchObject({ status: 'breached', stopEvent: 'GRANT_FIRST_RELIEF' });
    expect(relief.breachedAt).toBeTruthy();
    const actions = (await civil.get(`/api/cases/${c.id}/history`)).body.items.map((e: any) => e.action);
    expect(actions).toEqual(['FILE', 'SLA_WARNING', 'SLA_BREACHED', 'GRANT_FIRST_RELIEF']);
    // The escalation closes with the clock.
    const after = await civil.get('/api/tasks');
    expect(after.body.items.some((t: any) => t.caseId === c.id && t.kind === 'escalation:relief')).toBe(false);
  });

  it('formalities overdue: relief granted, paperwork never submitted → formalities_overdue flag and escalation', async () => {
    const c = await fileCase(sut, 'cun.yannali', assistance(stranger(103), { urgency: 'emergency', requestedAmount: 800 }));
    await step(sut, 'zhen.xiaolukou', c.id, 'GRANT_FIRST_RELIEF', { amount: 800, form: 'transfer', grantedAt: new Date().toISOString() });
    const civil = await sut.as('xian.liangshan.minzheng');
    const v = await eventually(async () => {
      const view = (await civil.get(`/api/cases/${c.id}`)).body;
      return view.flags.some((f: any) => f.code === 'formalities_overdue') ? view : undefined;
    }, 20000);
    expect(v.clocks.find((k: any) => k.name === 'formalities').status).toBe('breached');
    const inbox = await civil.get('/api/tasks');
    expect(inbox.body.items.some((t: any) => t.caseId === c.id && t.kind === 'escalation:formalities')).toBe(true);
  });

  it('normal lane routes by amount: 2,000 township, 8,000 county, 50,000 deliberation; each paid once and closed', async () => {
    const route = async (n: number, amount: number, expected: string) => {
      const c = await fileCase(sut, 'cun.yannali', assistance(stranger(110 + n), { hardshipType: 'expenditure', requestedAmount: amount }));
      expect(c).toMatchObject({ state: 'township_review', lane: 'normal' });
      await step(sut, 'zhen.xiaolukou', c.id, 'SUBMIT_INVESTIGATION', { findings: '入户调查属实', recommendedAmount: amount });
      await waitForState(sut, 'zhen.xiaolukou', c.id, expected, 20000);
      return c.id as string;
    };
    const [small, medium, large] = await Promise.all([route(1, 2000, 'township_approval'), route(2, 8000, 'county_approval'), route(3, 50000, 'deliberation')]);

    // The township officer who investigated may not approve (separation of duties); the other one may, up to the limit.
    expect((await send(sut, 'zhen.xiaolukou', small, 'APPROVE', { amount: 2000 })).status).toBe(403);
    const tooMuch = await send(sut, 'zhen.xiaolukou2', small, 'APPROVE', { amount: 3500 });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.detail).toContain('3000');
    await step(sut, 'zhen.xiaolukou2', small, 'APPROVE', { amount: 2000 });
    // A township officer cannot approve at the county stage.
    expect((await send(sut, 'zhen.xiaolukou2', medium, 'APPROVE', { amount: 8000 })).status).toBe(403);
    await step(sut, 'xian.liangshan.minzheng', medium, 'APPROVE', { amount: 8000 });
    const twoPeople = await send(sut, 'xian.liangshan.minzheng', large, 'RECORD_DELIBERATION', {
      meetingDate: '2026-11-27', participants: ['张局长', '李科长'], decision: 'approve', amount: 50000, minutesRef: '梁民议〔2026〕3号',
    });
    expect(twoPeople.status).toBe(400);
    await step(sut, 'xian.liangshan.minzheng', large, 'RECORD_DELIBERATION', {
      meetingDate: '2026-11-27', participants: ['张局长', '李科长', '王主任'], decision: 'approve', amount: 50000, minutesRef: '梁民议〔2026〕3号',
    });
    for (const id of [small, medium, large]) {
      const closed = await waitForState(sut, 'xian.liangshan.minzheng', id, 'closed', 20000);
      expect(closed.outcome).toBe('paid');
      expect(closed.context.paymentRef).toMatch(/^PAY-/);
    }
    const payments = await sut.ds.query(`SELECT case_id, amount::float AS amount FROM payments WHERE case_id = ANY($1) ORDER BY amount`, [[small, medium, large]]);
    expect(payments.map((p: any) => p.amount)).toEqual([2000, 8000, 50000]);
  });

  it('a repeat application within 365 days is flagged and needs overrideReason; three grants of 2,500 within 90 days raise possible_split', async () => {
    const id = stranger(120);
    const grant = async () => {
      const c = await fileCase(sut, 'cun.yannali', assistance(id, { hardshipType: 'sudden_illness', requestedAmount: 2500 }));
      await step(sut, 'zhen.xiaolukou', c.id, 'SUBMIT_INVESTIGATION', { findings: '突发疾病属实', recommendedAmount: 2500 });
      await waitForState(sut, 'zhen.xiaolukou', c.id, 'township_approval', 20000);
      return c.id as string;
    };
    const first = await grant();
    await step(sut, 'zhen.xiaolukou2', first, 'APPROVE', { amount: 2500 });
    const second = await grant();
    const flags = (await (await sut.as('zhen.xiaolukou2')).get(`/api/cases/${second}`)).body.flags.map((f: any) => f.code);
    expect(flags).toContain('repeat_within_12_months');
    const refused = await send(sut, 'zhen.xiaolukou2', second, 'APPROVE', { amount: 2500 });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/overrideReason|说明/);
    await step(sut, 'zhen.xiaolukou2', second, 'APPROVE', { amount: 2500, overrideReason: '病情复发，再次住院，经核实属实' });
    const third = await grant();
    const thirdFlags = (await (await sut.as('jijian.shi')).get(`/api/cases/${third}`)).body.flags;
    expect(thirdFlags.map((f: any) => f.code)).toEqual(expect.arrayContaining(['repeat_within_12_months', 'possible_split']));
  });
});
