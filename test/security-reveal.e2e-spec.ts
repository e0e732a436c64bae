/**
 * Issue 19, finding 3: the full ID number (GET /api/cases/:id/applicant/id-number) was revealed to
 * any lawyer, quality reviewer or justice bureau user of the county, and to a poverty office user
 * on a housing case in township audit — anyone whose role acts somewhere in the process. Now only
 * the filer, the assignee (the assigned lawyer), holders of an open task on the case and callers
 * with an event they may send on it now may reveal; every refusal is a 403 recorded on the caller's
 * own audit chain, and the case view says whether the caller may reveal.
 */
import { SystemUnderTest, eventually } from './support/system-under-test';
import { VILLAGE, fileCase, housingCaseAt, step, stranger } from './support/fixtures';

describe('issue 19: revealing an ID number is tied to acting on the case', () => {
  const sut = new SystemUnderTest();
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  const reveal = async (user: string, caseId: string) => (await sut.as(user)).get(`/api/cases/${caseId}/applicant/id-number`);
  const revealable = async (user: string, caseId: string) => (await (await sut.as(user)).get(`/api/cases/${caseId}`)).body.applicant.revealable;
  /** Refused reveals of this case on `user`'s own chain (read from the table: the search is a reviewer's). */
  const refusalsOf = async (user: string, caseId: string) =>
    sut.ds.query(
      `SELECT e.chain_id, e.outcome, e.payload FROM audit_entries e JOIN users u ON u.id = e.actor_id
       WHERE u.username = $1 AND e.case_id = $2 AND e.action = 'REVEAL_ID_NUMBER' AND e.outcome = 'refused'`,
      [user, caseId],
    );

  /** Whom the pen test named, refused with 403 and a refusal on their own chain; the view agrees. */
  async function expectRefused(user: string, caseId: string) {
    const before = (await refusalsOf(user, caseId)).length;
    const res = await reveal(user, caseId);
    expect({ user, status: res.status, type: res.headers['content-type'] }).toEqual({ user, status: 403, type: expect.stringContaining('application/problem+json') });
    expect(res.body.idNumber).toBeUndefined();
    const [{ id }] = await sut.ds.query(`SELECT id FROM users WHERE username = $1`, [user]);
    const after = await refusalsOf(user, caseId);
    expect(after).toHaveLength(before + 1);
    expect(after[after.length - 1]).toMatchObject({ chain_id: `actor:${id}`, outcome: 'refused', payload: { status: 403 } });
    expect(await revealable(user, caseId)).toBe(false);
  }

  async function expectRevealed(user: string, caseId: string, idNumber: string) {
    const res = await reveal(user, caseId);
    expect({ user, status: res.status, body: res.body }).toEqual({ user, status: 200, body: { idNumber } });
    expect(await revealable(user, caseId)).toBe(true);
  }

  it('legal aid: the assigned lawyer and the office reveal; another lawyer, the quality reviewer and the justice bureau are refused and audited', async () => {
    const applicant = stranger(911);
    const c = await fileCase(sut, 'cun.yannali', {
      processKey: 'legal-aid', villageCode: VILLAGE.yannali, applicant: { name: '赵某', idNumber: applicant },
      data: { matterType: 'wage_arrears', summary: '在建筑工地务工，被拖欠工资 18000 元', opposingParty: '某建筑劳务公司' },
    });
    const officer = 'xian.liangshan.fayuan';
    await eventually(async () => ((await (await sut.as(officer)).get(`/api/cases/${c.id}`)).body.state === 'economic_review' ? true : undefined));
    await step(sut, officer, c.id, 'ECONOMIC_CHECK', { passed: true, method: 'integrity_pledge', note: '申请人书面承诺经济困难' });
    await step(sut, officer, c.id, 'GRANT_AID', { decisionNo: '梁法援决〔2026〕919号' });
    const inService = await step(sut, officer, c.id, 'ASSIGN_LAWYER', { lawyer: 'lvshi.wang' });
    expect(inService.state).toBe('in_service');

    // The pen test's callers: same county, roles of the process, not acting on this case now.
    for (const user of ['lvshi.zhao', 'pingcha.li', 'xian.liangshan.sifa', 'jijian.shi']) await expectRefused(user, c.id);
    // Those who are: the assignee, the office (it may terminate the aid now), the filing clerk.
    for (const user of ['lvshi.wang', officer, 'cun.yannali']) await expectRevealed(user, c.id, applicant);

    // The refusal is on the caller's chain, visible to a reviewer with who and why.
    const found = (await (await sut.as('jijian.shi')).get(`/api/audit?action=REVEAL_ID_NUMBER&outcome=refused&caseId=${c.id}&actor=lvshi.zhao`)).body.items;
    expect(found).toEqual([expect.objectContaining({ actor: 'lvshi.zhao', outcome: 'refused', payload: expect.objectContaining({ status: 403 }) })]);
    expect(found[0].chainId).toMatch(/^actor:/);

    // Once the lawyer submits the closure, the quality reviewer acts (peer review) and may reveal;
    // the assigned lawyer stays the assignee.
    await step(sut, 'lvshi.wang', c.id, 'SUBMIT_CLOSURE', { outcome: 'mediated', summary: '经调解对方支付欠薪', closedAt: new Date().toISOString().slice(0, 10) });
    await expectRevealed('pingcha.li', c.id, applicant);
    await expectRevealed('lvshi.wang', c.id, applicant);
    await expectRefused('lvshi.zhao', c.id);
  });

  it('housing in township audit: the poverty office and the county approver are refused; the township officers holding the task reveal', async () => {
    const applicant = stranger(912);
    const id = await housingCaseAt(sut, 'township_audit', applicant);
    await expectRefused('xian.liangshan.fupin', id);
    await expectRefused('xian.liangshan.zhujian', id);
    await expectRefused('xian.liangshan.minzheng', id);
    await expectRevealed('zhen.xiaolukou', id, applicant);

    // A task claimed by one officer is theirs: the colleague may still act on the case (the event
    // is open to the township), so they may still reveal; once the case moves on, neither may.
    const task = (await (await sut.as('zhen.xiaolukou')).get(`/api/cases/${id}`)).body.openTasks[0];
    expect((await (await sut.as('zhen.xiaolukou')).post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    await expectRevealed('zhen.xiaolukou2', id, applicant);
    await step(sut, 'zhen.xiaolukou', id, 'TOWNSHIP_APPROVE', { opinion: '材料齐全，情况属实，同意上报' });
    await expectRefused('zhen.xiaolukou2', id);
    await expectRefused('zhen.xiaolukou', id);
    // The housing assessor acts now.
    await expectRevealed('xian.liangshan.jianding', id, applicant);
  });
});
