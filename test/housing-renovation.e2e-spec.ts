/**
 * Issue 2, "must show": the housing-renovation process end to end over HTTP, against the real
 * PostgreSQL and Redis, with notice periods elapsing through WORKFLOW_TIME_SCALE.
 */
import { SystemUnderTest, eventually } from './support/system-under-test';
import {
  ACCEPTANCE_CHECKLIST, COLLECTIVE_REVIEW_PASSED, PEOPLE, VILLAGE, fileCase, housingCaseAt, housingFiling, send, step, stranger, waitForState,
} from './support/fixtures';

describe('housing-renovation over HTTP', () => {
  const sut = new SystemUnderTest();
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  it('a case filed by cun.yannali reaches completed, each step by the right demo user, with a full, valid history', async () => {
    const caseId = await housingCaseAt(sut, 'agreement');
    await step(sut, 'zhen.xiaolukou', caseId, 'SIGN_AGREEMENT', { agreementNo: 'XLK-2026-007', signedAt: '2026-12-01', plannedCompletionDate: '2027-04-30' });
    const progress = await step(sut, 'zhen.xiaolukou', caseId, 'REPORT_PROGRESS', { percent: 60, note: '主体完工' });
    expect(progress.state).toBe('construction');
    await step(sut, 'zhen.xiaolukou', caseId, 'REPORT_COMPLETION', { completedAt: '2027-04-20' });
    await step(sut, 'xian.liangshan.zhujian2', caseId, 'ACCEPTANCE_PASSED', { checklist: ACCEPTANCE_CHECKLIST, inspectors: ['梁山县住建局 李工', '小路口镇 王工'] });
    const done = await step(sut, 'zhen.xiaolukou', caseId, 'HANDOVER', { moveInDate: '2027-05-01', signInstalled: true });
    expect(done.state).toBe('completed');
    expect(done.outcome).toBe('completed');
    expect(done.openTasks).toEqual([]);

    // The national-system report job wrote its record.
    await eventually(async () => (await sut.ds.query(`SELECT 1 FROM national_reports WHERE case_id = $1`, [caseId])).length === 1);

    const history = (await (await sut.as('jijian.shi')).get(`/api/cases/${caseId}/history`)).body.items;
    const transitions = history.map((e: any) => [e.action, e.actor.username, e.role, e.fromState, e.toState]);
    expect(transitions).toEqual([
      ['FILE', 'cun.yannali', 'village_clerk', null, 'identity_check'],
      ['IDENTITY_VERIFIED', 'system', null, 'identity_check', 'collective_review'],
      ['RECORD_COLLECTIVE_REVIEW', 'cun.yannali', 'village_clerk', 'collective_review', 'village_notice'],
      ['NOTICE_PERIOD_ENDED', 'system', null, 'village_notice', 'township_audit'],
      ['TOWNSHIP_APPROVE', 'zhen.xiaolukou', 'township_officer', 'township_audit', 'danger_assessment'],
      ['SUBMIT_ASSESSMENT', 'xian.liangshan.jianding', 'housing_assessor', 'danger_assessment', 'township_notice'],
      ['NOTICE_PERIOD_ENDED', 'system', null, 'township_notice', 'county_approval'],
      ['COUNTY_APPROVE', 'xian.liangshan.zhujian', 'county_housing', 'county_approval', 'county_notice'],
      ['NOTICE_PERIOD_ENDED', 'system', null, 'county_notice', 'agreement'],
      ['SIGN_AGREEMENT', 'zhen.xiaolukou', 'township_officer', 'agreement', 'construction'],
      ['REPORT_PROGRESS', 'zhen.xiaolukou', 'township_officer', 'construction', 'construction'],
      ['REPORT_COMPLETION', 'zhen.xiaolukou', 'township_officer', 'construction', 'acceptance'],
      ['ACCEPTANCE_PASSED', 'xian.liangshan.zhujian2', 'county_housing', 'acceptance', 'handover'],
      ['HANDOVER', 'zhen.xiaolukou', 'township_officer', 'handover', 'completed'],
    ]);
    expect(history.map((e: any) => e.seq)).toEqual(history.map((_: unknown, i: number) => i + 1));
    // The audit trail never holds the full ID number.
    expect(JSON.stringify(history)).not.toContain(PEOPLE.yanJianguo);

    const verify = await (await sut.as('jijian.shi')).get(`/api/audit/verify?caseId=${caseId}`);
    expect(verify.body).toMatchObject({ valid: true, checked: transitions.length, firstBadSeq: null });
  });

  it('rejections: grade B, a failed collective review, and a reject without a reason', async () => {
    const graded = await housingCaseAt(sut, 'township_audit', stranger(1));
    await step(sut, 'zhen.xiaolukou', graded, 'TOWNSHIP_APPROVE', { opinion: '同意上报鉴定' });
    const b = await step(sut, 'xian.liangshan.jianding', graded, 'SUBMIT_ASSESSMENT', { grade: 'B', reportRef: '梁住鉴〔2026〕0500', assessedAt: '2026-11-26' });
    expect(b.state).toBe('rejected');

    const c2 = await fileCase(sut, 'cun.yannali', housingFiling(PEOPLE.yanXiuying, { data: { category: 'dibao', houseDescription: '砖木结构，屋面塌陷' } }));
    await waitForState(sut, 'cun.yannali', c2.id, 'collective_review');
    const failed = await step(sut, 'cun.yannali', c2.id, 'RECORD_COLLECTIVE_REVIEW', { ...COLLECTIVE_REVIEW_PASSED, votesFor: 10, votesAgainst: 20, passed: false });
    expect(failed.state).toBe('rejected');

    const c3 = await housingCaseAt(sut, 'township_audit', stranger(2));
    const noReason = await send(sut, 'zhen.xiaolukou', c3, 'TOWNSHIP_REJECT', {});
    expect([400, 422]).toContain(noReason.status);
    expect(noReason.headers['content-type']).toContain('application/problem+json');
    expect(noReason.body.errors[0].field).toBe('payload.reason');
    const shortReason = await send(sut, 'zhen.xiaolukou', c3, 'TOWNSHIP_REJECT', { reason: '不行' });
    expect([400, 422]).toContain(shortReason.status);
    const still = await (await sut.as('zhen.xiaolukou')).get(`/api/cases/${c3}`);
    expect(still.body.state).toBe('township_audit');
  });

  it('denials: wrong role 403 with a reason; other county 404; a second decision 403; another village 404', async () => {
    const caseId = await housingCaseAt(sut, 'county_approval', stranger(4));
    const wrongRole = await send(sut, 'zhen.xiaolukou', caseId, 'COUNTY_APPROVE', { method: 'rebuild', subsidyAmount: 30000 });
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.detail).toMatch(/县住建局审批员/);

    const otherCountyRead = await (await sut.as('zhen.jinzhuang')).get(`/api/cases/${caseId}`);
    expect(otherCountyRead.status).toBe(404);
    const otherCountyAct = await send(sut, 'zhen.jinzhuang', caseId, 'COUNTY_APPROVE', { method: 'rebuild', subsidyAmount: 30000 });
    expect(otherCountyAct.status).toBe(404);

    // xian.liangshan.zhujian approves; later the same person may not also decide the acceptance.
    await step(sut, 'xian.liangshan.zhujian', caseId, 'COUNTY_APPROVE', { method: 'rebuild', subsidyAmount: 30000 });
    await waitForState(sut, 'zhen.xiaolukou', caseId, 'agreement');
    await step(sut, 'zhen.xiaolukou', caseId, 'SIGN_AGREEMENT', { agreementNo: 'XLK-2026-010', signedAt: '2026-12-01', plannedCompletionDate: '2027-04-30' });
    await step(sut, 'zhen.xiaolukou', caseId, 'REPORT_COMPLETION', { completedAt: '2027-04-20' });
    const secondDecision = await send(sut, 'xian.liangshan.zhujian', caseId, 'ACCEPTANCE_PASSED', { checklist: ACCEPTANCE_CHECKLIST, inspectors: ['李工'] });
    expect(secondDecision.status).toBe(403);
    expect(secondDecision.body.detail).toMatch(/分权制衡/);

    const leikou = await fileCase(sut, 'cun.leikou', { ...housingFiling(PEOPLE.liuChangshun, { data: { category: 'tekun', houseDescription: '危房' } }), villageCode: VILLAGE.leikou });
    await waitForState(sut, 'cun.leikou', leikou.id, 'collective_review');
    const yannaliActs = await send(sut, 'cun.yannali', leikou.id, 'RECORD_COLLECTIVE_REVIEW', COLLECTIVE_REVIEW_PASSED);
    expect(yannaliActs.status).toBe(404);

    // The refusals are audit entries.
    const refusals = await sut.ds.query(`SELECT action, actor_username FROM audit_entries WHERE case_id = $1 AND outcome = 'refused'`, [caseId]);
    expect(refusals).toEqual(expect.arrayContaining([{ action: 'COUNTY_APPROVE', actor_username: 'zhen.xiaolukou' }, { action: 'ACCEPTANCE_PASSED', actor_username: 'xian.liangshan.zhujian' }]));
  });

  it('20 concurrent copies of one valid event: exactly one succeeds, the history holds it once', async () => {
    const caseId = await housingCaseAt(sut, 'township_audit', stranger(5));
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => send(sut, 'zhen.xiaolukou', caseId, 'TOWNSHIP_APPROVE', { opinion: '同意上报鉴定' })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || s === 409 || s === 422)).toBe(true);
    const entries = await sut.ds.query(`SELECT count(*)::int AS n FROM audit_entries WHERE case_id = $1 AND action = 'TOWNSHIP_APPROVE' AND outcome = 'ok'`, [caseId]);
    expect(entries[0].n).toBe(1);
  });

  it('the same Idempotency-Key on two filings makes one case, and the second answer equals the first', async () => {
    const body = housingFiling(stranger(6));
    const clerk = await sut.as('cun.yannali');
    const key = 'filing-2026-11-28-0001';
    const [a, b] = await Promise.all([clerk.post('/api/cases', body, { 'Idempotency-Key': key }), clerk.post('/api/cases', body, { 'Idempotency-Key': key })]);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body).toEqual(a.body);
    const again = await clerk.post('/api/cases', body, { 'Idempotency-Key': key });
    expect(again.body).toEqual(a.body);
    const count = await sut.ds.query(`SELECT count(*)::int AS n FROM cases WHERE applicant_id_index = (SELECT applicant_id_index FROM cases WHERE id = $1)`, [a.body.id]);
    expect(count[0].n).toBe(1);
    const reused = await clerk.post('/api/cases', { ...body, data: { ...body.data, builtYear: 1990 } }, { 'Idempotency-Key': key });
    expect(reused.status).toBe(409);
  });

  it('the same Idempotency-Key on concurrent copies of one event: applied once, every answer the first; another request under it 409', async () => {
    // The key's claim and the case's lock go to PostgreSQL in one round trip (ADR 0012): the claim still decides.
    const caseId = await housingCaseAt(sut, 'township_audit', stranger(8));
    const key = 'event-2026-11-30-0001';
    const approve = () => send(sut, 'zhen.xiaolukou', caseId, 'TOWNSHIP_APPROVE', { opinion: '同意上报鉴定' }, { 'Idempotency-Key': key });
    const answers = await Promise.all(Array.from({ length: 6 }, approve));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    for (const a of answers) expect(a.body).toEqual(answers[0].body);
    expect((await approve()).body).toEqual(answers[0].body);
    const entries = await sut.ds.query(`SELECT count(*)::int AS n FROM audit_entries WHERE case_id = $1 AND action = 'TOWNSHIP_APPROVE' AND outcome = 'ok'`, [caseId]);
    expect(entries[0].n).toBe(1);
    expect((await send(sut, 'zhen.xiaolukou', caseId, 'TOWNSHIP_APPROVE', { opinion: '再次同意' }, { 'Idempotency-Key': key })).status).toBe(409);
    // A key sent to a case the caller cannot see is 404 and leaves no claim behind.
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await send(sut, 'zhen.xiaolukou', unknown, 'TOWNSHIP_APPROVE', {}, { 'Idempotency-Key': 'event-unknown-case' })).status).toBe(404);
    expect(await sut.ds.query(`SELECT key FROM idempotency_keys WHERE key = 'event-unknown-case'`)).toEqual([]);
  });

  it('UPDATE and DELETE on the audit table are refused; a changed row makes verify report the first bad seq', async () => {
    const caseId = await housingCaseAt(sut, 'township_audit', stranger(7));
    await expect(sut.ds.query(`UPDATE audit_entries SET action = 'X' WHERE case_id = $1`, [caseId])).rejects.toThrow(/append-only/);
    await expect(sut.ds.query(`DELETE FROM audit_entries WHERE case_id = $1`, [caseId])).rejects.toThrow(/append-only/);
    // A superuser can switch the trigger off; verify still notices the edit.
    await sut.ds.transaction(async (tx) => {
      await tx.query(`ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update`);
      await tx.query(`UPDATE audit_entries SET payload = jsonb_set(payload, '{opinion}', '"改过的意见"') WHERE case_id = $1 AND seq = 3`, [caseId]);
      await tx.query(`UPDATE audit_entries SET payload = payload || '{"votesFor": 31}' WHERE case_id = $1 AND seq = 3`, [caseId]);
      await tx.query(`ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_update`);
    });
    const verify = await (await sut.as('jijian.shi')).get(`/api/audit/verify?caseId=${caseId}`);
    expect(verify.body.valid).toBe(false);
    expect(verify.body.firstBadSeq).toBe(3);
  });

  it('invalid bodies get 400 problem+json naming the field and change nothing', async () => {
    const clerk = await sut.as('cun.yannali');
    const before = (await sut.ds.query(`SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM audit_entries)::int AS audit`))[0];
    const badId = PEOPLE.zhangPing.slice(0, 17) + (PEOPLE.zhangPing[17] === '1' ? '2' : '1');
    const cases: Array<[unknown, string]> = [
      [{ ...housingFiling(), applicant: { name: '张平', idNumber: badId } }, 'applicant.idNumber'],
      [{ ...housingFiling(), data: { houseDescription: '危房' } }, 'data.category'],
      [{ ...housingFiling(), data: { category: 'registered_poor', houseDescription: 42 } }, 'data.houseDescription'],
      [{ ...housingFiling(), villageCode: 123 }, 'villageCode'],
      [{ ...housingFiling(), surprise: true }, 'surprise'],
    ];
    for (const [body, field] of cases) {
      const res = await clerk.post('/api/cases', body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((e: any) => e.field)).toContain(field);
    }
    const caseId = await housingCaseAt(sut, 'township_audit', stranger(8));
    const mid = (await sut.ds.query(`SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM audit_entries)::int AS audit`))[0];
    const unknownEvent = await send(sut, 'zhen.xiaolukou', caseId, 'APPROVE_EVERYTHING', {});
    expect(unknownEvent.status).toBe(400);
    expect(unknownEvent.body.errors[0].field).toBe('type');
    const wrongType = await send(sut, 'zhen.xiaolukou', caseId, 'TOWNSHIP_APPROVE', { opinion: 5 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors[0].field).toBe('payload.opinion');
    const badJson = await sut.http().post(`/api/cases/${caseId}/events`).set('Authorization', `Bearer ${await sut.token('zhen.xiaolukou')}`).set('Content-Type', 'application/json').send('{"type":');
    expect(badJson.status).toBe(400);
    const after = (await sut.ds.query(`SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM audit_entries)::int AS audit`))[0];
    expect(after).toEqual(mid);
    expect(mid.cases).toBe(before.cases + 1);
    const view = await (await sut.as('zhen.xiaolukou')).get(`/api/cases/${caseId}`);
    expect(view.body.state).toBe('township_audit');
  });

  it('the inbox shows the township task; claim is exclusive and release returns it', async () => {
    const caseId = await housingCaseAt(sut, 'township_audit', stranger(9));
    const officer = await sut.as('zhen.xiaolukou');
    const inbox = await officer.get('/api/tasks?processKey=housing-renovation');
    const task = inbox.body.items.find((t: any) => t.caseId === caseId);
    expect(task).toMatchObject({ kind: 'township_audit', role: 'township_officer', status: 'open', lane: 'normal' });
    const other = await sut.as('zhen.xiaolukou2');
    const [a, b] = await Promise.all([officer.post(`/api/tasks/${task.id}/claim`), other.post(`/api/tasks/${task.id}/claim`)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? officer : other;
    const loser = a.status === 200 ? other : officer;
    expect((await loser.post(`/api/tasks/${task.id}/release`)).status).toBe(403);
    expect((await winner.post(`/api/tasks/${task.id}/release`)).status).toBe(200);
    expect((await loser.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    // Not in the inbox of a village clerk or of another county.
    const clerkInbox = await (await sut.as('cun.yannali')).get('/api/tasks');
    expect(clerkInbox.body.items.some((t: any) => t.id === task.id)).toBe(false);
    const otherCounty = await (await sut.as('zhen.jinzhuang')).get('/api/tasks');
    expect(otherCounty.body.items.some((t: any) => t.id === task.id)).toBe(false);
  });
});
