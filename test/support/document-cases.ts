/**
 * Cases that print every form (issue 20): a housing case approved by the county, legal aid granted
 * and assigned, legal aid refused, 低保 confirmed, temporary assistance approved, and housing
 * households in the village notice in two villages. The system runs at a slow time scale so a
 * notice stays a notice while a test prints it; deadlines the walk needs are fired by hand
 * (CaseEngine.fireTimer, as the worker's job would).
 */
import { CaseEngine } from '../../libs/engine/src';
import { SystemUnderTest, eventually } from './system-under-test';
import { COLLECTIVE_REVIEW_PASSED, PEOPLE, VILLAGE, fileCase, housingFiling, step, stranger } from './fixtures';

/** A day lasts 24 s: no notice period or clock ends by itself during a test. */
export const DOCUMENT_TIME_SCALE = 3600;

const viewOf = async (sut: SystemUnderTest, user: string, id: string) => (await (await sut.as(user)).get(`/api/cases/${id}`)).body;

/** Waits for `state`, firing the case's armed deadlines (notice periods) on the way. */
export async function advanceTo(sut: SystemUnderTest, user: string, caseId: string, state: string, timeoutMs = 20000): Promise<any> {
  const engine = sut.api.get(CaseEngine);
  return eventually(async () => {
    const v = await viewOf(sut, user, caseId);
    if (v.state === state) return v;
    const armed: Array<{ id: string }> = await sut.ds.query(`SELECT id FROM case_timers WHERE case_id = $1 AND status = 'armed'`, [caseId]);
    for (const t of armed) await engine.fireTimer(t.id);
    return undefined;
  }, timeoutMs, 100);
}

/** Files a housing case and walks it to the village notice (past the registry lookup and, for strangers, the identity review). */
export async function housingAtVillageNotice(sut: SystemUnderTest, clerk: string, villageCode: string, name: string, idNumber: string): Promise<string> {
  const c = await fileCase(sut, clerk, housingFiling(idNumber, { villageCode, applicant: { name, idNumber, householdSize: 3 } }));
  const s = await eventually(async () => {
    const v = await viewOf(sut, clerk, c.id);
    return ['collective_review', 'identity_review'].includes(v.state) ? v.state : undefined;
  });
  if (s === 'identity_review') await step(sut, 'xian.liangshan.fupin', c.id, 'CONFIRM_IDENTITY', { note: '经入户核实，属新识别贫困户' });
  await step(sut, clerk, c.id, 'RECORD_COLLECTIVE_REVIEW', COLLECTIVE_REVIEW_PASSED);
  return c.id;
}

/** 闫建国's housing case, approved by the county (D grade, rebuild, 30,000 元), waiting for the agreement. */
export async function housingApproved(sut: SystemUnderTest): Promise<string> {
  const id = await housingAtVillageNotice(sut, 'cun.yannali', VILLAGE.yannali, '闫建国', PEOPLE.yanJianguo);
  await advanceTo(sut, 'zhen.xiaolukou', id, 'township_audit');
  await step(sut, 'zhen.xiaolukou', id, 'TOWNSHIP_APPROVE', { opinion: '材料齐全，情况属实，同意上报' });
  await step(sut, 'xian.liangshan.jianding', id, 'SUBMIT_ASSESSMENT', { grade: 'D', reportRef: '梁住鉴〔2026〕0421', assessedAt: '2026-11-25' });
  await advanceTo(sut, 'zhen.xiaolukou', id, 'county_approval');
  await step(sut, 'xian.liangshan.zhujian', id, 'COUNTY_APPROVE', { method: 'rebuild', subsidyAmount: 30000 });
  await advanceTo(sut, 'zhen.xiaolukou', id, 'agreement');
  return id;
}

const legalAidFiling = (name: string, idNumber: string) => ({
  processKey: 'legal-aid',
  villageCode: VILLAGE.yannali,
  applicant: { name, idNumber },
  data: { matterType: 'wage_arrears', summary: '在建筑工地务工，被拖欠工资 18000 元', opposingParty: '某建筑劳务公司' },
});

/** Legal aid for 闫建国 (fast lane): granted with a decision number, lvshi.wang (王律师) assigned. */
export async function legalAidAssigned(sut: SystemUnderTest): Promise<string> {
  const officer = 'xian.liangshan.fayuan';
  const c = await fileCase(sut, 'cun.yannali', legalAidFiling('闫建国', PEOPLE.yanJianguo));
  await advanceTo(sut, officer, c.id, 'acceptance_review');
  await step(sut, officer, c.id, 'GRANT_AID', { decisionNo: '梁法援决〔2026〕101号' });
  await step(sut, officer, c.id, 'ASSIGN_LAWYER', { lawyer: 'lvshi.wang' });
  return c.id;
}

