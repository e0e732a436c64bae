/**
 * Issue 15: 最低生活保障 (低保) over HTTP on a time-scaled run (a month lasts MONTH_MS).
 * (a) file → … → confirm → monthly payments, each exactly once although the first worker (the built
 *     one, in a child process) is killed between months → review with higher income → 渐退 with its
 *     payments → exited; the household counts as 低保 in other processes' registry lookups only while paid.
 * (b) a verified fraud report: months held while the proposal waits, terminated within the limit,
 *     payments stopped; a late payment job after termination pays nothing.
 * (c) a notice objection → re-investigation → new notice, county visit required; amount_mismatch;
 *     the investigator cannot confirm in an authorised township; a township filer cannot accept;
 *     a covered member cannot be filed again (already_covered); member ID numbers stored masked.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { QUEUES } from '../libs/queues/src';
import { SystemUnderTest, eventually } from './support/system-under-test';
import { PEOPLE, VILLAGE, fileCase, send, step, stranger, waitForState } from './support/fixtures';

const WORKER_MAIN = join(__dirname, '..', 'dist', 'apps', 'worker', 'src', 'main.js');
const MONTH_MS = 2000;
const clerk = 'cun.yannali';
const officer = 'zhen.xiaolukou';
const officer2 = 'zhen.xiaolukou2';
const county = 'xian.liangshan.minzheng';
const KEY = 'minimum-living-allowance';

function monthsAfter(at: Date, n: number): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(at).split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

const filing = (applicantId: string, memberIds: string[], extra: Record<string, unknown> = {}) => ({
  processKey: KEY,
  villageCode: VILLAGE.yannali,
  applicant: { name: '闫建国', idNumber: applicantId, householdSize: 1 + memberIds.length },
  data: {
    members: memberIds.map((idNumber, i) => ({ name: `成员${i + 1}`, idNumber, relation: i === 0 ? '配偶' : '子女', laborCapacity: 'partial' })),
    basis: 'income',
    declaredMonthlyIncomeYuan: 900,
    declaredAssets: '自住房一处，无存款',
    checkConsentRef: '核对授权〔2026〕01',
    relativeDeclaration: { declared: false },
    ...extra,
  },
});

const investigation = (monthlyIncomeYuan: number, householdSize = 3) => ({
  checkReportRef: '核对报告〔2026〕17', visitDate: '2026-11-20', investigators: ['李干事', '赵干事'], householdSize, monthlyIncomeYuan,
  incomeItems: [{ kind: '务工', monthlyYuan: monthlyIncomeYuan }], rigidExpenditureYuan: 0,
  assets: { depositsYuan: 2000, vehicles: 0, extraHousing: false, businessRegistered: false }, assetsWithinLimits: true,
  householdClass: 'unstable', recommendation: 'approve', opinion: '家庭收入低于低保标准，情况属实',
});
const review = (monthlyIncomeYuan: number, proposal: string, ground?: string) => ({
  checkReportRef: '复核〔2026〕03', visitDate: '2026-12-01', investigators: ['李干事', '赵干事'], householdSize: 3, monthlyIncomeYuan,
  rigidExpenditureYuan: 0, assetsWithinLimits: true, householdClass: 'unstable', proposal, ...(ground ? { ground } : {}), findings: '入户复核',
});
const VOTE = { meetingDate: '2026-11-22', attendees: 21, votesFor: 19, votesAgainst: 1, minutesRef: '民主评议〔2026〕5号', passed: true };

describe('minimum living allowance (低保)', () => {
  const sut = new SystemUnderTest({
    worker: false,
    timeScale: (30 * 86400 * 1000) / MONTH_MS,
    // 小路口镇 is authorised to confirm (乡镇审核确认); objections and relatives still go to the county.
    env: { DIBAO_TOWNSHIP_CONFIRMATION: '370832001', DIBAO_STOP_WITHIN_MONTHS: '6', WORKER_LOCK_MS: '1500' },
  });
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    if (!existsSync(WORKER_MAIN)) throw new Error('dist/ is missing: run `npm run build` first');
    await sut.start();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await sut.stop();
  });

  // (a) starts the in-process worker once its child is killed; (b) and (c) run alone too.
  const withWorker = async () => {
    if (!(sut as any).worker) await sut.startWorker();
  };
  const view = async (id: string, as = officer) => (await (await sut.as(as)).get(`/api/cases/${id}`)).body;
  const payments = (id: string) => sut.ds.query(`SELECT period, status, amount::float AS amount, payment_ref FROM payments WHERE case_id = $1 ORDER BY period`, [id]);
  const audited = (id: string, action: string) => sut.ds.query(`SELECT payload FROM audit_entries WHERE case_id = $1 AND action = $2 AND outcome = 'ok' ORDER BY seq`, [id, action]);

  /** Files and walks a household to the confirming state (township_confirmation unless county-only). */
  async function toConfirmation(applicantId: string, memberIds: string[], income = 900) {
    const c = await fileCase(sut, clerk, filing(applicantId, memberIds));
    await step(sut, officer, c.id, 'ACCEPT_APPLICATION', { materials: ['申请书', '户口簿', '核对授权书'] });
    await step(sut, officer, c.id, 'SUBMIT_INVESTIGATION', investigation(income, 1 + memberIds.length));
    await step(sut, clerk, c.id, 'RECORD_DEMOCRATIC_REVIEW', VOTE);
    return c.id as string;
  }

  it('(a) pays monthly from the month after confirmation, each month once across a killed worker; 渐退 pays its months, then the household exits and leaves the registry', async () => {
    child = spawn(process.execPath, [WORKER_MAIN], { env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    sut.pii.tapChild(child, 'worker child');
    const members = [stranger(1501), stranger(1502)];
    const id = await toConfirmation(PEOPLE.yanJianguo, members);
    const atConfirmation = await waitForState(sut, officer, id, 'township_confirmation', 20000);
    // The registry lookup at filing recorded the 建档立卡 household (needed for 渐退).
    await eventually(async () => ((await view(id)).context.registeredPoor === true ? true : undefined), 20000);
    expect(atConfirmation.context.assessment).toEqual({ lineYuan: 600, perCapitaIncomeYuan: 300, householdSize: 3, eligible: true, amountYuan: 900 });
    // The 公示 printed the masked name, household size, p against the line and the amount.
    const notice = await (await sut.as(officer)).get(`/api/cases/${id}/notices/notice`);
    expect(notice.status).toBe(200);
    expect(JSON.stringify(notice.body)).toContain('900');

    const confirmed = await step(sut, officer2, id, 'CONFIRM_DIBAO', { amountYuan: 900 });
    expect(confirmed.state).toBe('in_payment');
    const anchor = new Date((await sut.ds.query(`SELECT anchor_at FROM case_timers WHERE case_id = $1 AND event_type = 'MONTHLY_PAYMENT_DUE' AND seq = 1`, [id]))[0].anchor_at);
    const months = [1, 2, 3].map((n) => monthsAfter(anchor, n));

    // While paid, a member counts as 低保 for legal aid's fast lane.
    const la = await fileCase(sut, clerk, {
      processKey: 'legal-aid', villageCode: VILLAGE.yannali, applicant: { name: '成员1', idNumber: members[0] },
      data: { matterType: 'wage_arrears', summary: '拖欠工资八个月', opposingParty: '某建筑公司' },
    });
    expect((await waitForState(sut, officer, la.id, 'acceptance_review', 20000)).lane).toBe('fast');

    // The first month is paid by the child worker, which is then killed.
    await eventually(async () => ((await payments(id)).some((p: any) => p.status === 'paid') ? true : undefined), 20000);
    child.kill('SIGKILL');
    await sut.startWorker();
    await eventually(async () => ((await payments(id)).filter((p: any) => p.status === 'paid').length >= 3 ? true : undefined), 30000);
    const paid = (await payments(id)).filter((p: any) => p.status === 'paid');
    expect(paid.slice(0, 3).map((p: any) => [p.period, p.amount])).toEqual(months.map((m) => [m, 900]));
    const confirmations = (await audited(id, 'PAYMENT_CONFIRMED')).map((r: any) => r.payload.period);
    expect(new Set(confirmations).size).toBe(confirmations.length);

    // Review with higher income: p = 700 ≥ 600 → 渐退 (continue would be not_eligible).
    const refused = await send(sut, officer, id, 'SUBMIT_REVIEW', review(2100, 'continue'));
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/^not_eligible/);
    await step(sut, officer, id, 'SUBMIT_REVIEW', review(2100, 'gradual_exit'));
    const decided = await step(sut, county, id, 'APPROVE_GRADUAL_EXIT', { months: 3 });
    expect(decided.state).toBe('gradual_exit');
    const exitStart = (await payments(id)).length;
    const exited = await waitForState(sut, officer, id, 'exited', 40000);
    expect(exited.context.gradualExit).toMatchObject({ months: 3, monthsPaid: 3, amountYuan: 900 });
    const all = await payments(id);
    // Every month from the first is one row, paid once, consecutive; 渐退's three months among them.
    expect(all.map((p: any) => p.period)).toEqual(all.map((_: any, i: number) => monthsAfter(anchor, i + 1)));
    expect(all.every((p: any) => p.status === 'paid' && p.amount === 900)).toBe(true);
    // The case view lists the schedule and the review history for any process (the console renders them).
    const shown = await view(id);
    expect(shown.payments.map((p: any) => [p.period, p.status, p.amount])).toEqual(all.map((p: any) => [p.period, 'paid', 900]));
    expect(shown.context.reviews.map((r: any) => r.proposal)).toEqual(['gradual_exit']);
    expect(all.length).toBeGreaterThanOrEqual(exitStart + 3 - 1);
    // No timers left; out of the registry: a member's new legal-aid case is not fast.
    expect(await sut.ds.query(`SELECT 1 FROM case_timers WHERE case_id = $1 AND status = 'armed'`, [id])).toEqual([]);
    const la2 = await fileCase(sut, clerk, {
      processKey: 'legal-aid', villageCode: VILLAGE.yannali, applicant: { name: '成员2', idNumber: members[1] },
      data: { matterType: 'wage_arrears', summary: '拖欠工资三个月', opposingParty: '某物流公司' },
    });
    expect((await waitForState(sut, officer, la2.id, 'economic_review', 20000)).lane).toBe('normal');
    // Joining and leaving the registry are each their own entry in the case's chain, right after the event that did it.
    const chain = await sut.ds.query(`SELECT seq, action, payload FROM audit_entries WHERE case_id = $1 AND outcome = 'ok' ORDER BY seq`, [id]);
    const joined = chain.findIndex((e: any) => e.action === 'REGISTRY_JOINED');
    const left = chain.findIndex((e: any) => e.action === 'REGISTRY_LEFT');
    expect(chain.filter((e: any) => e.action === 'REGISTRY_JOINED' || e.action === 'REGISTRY_LEFT').map((e: any) => [e.action, e.payload])).toEqual([
      ['REGISTRY_JOINED', { category: 'dibao', event: 'CONFIRM_DIBAO' }],
      ['REGISTRY_LEFT', { category: 'dibao', event: 'MONTHLY_PAYMENT_DUE' }],
    ]);
    expect(chain[joined - 1].action).toBe('CONFIRM_DIBAO');
    expect(chain[left - 1].action).toBe('MONTHLY_PAYMENT_DUE');
    expect(chain[left].seq).toBe(chain[left - 1].seq + 1);
  });

  it('(b) a verified fraud report holds the months, terminates within the limit and stops the payments; a late payment job pays nothing', async () => {
    await withWorker();
    const id = await toConfirmation(stranger(1511), [stranger(1512), stranger(1513)]);
    await waitForState(sut, officer, id, 'township_confirmation', 20000);
    await step(sut, officer2, id, 'CONFIRM_DIBAO', { amountYuan: 900 });
    await eventually(async () => ((await payments(id)).some((p: any) => p.status === 'paid') ? true : undefined), 20000);
    await step(sut, clerk, id, 'REPORT_CHANGE', { kind: 'fraud_report', occurredOn: '2026-11-25', summary: '群众举报其家庭有经营性收入' });
    const proposed = await step(sut, officer, id, 'SUBMIT_REVIEW', review(2400, 'terminate', 'fraud'));
    expect(proposed.state).toBe('change_decision');
    expect(proposed.lane).toBe('fast');
    expect(proposed.flags.map((f: any) => f.code)).toContain('ineligibility_reported');
    // A month falls due while the proposal waits: held, not paid.
    await eventually(async () => ((await payments(id)).some((p: any) => p.status === 'held') ? true : undefined), 20000).catch(async (e) => {
      throw new Error(`${e.message}: ${JSON.stringify(await payments(id))} ${(await view(id)).state}`);
    });
    const paidBefore = (await payments(id)).filter((p: any) => p.status === 'paid').length;
    const missingRecovery = await send(sut, county, id, 'TERMINATE_DIBAO', { ground: 'fraud', reason: '经核实隐瞒经营收入' });
    expect(missingRecovery.status).toBe(422);
    const done = await step(sut, county, id, 'TERMINATE_DIBAO', { ground: 'fraud', reason: '经核实隐瞒经营收入', recoveryYuan: 1800 });
    expect(done.state).toBe('terminated');
    expect(done.flags.map((f: any) => f.code)).toContain('recovery_due');
    const [stop] = await sut.ds.query(`SELECT status, stop_event FROM sla_clocks WHERE case_id = $1 AND name = 'stop'`, [id]);
    expect(stop).toMatchObject({ status: 'met', stop_event: 'TERMINATE_DIBAO' });
    const after = await payments(id);
    expect(after.filter((p: any) => p.status === 'held')).toEqual([]);
    const cancelled = after.filter((p: any) => p.status === 'cancelled');
    expect(cancelled.length).toBeGreaterThanOrEqual(1);
    // A late payment job for the cancelled month after termination: nothing paid, nothing confirmed.
    const [late] = await sut.ds.query(`INSERT INTO outbox (queue, name, payload) VALUES ($1, 'disbursement', $2) RETURNING id`, [
      QUEUES.disbursement, JSON.stringify({ caseId: id, revision: done.revision, period: cancelled[0].period }),
    ]);
    await eventually(async () => ((await sut.ds.query(`SELECT completed_at FROM outbox WHERE id = $1`, [late.id]))[0].completed_at ? true : undefined), 20000);
    await new Promise((r) => setTimeout(r, MONTH_MS * 1.5));
    const final = await payments(id);
    expect(final.filter((p: any) => p.status === 'paid').length).toBe(paidBefore);
    expect(final.find((p: any) => p.period === cancelled[0].period).status).toBe('cancelled');
    expect(await sut.ds.query(`SELECT 1 FROM case_timers WHERE case_id = $1 AND status = 'armed'`, [id])).toEqual([]);
    expect((await view(id)).state).toBe('terminated');
    expect((await audited(id, 'REGISTRY_LEFT')).map((r: any) => r.payload)).toEqual([{ category: 'dibao', event: 'TERMINATE_DIBAO' }]);
  });

  it('(c) an objection sends the case back to investigation and a new notice, then to the county with a visit; amount_mismatch; the investigator cannot confirm; a township filer cannot accept; already_covered', async () => {
    await withWorker();
    const members = [stranger(1521), stranger(1522)];
    const id = await toConfirmation(stranger(1520), members);
    await step(sut, clerk, id, 'RECORD_OBJECTION', { summary: '村民反映其子在外务工收入较高' });
    expect((await view(id)).state).toBe('investigation');
    await step(sut, officer, id, 'SUBMIT_INVESTIGATION', investigation(900));
    await step(sut, clerk, id, 'RECORD_DEMOCRATIC_REVIEW', VOTE);
    const atCounty = await waitForState(sut, officer, id, 'county_confirmation', 20000);
    expect(atCounty.context.noticeRounds).toBe(2);
    const mismatch = await send(sut, county, id, 'CONFIRM_DIBAO', { amountYuan: 950, countyVisit: { visitDate: '2026-11-28', investigators: ['县甲', '县乙'] } });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.detail).toMatch(/^amount_mismatch：.*900 元/);
    const noVisit = await send(sut, county, id, 'CONFIRM_DIBAO', { amountYuan: 900 });
    expect(noVisit.status).toBe(422);
    expect(noVisit.body.detail).toMatch(/县级入户核查/);
    expect((await step(sut, county, id, 'CONFIRM_DIBAO', { amountYuan: 900, countyVisit: { visitDate: '2026-11-28', investigators: ['县甲', '县乙'] } })).state).toBe('in_payment');

    // Member ID numbers: only masked in the case data and the audit; the covered member cannot be filed again.
    const [row] = await sut.ds.query(`SELECT data FROM cases WHERE id = $1`, [id]);
    expect(JSON.stringify(row.data)).not.toContain(members[0]);
    expect(row.data.members[0].idNumberMasked).toMatch(/^370832\*+/);
    const [fileEntry] = await audited(id, 'FILE');
    expect(JSON.stringify(fileEntry.payload)).not.toContain(members[1]);
    const again = await (await sut.as(clerk)).post('/api/cases', filing(stranger(1529), [members[1]]));
    expect(again.status).toBe(422);
    expect(again.body.detail).toMatch(/^already_covered/);
    const badMember = await (await sut.as(clerk)).post('/api/cases', filing(stranger(1528), ['370832198501011234']));
    expect(badMember.status).toBe(400);
    expect(JSON.stringify(badMember.body)).toContain('data.members[0].idNumber');

    // Authorised township: the officer who investigated may not also confirm (decision groups).
    const t = await toConfirmation(stranger(1530), [stranger(1531), stranger(1532)]);
    await waitForState(sut, officer, t, 'township_confirmation', 20000);
    const own = await send(sut, officer, t, 'CONFIRM_DIBAO', { amountYuan: 900 });
    expect(own.status).toBe(403);
    expect((await step(sut, officer2, t, 'CONFIRM_DIBAO', { amountYuan: 900 })).state).toBe('in_payment');

    // A last failed payment flags payment_failed (the bank refused the month).
    const [{ anchor_at: anchorAt }] = await sut.ds.query(`SELECT anchor_at FROM case_timers WHERE case_id = $1 AND event_type = 'MONTHLY_PAYMENT_DUE' AND seq = 1`, [id]);
    const next = monthsAfter(new Date(anchorAt), (await payments(id)).length + 2);
    process.env.FAULT_INJECT = `fail-payment:${id}:${next}`;
    const failedView = await eventually(async () => {
      const v = await view(id);
      return v.flags.some((f: any) => f.code === 'payment_failed') ? v : undefined;
    }, 20000).finally(() => delete process.env.FAULT_INJECT);
    expect(failedView.context.failed[0]).toMatchObject({ error: '银行退回：账户状态异常' });

    // A staff member who declared a household member (not the applicant) as a relative is flagged and kept out.
    const relativeMember = stranger(1551);
    expect((await (await sut.as(officer2)).post('/api/staff/relatives', { name: '成员1', relation: 'sibling', idNumber: relativeMember })).status).toBe(201);
    const r = await fileCase(sut, clerk, filing(stranger(1550), [relativeMember]));
    expect(r.flags.map((f: any) => f.code)).toContain('relative_filed');
    expect((await send(sut, officer2, r.id, 'ACCEPT_APPLICATION', { materials: ['申请书'] })).status).toBe(403);

    // Filed at the township window: the filing officer is the filer, a second officer accepts.
    const w = await fileCase(sut, officer2, filing(stranger(1540), [stranger(1541)]));
    expect((await send(sut, officer2, w.id, 'ACCEPT_APPLICATION', { materials: ['申请书'] })).status).toBe(403);
    expect((await step(sut, officer, w.id, 'ACCEPT_APPLICATION', { materials: ['申请书'] })).state).toBe('investigation');
  });
});
