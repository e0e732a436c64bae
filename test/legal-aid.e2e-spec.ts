/**
 * Issue 4, "must show": legal aid with the fast lane (三优服务), over HTTP against the real PostgreSQL
 * and Redis. WORKFLOW_TIME_SCALE = 345600: a day lasts 0.25 s, so the 7-day decision clock ends at
 * 1.75 s and the 15-day materials deadline at 3.75 s. Limitation deadlines are real calendar dates.
 */
import { SystemUnderTest, eventually } from './support/system-under-test';
import { PEOPLE, VILLAGE, fileCase, send, step, stranger, waitForState } from './support/fixtures';

const DAY_MS = 24 * 3600 * 1000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

function legalAid(idNumber: string, name: string, data: Record<string, unknown> = {}) {
  return {
    processKey: 'legal-aid',
    villageCode: VILLAGE.yannali,
    applicant: { name, idNumber },
    data: { matterType: 'wage_arrears', summary: '在建筑工地务工，被拖欠工资 18000 元', opposingParty: '某建筑劳务公司', ...data },
  };
}

describe('legal-aid over HTTP', () => {
  const sut = new SystemUnderTest({ timeScale: 345600 });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  const officer = 'xian.liangshan.fayuan';

  /** Files a case and waits for the eligibility job to route it. */
  async function filed(idNumber: string, name: string, data: Record<string, unknown> = {}) {
    const c = await fileCase(sut, 'cun.yannali', legalAid(idNumber, name, data));
    expect(c.state).toBe('eligibility_check');
    return eventually(async () => {
      const v = (await (await sut.as(officer)).get(`/api/cases/${c.id}`)).body;
      return v.state !== 'eligibility_check' ? v : undefined;
    });
  }

  it('a registered_poor applicant takes the fast lane, skips economic review, and goes through service and peer review to closed', async () => {
    const v = await filed(PEOPLE.yanJianguo, '闫建国');
    expect(v).toMatchObject({ state: 'acceptance_review', lane: 'fast' });
    expect(v.laneReason.zh).toContain('三优');
    expect(JSON.stringify(v.context)).toContain('第四十二条');
    await step(sut, officer, v.id, 'GRANT_AID', { decisionNo: '梁法援决〔2026〕101号' });
    const assigned = await step(sut, officer, v.id, 'ASSIGN_LAWYER', { lawyer: 'lvshi.wang' });
    // The answer is read by the event's own statement, the context's usernames passed in (ADR 0011): the same names as a later read.
    expect(Object.keys(assigned.people)).toContain('lvshi.wang');
    expect(assigned.people).toEqual((await (await sut.as(officer)).get(`/api/cases/${v.id}`)).body.people);
    // Only the assigned lawyer records progress.
    const other = await send(sut, 'lvshi.zhao', v.id, 'RECORD_PROGRESS', { note: '会见当事人' });
    expect(other.status).toBe(403);
    await step(sut, 'lvshi.wang', v.id, 'RECORD_PROGRESS', { note: '已会见当事人，收集工资条与考勤记录' });
    expect((await send(sut, 'lvshi.zhao', v.id, 'SUBMIT_CLOSURE', { outcome: 'mediated', summary: '调解', closedAt: isoDate(new Date()) })).status).toBe(403);
    await step(sut, 'lvshi.wang', v.id, 'SUBMIT_CLOSURE', { outcome: 'mediated', summary: '经劳动仲裁调解，对方支付全部欠薪', closedAt: isoDate(new Date()) });
    const closed = await step(sut, 'pingcha.li', v.id, 'SUBMIT_PEER_REVIEW', { grade: 'good', score: 86, comments: '办案规范，材料齐全' });
    expect(closed.state).toBe('closed');
    const states = (await (await sut.as('jijian.shi')).get(`/api/cases/${v.id}/history`)).body.items.flatMap((e: any) => [e.fromState, e.toState]);
    expect(states).not.toContain('economic_review');
    expect(states).toEqual(expect.arrayContaining(['acceptance_review', 'assignment', 'in_service', 'quality_review', 'closed']));
  });

  it('the assigned lawyer may not peer-review their own case, even holding the reviewer role', async () => {
    await sut.ds.query(
      `INSERT INTO users (username, display_name, password_hash, jurisdiction_code, roles)
       SELECT 'lvshi.pingcha', '律师兼评查员', password_hash, jurisdiction_code, ARRAY['lawyer','quality_reviewer'] FROM users WHERE username = 'lvshi.wang'`,
    );
    const v = await filed(PEOPLE.liuChangshun, '刘长顺');
    await step(sut, officer, v.id, 'GRANT_AID', { decisionNo: '梁法援决〔2026〕102号' });
    await step(sut, officer, v.id, 'ASSIGN_LAWYER', { lawyer: 'lvshi.pingcha' });
    await step(sut, 'lvshi.pingcha', v.id, 'SUBMIT_CLOSURE', { outcome: 'won', summary: '一审胜诉', closedAt: isoDate(new Date()) });
    const own = await send(sut, 'lvshi.pingcha', v.id, 'SUBMIT_PEER_REVIEW', { grade: 'excellent', score: 99, comments: '自评' });
    expect(own.status).toBe(403);
    expect(own.body.detail).toMatch(/承办人/);
  });

  it('an applicant outside the registry goes through economic review; a failed check is denied, the objection upheld → assignment', async () => {
    const v = await filed(PEOPLE.zhangPing, '张平');
    expect(v).toMatchObject({ state: 'economic_review', lane: 'normal' });
    const denied = await step(sut, officer, v.id, 'ECONOMIC_CHECK', { passed: false, method: 'data_check', note: '家庭月收入高于当地最低工资标准' });
    expect(denied.state).toBe('denied');
    // The denial is the decision: the statutory decision clock stops in time.
    expect(denied.clocks.find((k: any) => k.name === 'decision')).toMatchObject({ status: 'met' });
    const objection = await step(sut, 'cun.yannali', v.id, 'FILE_OBJECTION', { reason: '家中有重病患者，医疗支出巨大，实际困难' });
    expect(objection.state).toBe('objection_review');
    const upheld = await step(sut, 'xian.liangshan.sifa', v.id, 'UPHOLD_OBJECTION', { note: '经核实医疗支出属实，异议成立' });
    expect(upheld.state).toBe('assignment');
    // Served to the end; a failed peer review is flagged for discipline reviewers.
    await step(sut, officer, v.id, 'ASSIGN_LAWYER', { lawyer: 'lvshi.zhao' });
    await step(sut, 'lvshi.zhao', v.id, 'SUBMIT_CLOSURE', { outcome: 'lost', summary: '一审败诉，未提起上诉', closedAt: isoDate(new Date()) });
    const reviewed = await step(sut, 'pingcha.li', v.id, 'SUBMIT_PEER_REVIEW', { grade: 'fail', score: 45, comments: '未及时收集关键证据，未告知上诉权利' });
    expect(reviewed.state).toBe('closed');
    expect(reviewed.flags.map((f: any) => f.code)).toContain('quality_fail');
  });

  it('with a normal acceptance task filed first and a fast one second, the officer sees the fast one first', async () => {
    const normal = await filed(stranger(301), '李明');
    await step(sut, officer, normal.id, 'ECONOMIC_CHECK', { passed: true, method: 'integrity_pledge', note: '申请人书面承诺经济困难' });
    const fast = await filed(PEOPLE.yanXiuying, '闫秀英');
    expect(fast.lane).toBe('fast');
    const inbox = (await (await sut.as(officer)).get('/api/tasks?processKey=legal-aid&state=acceptance_review&limit=200')).body;
    const ids = inbox.items.map((t: any) => t.caseId);
    expect(ids).toContain(normal.id);
    expect(ids.indexOf(fast.id)).toBeLessThan(ids.indexOf(normal.id));
    const fastRow = inbox.items.find((t: any) => t.caseId === fast.id);
    expect(fastRow.lane).toBe('fast');
    expect(fastRow.laneReason.zh).toContain('三优');
    expect(inbox.counts.fast).toBeGreaterThanOrEqual(1);
  });

  it('REQUEST_MATERIALS: supplied → back to acceptance_review; never supplied → withdrawn when the deadline passes', async () => {
    const supplied = await filed(stranger(302), '赵芳');
    await step(sut, officer, supplied.id, 'ECONOMIC_CHECK', { passed: true, method: 'data_check', note: '低收入家庭核对通过' });
    const pending = await step(sut, officer, supplied.id, 'REQUEST_MATERIALS', { missing: ['劳动合同或工资支付凭证', '身份证复印件'] });
    expect(pending.state).toBe('materials_pending');
    const back = await step(sut, officer, supplied.id, 'MATERIALS_SUPPLIED', { note: '已补交工资条复印件' });
    expect(back.state).toBe('acceptance_review');

    const silent = await filed(stranger(303), '钱强');
    await step(sut, officer, silent.id, 'ECONOMIC_CHECK', { passed: true, method: 'data_check', note: '低收入家庭核对通过' });
    await step(sut, officer, silent.id, 'REQUEST_MATERIALS', { missing: ['仲裁申请书'] });
    const withdrawn = await waitForState(sut, officer, silent.id, 'withdrawn', 20000);
    expect(withdrawn.outcome).toBe('withdrawn');
  });

  it('PROVIDE_AID_FIRST is refused when the limitation deadline is 30 days away and allowed when 3 days away', async () => {
    const far = await filed(stranger(304), '孙伟', { limitationDeadline: isoDate(new Date(Date.now() + 30 * DAY_MS)) });
    await step(sut, officer, far.id, 'ECONOMIC_CHECK', { passed: true, method: 'data_check', note: '低收入家庭核对通过' });
    const refused = await send(sut, officer, far.id, 'PROVIDE_AID_FIRST', { reason: '时效将至，先行提供法律援助' });
    expect(refused.status).toBe(422);
    const near = await filed(stranger(305), '周敏', { limitationDeadline: isoDate(new Date(Date.now() + 3 * DAY_MS)) });
    await step(sut, officer, near.id, 'ECONOMIC_CHECK', { passed: true, method: 'data_check', note: '低收入家庭核对通过' });
    const allowed = await step(sut, officer, near.id, 'PROVIDE_AID_FIRST', { reason: '仲裁时效三日后届满，先行提供法律援助' });
    expect(allowed.state).toBe('assignment');
  });

  it('missing the 7-day decision clock records a breach that discipline reviewers see', async () => {
    const v = await filed(stranger(306), '吴刚');
    const breached = await eventually(async () => {
      const view = (await (await sut.as('jijian.shi')).get(`/api/cases/${v.id}`)).body;
      return view.clocks.some((k: any) => k.name === 'decision' && k.status === 'breached') ? view : undefined;
    }, 20000);
    expect(breached.flags.map((f: any) => f.code)).toContain('sla_breached');
    const audit = await (await sut.as('jijian.shi')).get(`/api/audit?caseId=${v.id}&action=SLA_BREACHED`);
    expect(audit.status).toBe(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0].payload.clock).toBe('decision');
  });
});
