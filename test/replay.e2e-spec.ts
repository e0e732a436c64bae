/**
 * Issue 17, item 5: history rebuilt from the audit alone. The demo cases (seeds/demo-cases.ts, filed
 * through this file's api) and cases of all three processes walked through their main paths — with
 * system events (registry lookups, notice and objection timers, payments), SLA phases (housing stage
 * limits on at their defaults), claims, a release and a reassignment on their chains — are replayed
 * from their audit entries through their machines (test/support/replay.ts) and give the stored state
 * and context of every case. A day lasts 0.25 s.
 */
import { SystemUnderTest, eventually } from './support/system-under-test';
import { ACCEPTANCE_CHECKLIST, COLLECTIVE_REVIEW_PASSED, PEOPLE, VILLAGE, fileCase, housingCaseAt, housingFiling, step, stranger, waitForState } from './support/fixtures';
import { replayAll, replayCase } from './support/replay';
import { fileDemoCases } from '../seeds/demo-cases';
import { CaseEngine } from '../libs/engine/src';
import { HOUSING_RENOVATION_SETTINGS } from '../libs/processes/src/housing-renovation';

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
/** Housing stage limits at their product defaults ('' = the default), so housing chains carry SLA entries too. */
const HOUSING_LIMITS_DEFAULT = Object.fromEntries(HOUSING_RENOVATION_SETTINGS.filter((s) => s.env.endsWith('_DUE_DAYS')).map((s) => [s.env, '']));

