/**
 * Issue 15, the parts that keep 低保 local (PROCESSES.md §6), over HTTP with real PostgreSQL and Redis:
 * (a) 特困 referrals: each tekunCandidates entry is a county_civil task that outlives the case's stages
 *     and is done when the county records its outcome (entry tasks);
 * (b) a county's line is data: county_civil changes it through an audited route, the county's paying
 *     cases get REVIEW_DUE with the new line (amounts unchanged until a decision), new filings start
 *     from it; bad input 400 naming the field, another role 403;
 * (c) 长期公布: the village's standing list shows paying households (masked names) until they leave.
 */
import { SystemUnderTest } from './support/system-under-test';
import { VILLAGE, fileCase, send, step, stranger, waitForState } from './support/fixtures';

const clerk = 'cun.yannali';
const officer = 'zhen.xiaolukou';
const county = 'xian.liangshan.minzheng';
const KEY = 'minimum-living-allowance';
const LIANGSHAN = '370832';

const filing = (n: number, name: string) => ({
  processKey: KEY,
  villageCode: VILLAGE.yannali,
  applicant: { name, idNumber: stranger(n), householdSize: 3 },
  data: {
    members: [stranger(n + 1), stranger(n + 2)].map((idNumber, i) => ({ name: `成员${i + 1}`, idNumber, relation: i === 0 ? '配偶' : '父亲', laborCapacity: 'none' })),
    basis: 'income', declaredMonthlyIncomeYuan: 900, declaredAssets: '自住房一处', checkConsentRef: '核对授权〔2026〕09', relativeDeclaration: { declared: false },
  },
});
const investigation = (tekunCandidates: string[] = []) => ({
  checkReportRef: '核对报告〔2026〕31', visitDate: '2026-11-20', investigators: ['李干事', '赵干事'], householdSize: 3, monthlyIncomeYuan: 900,
  incomeItems: [{ kind: '务工', monthlyYuan: 900 }], rigidExpenditureYuan: 0,
  assets: { depositsYuan: 0, vehicles: 0, extraHousing: false, businessRegistered: false }, assetsWithinLimits: true,
  householdClass: 'stable', recommendation: 'approve', opinion: '情况属实', ...(tekunCandidates.length ? { tekunCandidates } : {}),
});
const VOTE = { meetingDate: '2026-11-22', attendees: 15, votesFor: 14, votesAgainst: 0, minutesRef: '民主评议〔2026〕8号', passed: true };

