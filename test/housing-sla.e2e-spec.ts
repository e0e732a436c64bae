/**
 * Issue 17, item 3: housing work shows when it is late. Every human stage of a housing case has a
 * due time (HOUSING_*_DUE_DAYS) carried by its task and an SLA clock from entering the stage to
 * leaving it; a late stage flags the case `sla_breached` and escalates to whoever supervises it.
 * A day lasts 50 ms here: the township audit's 40 days are 2 s, the other stages' 2,000 days 100 s.
 */
import { SystemUnderTest, eventually } from './support/system-under-test';
import { COLLECTIVE_REVIEW_PASSED, PEOPLE, fileCase, housingCaseAt, housingFiling, send, step, stranger, waitForState } from './support/fixtures';

const SCALE = 86400 * 20;
const DAY_MS = (24 * 3600 * 1000) / SCALE;
const LONG = '2000';

describe('housing-renovation stage time limits', () => {
  const sut = new SystemUnderTest({
    timeScale: SCALE,
    env: {
      CLAIM_IDLE_MINUTES: '525600',
      HOUSING_IDENTITY_REVIEW_DUE_DAYS: LONG,
      HOUSING_COLLECTIVE_REVIEW_DUE_DAYS: LONG,
      HOUSING_TOWNSHIP_AUDIT_DUE_DAYS: '40',
      HOUSING_CORRECTION_DUE_DAYS: LONG,
      HOUSING_ASSESSMENT_DUE_DAYS: LONG,
    },
  });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  const view = async (caseId: string) => (await (await sut.as('jijian.shi')).get(`/api/cases/${caseId}`)).body;

  it('a housing task carries its stage\'s due time, the clock runs with it, and a stage left in time is met', async () => {
    const c = await fileCase(sut, 'cun.yannali', housingFiling(PEOPLE.yanJianguo));
    const v = await waitForState(sut, 'cun.yannali', c.id, 'collective_review');
    const [task] = v.openTasks;
    expect(task).toMatchObject({ kind: 'collective_review', role: 'village_clerk', overdue: false });
    const clock = v.clocks.find((k: any) => k.name === 'collective_review');
    expect(clock).toMatchObject({ status: 'running', title: { zh: '集体评议时限' }, basis: { zh: expect.stringContaining('本地惯例') } });
    // Due 2,000 (scaled) days after the stage was entered: the task and its clock agree.
    expect(task.dueAt).toBe(clock.dueAt);
    expect(Date.parse(clock.dueAt) - Date.parse(clock.startedAt)).toBe(Math.round(2000 * DAY_MS));
    expect(Math.abs(Date.parse(clock.startedAt) - Date.parse(v.stateEnteredAt))).toBeLessThan(5);
    // The clerk's inbox shows it with its due time.
    const inbox = (await (await sut.as('cun.yannali')).get('/api/tasks')).body.items;
    expect(inbox.find((t: any) => t.caseId === c.id)).toMatchObject({ dueAt: task.dueAt, overdue: false });

    const next = await step(sut, 'cun.yannali', c.id, 'RECORD_COLLECTIVE_REVIEW', COLLECTIVE_REVIEW_PASSED);
    expect(next.state).toBe('village_notice');
    expect(next.clocks.find((k: any) => k.name === 'collective_review')).toMatchObject({ status: 'met', stopEvent: 'RECORD_COLLECTIVE_REVIEW' });
    // Notices have no task and no clock.
    expect(next.clocks.filter((k: any) => !k.stoppedAt)).toEqual([]);
  });

  it('an overdue township audit is flagged sla_breached and escalated to the county housing bureau; late approval still works and closes the escalation', async () => {
    const caseId = await housingCaseAt(sut, 'township_audit', stranger(1902));
    const audit = (await view(caseId)).openTasks.find((t: any) => t.kind === 'township_audit');
    expect(audit.dueAt).not.toBeNull();

    // Overdue in the township officer's inbox, then breached, flagged and escalated.
    const officer = await sut.as('zhen.xiaolukou');
    await eventually(async () => (await officer.get('/api/tasks')).body.items.find((t: any) => t.caseId === caseId && t.overdue), 20000);
    const breached = await eventually(async () => {
      const v = await view(caseId);
      return v.clocks.find((k: any) => k.name === 'township_audit' && k.status === 'breached') ? v : undefined;
    }, 20000);
    expect(breached.flags.map((f: any) => f.code)).toContain('sla_breached');
    expect(breached.overdue).toBe(true);
    const county = await sut.as('xian.liangshan.zhujian');
    const escalation = await eventually(async () =>
      (await county.get('/api/tasks')).body.items.find((t: any) => t.caseId === caseId && t.kind === 'escalation:township_audit'));
    expect(escalation).toMatchObject({ role: 'county_housing', escalationOf: { kind: 'township_audit', dueAt: audit.dueAt } });
    // Not the neighbouring county's.
    expect((await (await sut.as('zhen.jinzhuang')).get('/api/tasks')).body.items.some((t: any) => t.caseId === caseId)).toBe(false);
    // The discipline reviewer's flag list has it, with the breach entry behind it.
    const flags = (await (await sut.as('jijian.shi')).get('/api/flags?code=sla_breached')).body.items;
    expect(flags.some((f: any) => f.caseId === caseId)).toBe(true);
    const history = (await (await sut.as('jijian.shi')).get(`/api/cases/${caseId}/history`)).body.items;
    expect(history.filter((e: any) => e.action.startsWith('SLA_'))).toEqual([
      expect.objectContaining({ action: 'SLA_BREACHED', payload: expect.objectContaining({ clock: 'township_audit', flag: 'sla_breached' }) }),
    ]);

    // Returned for correction and resubmitted: the township audit is entered again with a fresh clock and due time.
    await step(sut, 'zhen.xiaolukou', caseId, 'RETURN_FOR_CORRECTION', { missing: ['户口簿复印件'] });
    const correction = await view(caseId);
    expect(correction.clocks.find((k: any) => k.name === 'township_audit')).toMatchObject({ status: 'breached', stopEvent: 'RETURN_FOR_CORRECTION' });
    expect(correction.clocks.find((k: any) => k.name === 'correction')).toMatchObject({ status: 'running' });
    expect((await county.get('/api/tasks')).body.items.some((t: any) => t.caseId === caseId && t.kind.startsWith('escalation:'))).toBe(false);
    const again = await step(sut, 'cun.yannali', caseId, 'RESUBMIT', { note: '已补充户口簿复印件' });
    const audits = again.clocks.filter((k: any) => k.name === 'township_audit');
    expect(audits.map((k: any) => k.status)).toEqual(['breached', 'running']);
    expect(again.openTasks.find((t: any) => t.kind === 'township_audit').dueAt).toBe(audits[1].dueAt);

    // Approved (met if within its 2 s, which a loaded machine may miss): the next stage's task carries its own due time.
    const approved = await step(sut, 'zhen.xiaolukou2', caseId, 'TOWNSHIP_APPROVE', { opinion: '补正后材料齐全，同意上报' });
    expect(approved.state).toBe('danger_assessment');
    const rounds = approved.clocks.filter((k: any) => k.name === 'township_audit');
    expect(rounds[0]).toMatchObject({ status: 'breached', stopEvent: 'RETURN_FOR_CORRECTION' });
    expect(rounds[1]).toMatchObject({ stopEvent: 'TOWNSHIP_APPROVE', status: expect.stringMatching(/^(met|breached)$/) });
    const assessment = approved.openTasks.find((t: any) => t.kind === 'danger_assessment');
    expect(Date.parse(assessment.dueAt) - Date.parse(approved.stateEnteredAt)).toBeGreaterThan(1000 * DAY_MS);
  });

  it('withdrawing a case stops its stage clock and closes everything', async () => {
    const c = await fileCase(sut, 'cun.yannali', housingFiling(PEOPLE.yanXiuying, { data: { category: 'dibao', houseDescription: '砖木结构，屋面塌陷' } }));
    await waitForState(sut, 'cun.yannali', c.id, 'collective_review');
    const withdrawn = await send(sut, 'cun.yannali', c.id, 'WITHDRAW', { reason: '申请人已外出务工，暂不申请' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.clocks.find((k: any) => k.name === 'collective_review')).toMatchObject({ status: 'met', stopEvent: 'WITHDRAW' });
    expect(withdrawn.body.openTasks).toEqual([]);
  });
});