/** Legal aid for 张平 refused at the economic check. */
export async function legalAidDenied(sut: SystemUnderTest): Promise<string> {
  const officer = 'xian.liangshan.fayuan';
  const c = await fileCase(sut, 'cun.yannali', legalAidFiling('张平', PEOPLE.zhangPing));
  await advanceTo(sut, officer, c.id, 'economic_review');
  await step(sut, officer, c.id, 'ECONOMIC_CHECK', { passed: false, method: 'data_check', note: '家庭月收入高于当地最低工资标准' });
  return c.id;
}

/** 低保 for a household of three, confirmed by the county at 900 元 a month. */
export async function dibaoConfirmed(sut: SystemUnderTest, n = 0): Promise<string> {
  const c = await fileCase(sut, 'cun.yannali', {
    processKey: 'minimum-living-allowance',
    villageCode: VILLAGE.yannali,
    applicant: { name: '闫秀英', idNumber: stranger(700 + n * 3), householdSize: 3 },
    data: {
      members: [stranger(701 + n * 3), stranger(702 + n * 3)].map((idNumber, i) => ({ name: `成员${i + 1}`, idNumber, relation: i === 0 ? '配偶' : '子女', laborCapacity: 'partial' })),
      basis: 'income', declaredMonthlyIncomeYuan: 900, declaredAssets: '自住房一处，无存款', checkConsentRef: '核对授权〔2026〕01',
      relativeDeclaration: { declared: false },
    },
  });
  await advanceTo(sut, 'zhen.xiaolukou', c.id, 'acceptance');
  await step(sut, 'zhen.xiaolukou', c.id, 'ACCEPT_APPLICATION', { materials: ['申请书', '户口簿', '核对授权书'] });
  await step(sut, 'zhen.xiaolukou', c.id, 'SUBMIT_INVESTIGATION', {
    checkReportRef: '核对报告〔2026〕17', visitDate: '2026-11-20', investigators: ['李干事', '赵干事'], householdSize: 3, monthlyIncomeYuan: 900,
    incomeItems: [{ kind: '务工', monthlyYuan: 900 }], rigidExpenditureYuan: 0,
    assets: { depositsYuan: 2000, vehicles: 0, extraHousing: false, businessRegistered: false }, assetsWithinLimits: true,
    householdClass: 'unstable', recommendation: 'approve', opinion: '家庭收入低于低保标准，情况属实',
  });
  await step(sut, 'cun.yannali', c.id, 'RECORD_DEMOCRATIC_REVIEW', { meetingDate: '2026-11-22', attendees: 21, votesFor: 19, votesAgainst: 1, minutesRef: '民主评议〔2026〕5号', passed: true });
  await advanceTo(sut, 'zhen.xiaolukou', c.id, 'county_confirmation');
  await step(sut, 'xian.liangshan.minzheng', c.id, 'CONFIRM_DIBAO', { amountYuan: 900, countyVisit: { visitDate: '2026-11-28', investigators: ['县甲', '县乙'] } });
  return c.id;
}

/** Temporary assistance of 2,000 元 for a fire, investigated by one township officer and approved by the other. */
export async function assistanceApproved(sut: SystemUnderTest): Promise<string> {
  const c = await fileCase(sut, 'cun.yannali', {
    processKey: 'temporary-assistance',
    villageCode: VILLAGE.yannali,
    applicant: { name: '王桂兰', idNumber: stranger(720), householdSize: 4 },
    data: { hardshipType: 'fire', urgency: 'normal', description: '夜间失火，房屋及口粮被毁', requestedAmount: 2000 },
  });
  await advanceTo(sut, 'zhen.xiaolukou', c.id, 'township_review');
  await step(sut, 'zhen.xiaolukou', c.id, 'SUBMIT_INVESTIGATION', { findings: '入户调查属实，房屋烧毁两间', recommendedAmount: 2000 });
  await advanceTo(sut, 'zhen.xiaolukou', c.id, 'township_approval');
  await step(sut, 'zhen.xiaolukou2', c.id, 'APPROVE', { amount: 2000 });
  return c.id;
}
