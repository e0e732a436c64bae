/**
 * Issue 19, finding 4: an ID number typed into free text (a description, findings, a reason, even
 * the applicant's name) was shown in full by the case view and the history, while the audit search
 * masked it. Now every answer masks it as the search does: view (data, context, name), history,
 * case list, inbox, printed notice, audit search, export. The stored entries keep what was typed
 * (the hash chain covers it); the run's PII scan, which fails this file on any full number or its
 * keyed hash in any answer or log line, proves nothing else showed it.
 */
import { makeIdNumber, maskIdNumber } from '../libs/registry/src';
import { SystemUnderTest } from './support/system-under-test';
import { VILLAGE, fileCase, send, step, stranger, waitForState } from './support/fixtures';

/** A valid number of someone the fixtures do not know (the applicant's husband, say). */
const TYPED = makeIdNumber('41010219800101123');
const MASKED = maskIdNumber(TYPED);

describe('issue 19: ID numbers typed into free text are masked in every answer', () => {
  const sut = new SystemUnderTest();
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  const download = (user: string, url: string) => sut.download(user, url);

  it('filing data, findings, a refused attempt and a rejection reason: masked in view, history, list, inbox, notice, search and export', async () => {
    const c = await fileCase(sut, 'cun.yannali', {
      processKey: 'temporary-assistance',
      villageCode: VILLAGE.yannali,
      applicant: { name: `王桂兰${TYPED}`, idNumber: stranger(931), householdSize: 3 },
      data: { hardshipType: 'sudden_illness', urgency: 'normal', description: `丈夫（身份证号 ${TYPED}）突发重病住院，家庭无力负担医疗费用`, requestedAmount: 2000 },
    });
    expect(c.applicant.name).toBe(`王桂兰${MASKED}`);
    expect(c.data.description).toContain(MASKED);

    const investigated = await step(sut, 'zhen.xiaolukou', c.id, 'SUBMIT_INVESTIGATION', { findings: `入户核实：丈夫${TYPED}住院属实`, recommendedAmount: 2000 });
    expect(investigated.context.investigationFindings).toBe(`入户核实：丈夫${MASKED}住院属实`);
    const notice = await (await sut.as('cun.yannali')).get(`/api/cases/${c.id}/notices/notice`);
    expect(notice.status).toBe(200);
    expect(notice.body.applicant.name).toBe(`王桂兰${MASKED}`);

    // A refused attempt (the county may not reject at the township's notice) is evidence on the
    // caller's chain, with what was typed; the search shows it masked.
    const refused = await send(sut, 'xian.liangshan.minzheng', c.id, 'REJECT', { reason: `冒用他人身份证 ${TYPED}` });
    expect([403, 422]).toContain(refused.status);

    await waitForState(sut, 'zhen.xiaolukou2', c.id, 'township_approval');
    const inbox = await (await sut.as('zhen.xiaolukou2')).get('/api/tasks');
    expect(inbox.body.items.find((t: any) => t.caseId === c.id).case.applicantName).toBe(`王桂兰${MASKED}`);
    const rejected = await step(sut, 'zhen.xiaolukou2', c.id, 'REJECT', { reason: `经核查，${TYPED} 名下有车辆两部，不符合条件` });
    expect(rejected.state).toBe('rejected');
    expect(rejected.context.rejectionReason).toBe(`经核查，${MASKED} 名下有车辆两部，不符合条件`);

    // Stored as typed: only answers mask it.
    const [stored] = await sut.ds.query(`SELECT context->>'rejectionReason' AS reason FROM cases WHERE id = $1`, [c.id]);
    expect(stored.reason).toContain(TYPED);

    const clerk = await sut.as('cun.yannali');
    const reviewer = await sut.as('jijian.shi');
    const answers: Array<[string, { status: number; text: string }]> = [
      ['view (clerk)', await clerk.get(`/api/cases/${c.id}`)],
      ['view (reviewer)', await reviewer.get(`/api/cases/${c.id}`)],
      ['history', await clerk.get(`/api/cases/${c.id}/history`)],
      ['list', await clerk.get('/api/cases')],
      ['search', await reviewer.get(`/api/audit?caseId=${c.id}&limit=500`)],
      ['flags', await reviewer.get('/api/flags')],
      ['export jsonl', await download('jijian.shi', `/api/audit/export?format=jsonl&caseId=${c.id}`)],
      ['export csv', await download('jijian.shi', `/api/audit/export?format=csv&caseId=${c.id}`)],
    ];
    for (const [what, res] of answers) {
      expect({ what, status: res.status }).toEqual({ what, status: 200 });
      expect({ what, leaked: res.text.includes(TYPED) }).toEqual({ what, leaked: false });
    }
    const [view, , history, list, search] = answers.slice(0, 5).map(([, res]) => JSON.parse(res.text));
    expect(view.data.description).toContain(MASKED);
    expect(view.context).toMatchObject({ investigationFindings: `入户核实：丈夫${MASKED}住院属实`, rejectionReason: expect.stringContaining(MASKED) });
    const byAction = Object.fromEntries(history.items.map((e: any) => [e.action, e]));
    expect(byAction.FILE).toMatchObject({ redacted: true, payload: { applicant: { name: `王桂兰${MASKED}` }, data: { description: expect.stringContaining(MASKED) } } });
    expect(byAction.SUBMIT_INVESTIGATION.payload.findings).toContain(MASKED);
    expect(byAction.REJECT).toMatchObject({ redacted: true, payload: { reason: expect.stringContaining(MASKED) } });
    expect(list.items.find((i: any) => i.id === c.id).applicant.name).toBe(`王桂兰${MASKED}`);
    const refusal = search.items.find((e: any) => e.outcome === 'refused' && e.action === 'REJECT');
    expect(refusal.payload.payload.reason).toContain(MASKED);
  });
});
