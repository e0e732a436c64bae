/**
 * Issue 14 B.3: an SLA clock that pauses and resumes with the time left (ClockSpec.pauseOn/resumeOn).
 * Legal aid's 7-day decision clock (法律援助法 Art. 43) does not count the time the applicant takes to
 * supply materials: REQUEST_MATERIALS pauses it, MATERIALS_SUPPLIED resumes it. Over HTTP against
 * the real PostgreSQL and Redis, WORKFLOW_TIME_SCALE = 172800: a day lasts 0.5 s, so the decision
 * clock warns at 1.75 s, is due at 3.5 s, and the 15-day materials deadline ends at 7.5 s.
 */
import { SystemUnderTest, eventually } from './support/system-under-test';
import { VILLAGE, fileCase, step, stranger } from './support/fixtures';

const officer = 'xian.liangshan.fayuan';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ms = (iso: string) => new Date(iso).getTime();

describe('legal aid: the decision clock pauses while materials are awaited', () => {
  const sut = new SystemUnderTest({ timeScale: 172800 });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  async function inAcceptanceReview(n: number, name: string) {
    const c = await fileCase(sut, 'cun.yannali', {
      processKey: 'legal-aid', villageCode: VILLAGE.yannali, applicant: { name, idNumber: stranger(n) },
      data: { matterType: 'wage_arrears', summary: '在建筑工地务工，被拖欠工资 9000 元', opposingParty: '某劳务公司' },
    });
    await eventually(async () => (await (await sut.as(officer)).get(`/api/cases/${c.id}`)).body.state === 'economic_review');
    const v = await step(sut, officer, c.id, 'ECONOMIC_CHECK', { passed: true, method: 'data_check', note: '低收入家庭核对通过' });
    expect(v.state).toBe('acceptance_review');
    return v;
  }
  const decision = (v: any) => v.clocks.find((k: any) => k.name === 'decision');
  const view = async (id: string) => (await (await sut.as(officer)).get(`/api/cases/${id}`)).body;

  it('paused: no warning or breach while waiting past the original due time; resumed: due at resume time + the time left, then breaches', async () => {
    const filed = await inAcceptanceReview(4101, '郑明');
    const before = decision(filed);
    expect(before).toMatchObject({ status: 'running', paused: false });
    const paused = await step(sut, officer, filed.id, 'REQUEST_MATERIALS', { missing: ['劳动合同'] });
    const p = decision(paused);
    expect(paused.state).toBe('materials_pending');
    expect(p).toMatchObject({ status: 'running', paused: true, dueAt: null, warnAt: null });
    // The time left is what remained of the original due time at the pause, to the millisecond.
    expect(p.remainingMs).toBe(ms(before.dueAt) - ms(p.pausedAt));
    expect(p.remainingMs).toBeGreaterThan(0);
    expect(p.remainingMs).toBeLessThanOrEqual(3500);
    // The task opened while waiting is not due at the paused clock's old due time.
    expect(paused.openTasks.length).toBeGreaterThan(0);
    expect(paused.openTasks.map((t: any) => t.dueAt)).not.toContain(before.dueAt);
    // Wait past the original warning and due times (and their delayed jobs, and the reconciler's grace).
    await sleep(ms(before.dueAt) - Date.now() + 2500);
    const waiting = await view(paused.id);
    expect(waiting.state).toBe('materials_pending');
    expect(decision(waiting)).toMatchObject({ status: 'running', paused: true, warnedAt: null, breachedAt: null });
    expect(waiting.flags.map((f: any) => f.code)).not.toContain('sla_breached');
    expect(waiting.flags.map((f: any) => f.code)).not.toContain('sla_warning');

    const resumed = await step(sut, officer, paused.id, 'MATERIALS_SUPPLIED', { note: '已补交劳动合同复印件' });
    const r = decision(resumed);
    expect(resumed.state).toBe('acceptance_review');
    expect(r).toMatchObject({ status: 'running', paused: false, remainingMs: p.remainingMs });
    expect(ms(r.dueAt)).toBe(ms(r.resumedAt) + p.remainingMs);
    expect(ms(r.warnAt)).toBe(ms(r.resumedAt) + (ms(before.warnAt) - ms(p.pausedAt)));
    expect(r.pausedMs).toBe(ms(r.resumedAt) - ms(p.pausedAt));
    // The resume time is the time of the MATERIALS_SUPPLIED entry.
    const history = (await (await sut.as(officer)).get(`/api/cases/${paused.id}/history`)).body.items;
    expect(ms(history.find((e: any) => e.action === 'MATERIALS_SUPPLIED').at)).toBe(ms(r.resumedAt));

    const breached = await eventually(async () => {
      const k = decision(await view(paused.id));
      return k.status === 'breached' ? k : undefined;
    }, 15000);
    expect(ms(breached.warnedAt)).toBeGreaterThanOrEqual(ms(r.warnAt));
    expect(ms(breached.breachedAt)).toBeGreaterThanOrEqual(ms(r.dueAt));
    const actions = (await (await sut.as(officer)).get(`/api/cases/${paused.id}/history`)).body.items.map((e: any) => e.action);
    // Warned and breached once each, both after the resume.
    expect(actions.filter((a: string) => a === 'SLA_BREACHED' || a === 'SLA_WARNING')).toEqual(['SLA_WARNING', 'SLA_BREACHED']);
    expect(actions.indexOf('SLA_WARNING')).toBeGreaterThan(actions.indexOf('MATERIALS_SUPPLIED'));
  });

  it('a decision in the remaining time after the resume meets the clock', async () => {
    const v = await inAcceptanceReview(4102, '冯丽');
    await step(sut, officer, v.id, 'REQUEST_MATERIALS', { missing: ['欠薪证明'] });
    await sleep(4000);
    await step(sut, officer, v.id, 'MATERIALS_SUPPLIED', { note: '已补交欠薪证明' });
    const granted = await step(sut, officer, v.id, 'GRANT_AID', { decisionNo: '梁法援决〔2026〕411号' });
    expect(decision(granted)).toMatchObject({ status: 'met', stopEvent: 'GRANT_AID', breachedAt: null, warnedAt: null });
    expect(decision(granted).pausedMs).toBeGreaterThanOrEqual(4000);
  });
});