describe('every case rebuilt from its audit chain', () => {
  const sut = new SystemUnderTest({ timeScale: 345600, env: { ...HOUSING_LIMITS_DEFAULT, CLAIM_IDLE_MINUTES: '525600' } });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());
  const registry = () => sut.api.get(CaseEngine).processes;
  const created: string[] = [];

  it('the demo cases', async () => {
    expect(await fileDemoCases(sut.baseUrl)).toBe(7);
    const result = await replayAll(sut.ds, registry());
    expect(result.problems).toEqual([]);
    expect(result.cases).toBe(7);
  });

  it('housing: completed after a failed acceptance; identity review, correction and rejection; objection and withdrawal', async () => {
    const done = await housingCaseAt(sut, 'agreement', stranger(2001));
    await step(sut, 'zhen.xiaolukou', done, 'SIGN_AGREEMENT', { agreementNo: 'XLK-2026-101', signedAt: '2026-12-01', plannedCompletionDate: '2027-04-30' });
    await step(sut, 'zhen.xiaolukou', done, 'REPORT_PROGRESS', { percent: 50, note: '主体完工' });
    await step(sut, 'zhen.xiaolukou', done, 'REPORT_COMPLETION', { completedAt: '2027-04-20' });
    await step(sut, 'xian.liangshan.zhujian2', done, 'ACCEPTANCE_FAILED', { failedItems: ['roof'], note: '屋面防水不合格，需整改' });
    await step(sut, 'zhen.xiaolukou', done, 'RECTIFICATION_DONE', { note: '屋面已重做防水' });
    await step(sut, 'xian.liangshan.zhujian2', done, 'ACCEPTANCE_PASSED', { checklist: ACCEPTANCE_CHECKLIST, inspectors: ['李工', '王工'] });
    expect((await step(sut, 'zhen.xiaolukou', done, 'HANDOVER', { moveInDate: '2027-05-01', signInstalled: true })).state).toBe('completed');

    const corrected = await housingCaseAt(sut, 'township_audit', stranger(2002));
    // Work-queue acts on the chain: a claim, a release, a reassignment.
    const [task] = await sut.ds.query(`SELECT id FROM tasks WHERE case_id = $1 AND status = 'open' AND kind = 'township_audit'`, [corrected]);
    const officer = await sut.as('zhen.xiaolukou');
    expect((await officer.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    expect((await officer.post(`/api/tasks/${task.id}/release`)).status).toBe(200);
    expect((await (await sut.as('xian.liangshan.zhujian')).post(`/api/tasks/${task.id}/reassign`, { toUsername: 'zhen.xiaolukou2', reason: '原经办人外出培训' })).status).toBe(200);
    await step(sut, 'zhen.xiaolukou2', corrected, 'RETURN_FOR_CORRECTION', { missing: ['户口簿复印件'] });
    await step(sut, 'cun.yannali', corrected, 'RESUBMIT', { note: '已补充户口簿复印件' });
    expect((await step(sut, 'zhen.xiaolukou2', corrected, 'TOWNSHIP_REJECT', { reason: '家庭另有安全住房，不符合条件' })).state).toBe('rejected');

    const objected = await fileCase(sut, 'cun.yannali', housingFiling(PEOPLE.yanXiuying, { data: { category: 'dibao', houseDescription: '砖木结构，屋面塌陷' } }));
    await waitForState(sut, 'cun.yannali', objected.id, 'collective_review');
    await step(sut, 'cun.yannali', objected.id, 'RECORD_COLLECTIVE_REVIEW', COLLECTIVE_REVIEW_PASSED);
    await step(sut, 'cun.yannali', objected.id, 'RECORD_OBJECTION', { summary: '村民反映申请人另有住房' });
    expect((await step(sut, 'cun.yannali', objected.id, 'WITHDRAW', { reason: '经核实申请人另有住房，撤回申请' })).state).toBe('withdrawn');
    created.push(done, corrected, objected.id);
  });

  it('temporary assistance: emergency relief confirmed; township, county and deliberation approvals paid; a charity referral', async () => {
    const file = (n: number, data: Record<string, unknown>) =>
      fileCase(sut, 'cun.yannali', {
        processKey: 'temporary-assistance', villageCode: VILLAGE.yannali, applicant: { name: '赵某', idNumber: stranger(n), householdSize: 3 },
        data: { hardshipType: 'sudden_illness', urgency: 'normal', description: '突发重病住院', requestedAmount: 2000, ...data },
      });
    const emergency = await file(2101, { hardshipType: 'fire', urgency: 'emergency', requestedAmount: 1000 });
    await step(sut, 'zhen.xiaolukou', emergency.id, 'GRANT_FIRST_RELIEF', { amount: 1000, form: 'cash', grantedAt: new Date().toISOString() });
    await step(sut, 'zhen.xiaolukou', emergency.id, 'SUBMIT_FORMALITIES', { investigationReport: '入户核实属实', documents: ['火灾证明'] });
    await step(sut, 'zhen.xiaolukou2', emergency.id, 'CONFIRM_RELIEF', { note: '手续齐全，确认救助' });

    const routes: Array<[number, number, string]> = [[2102, 2000, 'township_approval'], [2103, 8000, 'county_approval'], [2104, 50000, 'deliberation']];
    const ids: string[] = [];
    for (const [n, amount, stage] of routes) {
      const c = await file(n, { hardshipType: 'expenditure', requestedAmount: amount });
      await step(sut, 'zhen.xiaolukou', c.id, 'SUBMIT_INVESTIGATION', { findings: '入户调查属实', recommendedAmount: amount });
      await waitForState(sut, 'zhen.xiaolukou', c.id, stage, 20000);
      ids.push(c.id);
    }
    const [small, medium, large] = ids;
    await step(sut, 'zhen.xiaolukou', small, 'REFER_TO_CHARITY', { organization: '梁山县慈善总会', note: '建议慈善助医' });
    await step(sut, 'zhen.xiaolukou2', small, 'APPROVE', { amount: 2000 });
    await step(sut, 'xian.liangshan.minzheng', medium, 'APPROVE', { amount: 8000 });
    await step(sut, 'xian.liangshan.minzheng', large, 'RECORD_DELIBERATION', {
      meetingDate: '2026-11-27', participants: ['张局长', '李科长', '王主任'], decision: 'approve', amount: 50000, minutesRef: '梁民议〔2026〕9号',
    });
    for (const id of ids) await waitForState(sut, 'xian.liangshan.minzheng', id, 'closed', 20000);
    created.push(emergency.id, ...ids);
  });

  it('legal aid: fast lane to peer review; denial, objection upheld and termination; materials requested and supplied', async () => {
    const officer = 'xian.liangshan.fayuan';
    const file = async (idNumber: string, name: string) => {
      const c = await fileCase(sut, 'cun.yannali', {
        processKey: 'legal-aid', villageCode: VILLAGE.yannali, applicant: { name, idNumber },
        data: { matterType: 'wage_arrears', summary: '被拖欠工资 18000 元', opposingParty: '某建筑劳务公司' },
      });
      return eventually(async () => {
        const [row] = await sut.ds.query(`SELECT state FROM cases WHERE id = $1`, [c.id]);
        return row.state !== 'eligibility_check' ? (c.id as string) : undefined;
      });
    };
    const fast = await file(PEOPLE.yanJianguo, '闫建国');
    await step(sut, officer, fast, 'GRANT_AID', { decisionNo: '梁法援决〔2026〕201号' });
    await step(sut, officer, fast, 'ASSIGN_LAWYER', { lawyer: 'lvshi.wang' });
    await step(sut, 'lvshi.wang', fast, 'RECORD_PROGRESS', { note: '已会见当事人' });
    await step(sut, 'lvshi.wang', fast, 'SUBMIT_CLOSURE', { outcome: 'mediated', summary: '调解结案', closedAt: isoDate(new Date()) });
    expect((await step(sut, 'pingcha.li', fast, 'SUBMIT_PEER_REVIEW', { grade: 'good', score: 88, comments: '办案规范' })).state).toBe('closed');

    const denied = await file(stranger(2201), '钱某');
    await step(sut, officer, denied, 'ECONOMIC_CHECK', { passed: false, method: 'data_check', note: '家庭收入高于标准' });
    await step(sut, 'cun.yannali', denied, 'FILE_OBJECTION', { reason: '家中有重病患者，医疗支出巨大' });
    await step(sut, 'xian.liangshan.sifa', denied, 'UPHOLD_OBJECTION', { note: '经核实异议成立' });
    await step(sut, officer, denied, 'ASSIGN_LAWYER', { lawyer: 'lvshi.zhao' });
    expect((await step(sut, officer, denied, 'TERMINATE_AID', { ground: 'own_counsel', note: '受援人自行委托律师，终止法律援助' })).state).toBe('terminated');

    const materials = await file(stranger(2202), '孙某');
    await step(sut, officer, materials, 'ECONOMIC_CHECK', { passed: true, method: 'integrity_pledge', note: '申请人书面承诺经济困难' });
    await step(sut, officer, materials, 'REQUEST_MATERIALS', { missing: ['劳动合同'] });
    await step(sut, officer, materials, 'MATERIALS_SUPPLIED', { note: '已补交劳动合同' });
    await step(sut, officer, materials, 'GRANT_AID', { decisionNo: '梁法援决〔2026〕202号' });
    await step(sut, officer, materials, 'ASSIGN_LAWYER', { lawyer: 'lvshi.wang' });
    created.push(fast, denied, materials);
  });

  it('every case in the database — demo and walked — replays to its stored state and context', async () => {
    const result = await replayAll(sut.ds, registry());
    expect(result.problems).toEqual([]);
    expect(result.cases).toBe(7 + created.length);
    // Not vacuous: system events, SLA phases and queue acts were on the chains and replayed or passed over.
    const actions = (await sut.ds.query(`SELECT DISTINCT action FROM audit_entries WHERE chain_id LIKE 'case:%'`)).map((r: any) => r.action);
    expect(actions).toEqual(expect.arrayContaining([
      'IDENTITY_VERIFIED', 'NOTICE_PERIOD_ENDED', 'PAYMENT_CONFIRMED', 'FAST_LANE_CONFIRMED', 'ECONOMIC_REVIEW_REQUIRED',
      'TASK_CLAIMED', 'TASK_RELEASED', 'TASK_REASSIGNED', 'SLA_WARNING', 'SLA_BREACHED',
    ]));
    expect(result.transitions).toBeGreaterThan(60);
  });

  it('the check finds what the audit cannot explain: a changed context, a dropped entry, a wrong final state', async () => {
    const [c] = await sut.ds.query(`SELECT id, process_key, process_version, state, context FROM cases WHERE id = $1`, [created[0]]);
    const entries = (await sut.ds.query(
      `SELECT chain_id, seq, action, outcome, from_state, to_state, payload FROM audit_entries WHERE chain_id = $1 ORDER BY seq`, [`case:${c.id}`],
    )).map((e: any) => ({ ...e, seq: Number(e.seq) }));
    expect(replayCase(registry(), c, entries).problems).toEqual([]);
    expect(replayCase(registry(), { ...c, context: { ...c.context, subsidyAmount: 99999 } }, entries).problems).toEqual([
      expect.objectContaining({ problem: expect.stringContaining('context differs') }),
    ]);
    expect(replayCase(registry(), { ...c, state: 'rejected' }, entries).problems).toEqual([
      expect.objectContaining({ problem: expect.stringContaining('stored rejected') }),
    ]);
    const approval = entries.findIndex((e: any) => e.action === 'COUNTY_APPROVE');
    expect(replayCase(registry(), c, entries.filter((_: unknown, i: number) => i !== approval)).problems.length).toBeGreaterThan(0);
  });
});