describe('低保: 特困 referrals, the county line as data, the standing list', () => {
  // A day lasts 0.5 s: the 7-day notice ends in 3.5 s; a month (first payment, reviews) is far off.
  const sut = new SystemUnderTest({ timeScale: 172800 });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  const view = async (id: string, as = officer) => (await (await sut.as(as)).get(`/api/cases/${id}`)).body;
  const entryTasks = (id: string) => sut.ds.query(`SELECT entry_index, role, jurisdiction_code, status FROM tasks WHERE case_id = $1 AND kind = 'tekun_referral' ORDER BY entry_index`, [id]);
  const standing = async (as = officer) => (await (await sut.as(as)).get(`/api/cases/standing-lists/${KEY}/${VILLAGE.yannali}`));

  async function toConfirmation(n: number, name: string, tekun: string[] = []) {
    const c = await fileCase(sut, clerk, filing(n, name));
    await step(sut, officer, c.id, 'ACCEPT_APPLICATION', { materials: ['申请书', '户口簿'] });
    await step(sut, officer, c.id, 'SUBMIT_INVESTIGATION', investigation(tekun));
    return c.id as string;
  }

  it('(a) one county task per 特困 candidate, kept across stages, done by the outcome the county records', async () => {
    const id = await toConfirmation(1701, '孙长河', ['孙老汉', '孙奶奶']);
    expect(await entryTasks(id)).toEqual([
      { entry_index: 0, role: 'county_civil', jurisdiction_code: LIANGSHAN, status: 'open' },
      { entry_index: 1, role: 'county_civil', jurisdiction_code: LIANGSHAN, status: 'open' },
    ]);
    // The county sees them in its inbox, titled by the declaration.
    const inbox = (await (await sut.as(county)).get('/api/tasks?processKey=' + KEY)).body.items.filter((t: any) => t.caseId === id && t.kind === 'tekun_referral');
    expect(inbox.map((t: any) => t.title.zh).sort()).toEqual(['特困供养转介（第 1 项）', '特困供养转介（第 2 项）']);
    // The case moves on (民主评议 → 公示): the referral tasks stay open.
    await step(sut, clerk, id, 'RECORD_DEMOCRATIC_REVIEW', VOTE);
    expect((await entryTasks(id)).map((t: any) => t.status)).toEqual(['open', 'open']);
    // Only the county settles one; the township gets 403.
    expect((await send(sut, officer, id, 'RECORD_TEKUN_REFERRAL', { index: 1, outcome: 'referred', note: '转县特困审核' })).status).toBe(403);
    const settled = await step(sut, county, id, 'RECORD_TEKUN_REFERRAL', { index: 1, outcome: 'referred', note: '已转县特困供养审核' });
    expect(settled.context.tekunOutcomes).toEqual([{ index: 1, outcome: 'referred', note: '已转县特困供养审核' }]);
    expect((await entryTasks(id)).map((t: any) => t.status)).toEqual(['open', 'done']);
    const again = await send(sut, county, id, 'RECORD_TEKUN_REFERRAL', { index: 1, outcome: 'declined', note: '重复办理' });
    expect(again.status).toBe(422);
    expect(again.body.detail).toMatch(/已办理/);
    const unknown = await send(sut, county, id, 'RECORD_TEKUN_REFERRAL', { index: 5, outcome: 'declined', note: '没有这一项' });
    expect(unknown.status).toBe(422);
  });

  it('(b)+(c) a new county line reviews the paying cases without changing amounts; the standing list shows paying households, masked, until they leave', async () => {
    const id = await toConfirmation(1711, '钱大勇');
    await step(sut, clerk, id, 'RECORD_DEMOCRATIC_REVIEW', VOTE);
    const pending = await toConfirmation(1721, '吴小梅');
    await waitForState(sut, officer, id, 'county_confirmation', 20000);
    const paying = await step(sut, county, id, 'CONFIRM_DIBAO', { amountYuan: 900 });
    expect(paying.state).toBe('in_payment');

    // (c) on the list while paid: masked name, persons and amount; a case still under investigation is not.
    const list = await standing();
    expect(list.status).toBe(200);
    const mine = list.body.items.filter((i: any) => i.caseId === id);
    expect(mine).toHaveLength(1);
    expect(mine[0].name).toBe('钱**');
    expect(mine[0].details.map((d: any) => [d.key, d.value])).toEqual([['householdSize', 3], ['amount', 900]]);
    expect(list.body.items.some((i: any) => i.caseId === pending)).toBe(false);
    expect(JSON.stringify(list.body)).not.toContain('钱大勇');
    expect((await standing('cun.leikou')).status).toBe(404); // another village's clerk

    // (b) bad input names the field; a township officer may not change the county's line.
    const c = await sut.as(county);
    const bad = await c.put(`/api/processes/${KEY}/settings/line/${LIANGSHAN}`).send({ value: -5, reason: '民政发〔2026〕12号' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field)).toEqual(['value']);
    expect((await (await sut.as(officer)).put(`/api/processes/${KEY}/settings/line/${LIANGSHAN}`).send({ value: 650, reason: '民政发〔2026〕12号' })).status).toBe(403);
    expect((await c.put(`/api/processes/${KEY}/settings/line/370831`).send({ value: 650, reason: '民政发〔2026〕12号' })).status).toBe(403); // 泗水县 is not theirs
    const changed = await c.put(`/api/processes/${KEY}/settings/line/${LIANGSHAN}`).send({ value: 650, reason: '民政发〔2026〕12号 提高农村低保标准' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ value: 650, set: true });
    expect(changed.body.casesNotified).toBeGreaterThanOrEqual(1);
    // The paying case is under review with the new line; its amount has not moved.
    const reviewed = await view(id);
    expect(reviewed.state).toBe('review');
    expect(reviewed.context.lineInForceYuan).toBe(650);
    expect(reviewed.context.amountYuan).toBe(900);
    const [due] = await sut.ds.query(`SELECT payload, actor_username FROM audit_entries WHERE case_id = $1 AND action = 'REVIEW_DUE'`, [id]);
    expect(due).toMatchObject({ actor_username: 'system', payload: { lineYuan: 650 } });
    const [audit] = await sut.ds.query(`SELECT actor_username, payload FROM audit_entries WHERE chain_id = $1 AND action = 'SETTING_CHANGED'`, [`administration:${LIANGSHAN}`]);
    expect(audit).toMatchObject({ actor_username: county, payload: { processKey: KEY, name: 'line', from: 600, to: 650 } });
    expect((await c.get(`/api/processes/${KEY}/settings/line`)).body.items).toEqual([expect.objectContaining({ jurisdictionCode: LIANGSHAN, value: 650, set: true })]);
    // The case under investigation was not paying: untouched. A new filing starts from the new line.
    expect((await view(pending)).context.lineInForceYuan).toBe(600);
    const fresh = await fileCase(sut, clerk, filing(1731, '郑一'));
    expect(fresh.context.lineInForceYuan).toBe(650);

    // Leaving the paying states leaves the list.
    await step(sut, officer, id, 'SUBMIT_REVIEW', {
      checkReportRef: '复核〔2026〕09', visitDate: '2026-12-01', investigators: ['李干事', '赵干事'], householdSize: 3, monthlyIncomeYuan: 2400,
      rigidExpenditureYuan: 0, assetsWithinLimits: true, householdClass: 'stable', proposal: 'terminate', ground: 'voluntary', findings: '本人申请自愿退出',
    });
    await step(sut, county, id, 'TERMINATE_DIBAO', { ground: 'voluntary', reason: '本人书面申请自愿退出低保' });
    expect((await standing()).body.items.some((i: any) => i.caseId === id)).toBe(false);
  });
});
