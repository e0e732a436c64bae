/**
 * Issue 16: the audit-rectification ledger (审计整改台账, PROCESSES.md §7) over HTTP against the real
 * PostgreSQL and Redis. WORKFLOW_TIME_SCALE = 864000: a day lasts 100 ms, so a 180-day deadline is
 * 18 s (never reached by the main path), a 1-day deadline 0.1 s, the escalation grace (10 days) 1 s
 * and the 回头看 (10 days) 1 s.
 *
 * The subject is a temporary-assistance case flagged repeat_within_12_months in 闫那里村.
 */
import { SystemUnderTest, eventually } from './support/system-under-test';
import { addSishuiReviewer } from './support/county-reviewer';
import { VILLAGE, fileCase, send, step, stranger, waitForState } from './support/fixtures';

const REVIEWER = 'jijian.shi';
const CLERK = 'cun.yannali';
const TOWNSHIP = 'zhen.xiaolukou';
const KEY = 'audit-rectification';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('audit-rectification: findings, rectification, referral and 回头看', () => {
  const sut = new SystemUnderTest({ timeScale: 864000, env: { AUDIT_ESCALATION_GRACE_DAYS: '10', AUDIT_RECHECK_DAYS: '10' } });
  beforeAll(async () => {
    await sut.start();
    await addSishuiReviewer(sut);
  });
  afterAll(() => sut.stop());

  let n = 0;
  /** A temporary-assistance case flagged repeat_within_12_months (the same hardship filed twice). */
  async function flaggedSubject(): Promise<{ id: string; entryIds: number[]; idNumber: string }> {
    const idNumber = stranger(7000 + ++n);
    const filing = {
      processKey: 'temporary-assistance', villageCode: VILLAGE.yannali, applicant: { name: '孙立', idNumber },
      data: { hardshipType: 'expenditure', urgency: 'normal', description: '子女重病住院，医疗支出过大', requestedAmount: 2000 },
    };
    await fileCase(sut, CLERK, filing);
    const second = await fileCase(sut, CLERK, filing);
    expect(second.flags.map((f: any) => f.code)).toContain('repeat_within_12_months');
    const flags = (await (await sut.as(REVIEWER)).get(`/api/flags?code=repeat_within_12_months&limit=200`)).body.items;
    const item = flags.find((f: any) => f.caseId === second.id);
    expect(item.auditEntryIds.length).toBeGreaterThan(0);
    return { id: second.id, entryIds: item.auditEntryIds, idNumber };
  }

  const finding = (subjectCaseId: string, over: Record<string, unknown> = {}) => ({
    processKey: KEY,
    data: {
      subjectCaseId, flagCode: 'repeat_within_12_months', category: 'false_claim', severity: 'serious',
      responsibleJurisdictionCode: VILLAGE.yannali, responsibleRole: 'village_clerk',
      description: '同一困难事由十二个月内重复申请，未说明理由', basis: '《社会救助暂行办法》第六十六条第(三)项', rectificationDays: 180,
      ...over,
    },
  });
  const view = async (user: string, id: string) => (await sut.as(user)).get(`/api/cases/${id}`);
  const inbox = async (user: string) => (await (await sut.as(user)).get(`/api/tasks?limit=200`)).body.items;

  it('flag → finding → unit inbox → answer → returned → answer → accepted → 回头看 → closed, every step audited', async () => {
    const subject = await flaggedSubject();
    const filed = await fileCase(sut, REVIEWER, finding(subject.id, { auditEntryIds: subject.entryIds }));
    expect(filed).toMatchObject({ processKey: KEY, state: 'rectifying', applicant: null, subjectCaseId: subject.id });
    expect(filed.jurisdiction.villageCode).toBe(VILLAGE.yannali);
    // 责任单位 by name (issue 20): every code the data and the ledger hold is named, as the directory names it.
    expect(filed.places[VILLAGE.yannali]).toBe(filed.jurisdiction.villageName);
    expect(filed.places[VILLAGE.yannali]).not.toBe(VILLAGE.yannali);

    // The responsible unit has it in its inbox with the deadline (180 days = 18 s at this scale).
    const task = (await inbox(CLERK)).find((t: any) => t.caseId === filed.id);
    expect(task).toMatchObject({ kind: 'rectification', role: 'village_clerk', jurisdictionCode: VILLAGE.yannali });
    expect(new Date(task.dueAt).getTime()).toBeGreaterThan(Date.now() + 10_000);
    // …and its view offers the unit's answers only.
    expect((await view(CLERK, filed.id)).body.availableEvents.sort()).toEqual(['CONTEST_FINDING', 'SUBMIT_RECTIFICATION']);

    const answer = { measures: '重新入户核查，补充说明材料并公示', evidenceRefs: [{ kind: 'document', ref: '闫那里村〔2026〕5号' }], completedAt: '2026-11-01' };
    expect((await step(sut, CLERK, filed.id, 'SUBMIT_RECTIFICATION', answer)).state).toBe('verification');
    expect((await inbox(REVIEWER)).some((t: any) => t.caseId === filed.id && t.kind === 'verification')).toBe(true);
    // The filer reviews (the §7 exception to the filer rule).
    const returned = await step(sut, REVIEWER, filed.id, 'RETURN_RECTIFICATION', { reasons: ['缺少公示照片和群众评议记录'], rectificationDays: 180 });
    expect(returned.state).toBe('rectifying');
    await step(sut, CLERK, filed.id, 'SUBMIT_RECTIFICATION', { ...answer, evidenceRefs: [{ kind: 'audit_entry', ref: String(subject.entryIds[0]) }] });
    const accepted = await step(sut, REVIEWER, filed.id, 'ACCEPT_RECTIFICATION', { note: '整改到位' });
    expect(accepted.state).toBe('rectified');
    // 回头看 reopens a review task after AUDIT_RECHECK_DAYS.
    await waitForState(sut, REVIEWER, filed.id, 'recheck');
    expect((await inbox(REVIEWER)).some((t: any) => t.caseId === filed.id && t.kind === 'recheck')).toBe(true);
    const closed = await step(sut, REVIEWER, filed.id, 'RECHECK_PASSED', { checkedAt: '2026-11-20', note: '未再发生同类问题' });
    expect(closed).toMatchObject({ state: 'closed', outcome: 'closed' });

    const history = (await (await sut.as(REVIEWER)).get(`/api/cases/${filed.id}/history`)).body.items;
    expect(history.map((e: any) => [e.action, e.fromState, e.toState])).toEqual([
      ['FILE', null, 'rectifying'],
      ['SUBMIT_RECTIFICATION', 'rectifying', 'verification'],
      ['RETURN_RECTIFICATION', 'verification', 'rectifying'],
      ['SUBMIT_RECTIFICATION', 'rectifying', 'verification'],
      ['ACCEPT_RECTIFICATION', 'verification', 'rectified'],
      ['RECHECK_DUE', 'rectified', 'recheck'],
      ['RECHECK_PASSED', 'recheck', 'closed'],
    ]);
    expect(history[0].actor.username).toBe(REVIEWER);
    expect(history[0].payload.data).toMatchObject({ subjectCaseId: subject.id, auditEntryIds: subject.entryIds });
    expect(history.filter((e: any) => e.action === 'SUBMIT_RECTIFICATION').map((e: any) => e.actor.username)).toEqual([CLERK, CLERK]);
    // The chain verifies.
    const verified = await (await sut.as(REVIEWER)).get(`/api/audit/verify?caseId=${filed.id}`);
    expect(verified.status).toBe(200);
    expect(verified.body.valid).toBe(true);
  });

  it('filing checks: no applicant or villageCode, the subject in the subtree, its flag and entries, the unit acting there, one open finding per flag', async () => {
    const subject = await flaggedSubject();
    const other = await flaggedSubject();
    const reviewer = await sut.as(REVIEWER);
    const post = (body: unknown) => reviewer.post('/api/cases', body);
    let res = await post({ ...finding(subject.id), villageCode: VILLAGE.yannali });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('villageCode');
    res = await post({ ...finding(subject.id), applicant: { name: '某', idNumber: stranger(1) } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('applicant');
    res = await post(finding(subject.id, { description: '太短' }));
    expect(res.status).toBe(400);
    res = await post(finding(subject.id, { rectificationDays: 181 }));
    expect(res.status).toBe(400);
    // Outside the caller's subtree: 404, as if it did not exist.
    expect((await (await sut.as('jijian.sishui')).post('/api/cases', finding(subject.id))).status).toBe(404);
    expect((await post(finding('00000000-0000-4000-8000-000000000000'))).status).toBe(404);
    expect((await post(finding(subject.id, { flagCode: 'possible_split' }))).status).toBe(422);
    expect((await post(finding(subject.id, { auditEntryIds: other.entryIds }))).status).toBe(422);
    // county_housing does not act in temporary assistance; county_civil does.
    res = await post(finding(subject.id, { responsibleJurisdictionCode: '370832', responsibleRole: 'county_housing' }));
    expect(res.status).toBe(422);
    expect((await post(finding(subject.id, { responsibleJurisdictionCode: '370831', responsibleRole: 'county_civil' }))).status).toBe(422);
    // Only reviewers file one.
    expect((await (await sut.as(CLERK)).post('/api/cases', finding(subject.id))).status).toBe(403);

    const first = await fileCase(sut, REVIEWER, finding(subject.id));
    res = await post(finding(subject.id, { responsibleJurisdictionCode: '370832001', responsibleRole: 'township_officer' }));
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/^duplicate_finding/);
    // A finding about a finding: 422.
    expect((await post(finding(first.id, { flagCode: undefined }))).status).toBe(422);
    // Without a flag it is another line of the ledger.
    expect((await post(finding(subject.id, { flagCode: undefined }))).status).toBe(201);
    const refusals = await sut.ds.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'FILE' AND outcome = 'refused' AND payload->>'processKey' = $1`, [KEY]);
    expect(refusals[0].n).toBeGreaterThanOrEqual(6);
  });

  it('only the reviewers and the responsible unit see a finding; the subject lists it to them alone', async () => {
    const subject = await flaggedSubject();
    const village = await fileCase(sut, REVIEWER, finding(subject.id));
    const township = await fileCase(sut, REVIEWER, finding(subject.id, {
      flagCode: undefined, responsibleJurisdictionCode: '370832001', responsibleRole: 'township_officer', category: 'procedure',
    }));
    expect((await view(CLERK, village.id)).status).toBe(200);
    // Another unit (the same village's clerk is not responsible for the township's finding): 404.
    expect((await view(CLERK, township.id)).status).toBe(404);
    expect((await send(sut, CLERK, township.id, 'SUBMIT_RECTIFICATION', { measures: 'x', evidenceRefs: [{ kind: 'document', ref: 'x' }], completedAt: '2026-11-01' })).status).toBe(404);
    expect((await view(TOWNSHIP, village.id)).status).toBe(404);
    expect((await send(sut, TOWNSHIP, village.id, 'CONTEST_FINDING', { reason: '不是本单位的问题', evidenceRefs: [] })).status).toBe(404);
    expect((await view(TOWNSHIP, township.id)).status).toBe(200);
    for (const user of ['admin', 'xian.liangshan.minzheng', 'cun.leikou', 'zhen.xiaolukou2']) {
      expect({ user, status: (await view(user, village.id)).status }).toEqual({ user, status: 404 });
    }
    expect((await (await sut.as(CLERK)).get(`/api/cases/${township.id}/history`)).status).toBe(404);
    // The case list (search) leaves out what the caller may not see.
    const listed = async (user: string) => (await (await sut.as(user)).get(`/api/cases?processKey=${KEY}&limit=200`)).body.items.map((c: any) => c.id);
    expect(await listed(CLERK)).toContain(village.id);
    expect(await listed(CLERK)).not.toContain(township.id);
    expect(await listed('admin')).toEqual([]);
    expect(await listed(REVIEWER)).toEqual(expect.arrayContaining([village.id, township.id]));
    // The subject's page links both ways, to callers who may see the finding.
    const about = async (user: string) => (await view(user, subject.id)).body.openCasesAbout.map((a: any) => a.id);
    expect((await about(REVIEWER)).sort()).toEqual([village.id, township.id].sort());
    expect(await about(CLERK)).toEqual([village.id]);
    expect(await about(TOWNSHIP)).toEqual([township.id]);
    expect(await about('xian.liangshan.minzheng')).toEqual([]);
  });

  it("the applicant's village clerk does not see a finding about the case unless responsible", async () => {
    const subject = await flaggedSubject();
    const f = await fileCase(sut, REVIEWER, finding(subject.id, { flagCode: undefined, responsibleJurisdictionCode: '370832', responsibleRole: 'county_civil' }));
    expect((await view(CLERK, f.id)).status).toBe(404);
    expect((await view(CLERK, subject.id)).body.openCasesAbout).toEqual([]);
    expect((await inbox(CLERK)).some((t: any) => t.caseId === f.id)).toBe(false);
    expect((await inbox('xian.liangshan.minzheng')).some((t: any) => t.caseId === f.id && t.kind === 'rectification')).toBe(true);
  });

  it('an overdue finding is flagged and escalates one level at a time until a rectification is submitted', async () => {
    const subject = await flaggedSubject();
    const f = await fileCase(sut, REVIEWER, finding(subject.id, { rectificationDays: 1 }));
    const supervise = () => sut.ds.query(
      `SELECT role, jurisdiction_code, status FROM tasks WHERE case_id = $1 AND kind = 'supervise_rectification' ORDER BY created_at`, [f.id],
    );
    // Village → the township's officer → the county role supervising temporary assistance → the city's reviewers.
    const three = await eventually(async () => ((await supervise()).length >= 3 ? supervise() : undefined), 20000);
    expect(three.map((t: any) => [t.role, t.jurisdiction_code])).toEqual([
      ['township_officer', '370832001'], ['county_civil', '370832'], ['discipline_reviewer', '370800'],
    ]);
    const now = (await view(REVIEWER, f.id)).body;
    expect(now.state).toBe('rectifying');
    expect(now.flags.map((x: any) => x.code)).toContain('rectification_overdue');
    expect(now.context.escalationLevel).toBe(3);
    const flagged = (await (await sut.as(REVIEWER)).get('/api/flags?code=rectification_overdue&limit=200')).body.items;
    expect(flagged.some((x: any) => x.caseId === f.id)).toBe(true);
    // Once escalated, the township officer sees the finding, has the task, and may record supervision (not answer).
    expect((await inbox(TOWNSHIP)).some((t: any) => t.caseId === f.id && t.kind === 'supervise_rectification')).toBe(true);
    await step(sut, TOWNSHIP, f.id, 'RECORD_SUPERVISION', { instruction: '限期十日内完成整改', method: 'interview' });
    expect((await send(sut, TOWNSHIP, f.id, 'SUBMIT_RECTIFICATION', { measures: 'x', evidenceRefs: [{ kind: 'document', ref: 'x' }], completedAt: '2026-11-01' })).status).toBe(403);
    // A rectification stops the escalations and closes the supervisors' tasks.
    await step(sut, CLERK, f.id, 'SUBMIT_RECTIFICATION', { measures: '已追回重复发放的救助金', evidenceRefs: [{ kind: 'payment', ref: 'REC-2026-11' }], completedAt: '2026-11-02', recoveredAmountYuan: 2000 });
    const overdueCount = async () => (await sut.ds.query(`SELECT count(*)::int AS n FROM audit_entries WHERE case_id = $1 AND action = 'RECTIFICATION_OVERDUE'`, [f.id]))[0].n;
    const before = await overdueCount();
    await sleep(2500);
    expect(await overdueCount()).toBe(before);
    expect((await supervise()).every((t: any) => t.status !== 'open' && t.status !== 'claimed')).toBe(true);
  });

  it('a referral records its receipt (unique per receiving body), shows in audit search, and holds 销号 and withdrawal', async () => {
    const subject = await flaggedSubject();
    const f = await fileCase(sut, REVIEWER, finding(subject.id));
    const receipt = `JW-${Date.now()}`;
    const referral = { to: 'discipline_inspection', receiptNo: receipt, referredAt: '2026-11-10', summary: '村干部为亲属重复申请救助的线索' };
    const referred = await step(sut, REVIEWER, f.id, 'REFER_CLUE', referral);
    expect(referred.state).toBe('rectifying');
    expect(referred.flags.map((x: any) => x.code)).toContain('clue_referred');
    const found = (await (await sut.as(REVIEWER)).get(`/api/audit?action=REFER_CLUE&caseId=${f.id}`)).body.items;
    expect(found).toHaveLength(1);
    expect(found[0].payload).toMatchObject({ receiptNo: receipt, to: 'discipline_inspection' });
    // The same receipt of the same body on another finding: 422; of another body: fine.
    const other = await fileCase(sut, REVIEWER, finding((await flaggedSubject()).id));
    expect((await send(sut, REVIEWER, other.id, 'REFER_CLUE', referral)).status).toBe(422);
    await step(sut, REVIEWER, other.id, 'REFER_CLUE', { ...referral, to: 'judicial' });
    // A contest cannot be upheld while the clue is with the receiving body (referral_pending).
    await step(sut, CLERK, f.id, 'CONTEST_FINDING', { reason: '重复申请系因病情复发，有医院证明', evidenceRefs: [{ kind: 'document', ref: '诊断证明' }] });
    const withdraw = await send(sut, REVIEWER, f.id, 'WITHDRAW_FINDING', { reason: '申辩理由成立' });
    expect(withdraw.status).toBe(422);
    expect(withdraw.body.detail).toMatch(/^referral_pending/);
    // A bare contest cannot be accepted.
    expect((await send(sut, REVIEWER, f.id, 'ACCEPT_RECTIFICATION', { note: '同意' })).status).toBe(422);
    await step(sut, REVIEWER, f.id, 'RECORD_REFERRAL_OUTCOME', { receiptNo: receipt, outcome: 'no_case', note: '经初核不予立案' });
    expect((await step(sut, REVIEWER, f.id, 'WITHDRAW_FINDING', { reason: '申辩理由成立' })).state).toBe('withdrawn');
  });

  it("a staff member who declared the subject's applicant a close relative may not act on the finding", async () => {
    const subject = await flaggedSubject();
    const f = await fileCase(sut, REVIEWER, finding(subject.id, { flagCode: undefined, responsibleJurisdictionCode: '370832001', responsibleRole: 'township_officer' }));
    const declared = await (await sut.as('zhen.xiaolukou2')).post('/api/staff/relatives', { name: '孙立', relation: 'sibling', idNumber: subject.idNumber });
    expect(declared.status).toBe(201);
    const refused = await send(sut, 'zhen.xiaolukou2', f.id, 'CONTEST_FINDING', { reason: '该问题已经整改过了', evidenceRefs: [] });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/近亲属/);
    // A colleague of the same unit answers.
    expect((await step(sut, TOWNSHIP, f.id, 'CONTEST_FINDING', { reason: '该问题已经整改过了', evidenceRefs: [] })).state).toBe('verification');
  });

  it('the reviewer writes only here: every other write is 403, events of another process included', async () => {
    const subject = await flaggedSubject();
    const reviewer = await sut.as(REVIEWER);
    const onSubject = await reviewer.post(`/api/cases/${subject.id}/events`, { type: 'REJECT', payload: { reason: '纪检不能办理业务' } });
    expect(onSubject.status).toBe(403);
    expect(onSubject.body.detail).toMatch(/只能查阅/);
    const filing = await reviewer.post('/api/cases', {
      processKey: 'temporary-assistance', villageCode: VILLAGE.yannali, applicant: { name: '某', idNumber: stranger(1) },
      data: { hardshipType: 'fire', urgency: 'normal', description: '失火', requestedAmount: 100 },
    });
    expect(filing.status).toBe(403);
    const task = (await sut.ds.query(`SELECT id FROM tasks WHERE case_id = $1 AND status = 'open' LIMIT 1`, [subject.id]))[0];
    expect((await reviewer.post(`/api/tasks/${task.id}/claim`, {})).status).toBe(403);
    expect((await reviewer.post('/api/staff/relatives', {})).status).toBe(403);
    // …while on a finding the same reviewer writes.
    const f = await fileCase(sut, REVIEWER, finding(subject.id));
    expect((await reviewer.post(`/api/cases/${f.id}/events`, { type: 'REFER_CLUE', payload: { to: 'judicial', receiptNo: `S-${Date.now()}`, referredAt: '2026-11-10', summary: '线索' } })).status).toBe(200);
  });
});
