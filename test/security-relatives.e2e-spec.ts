/**
 * Issue 19, finding 5: a 近亲属备案 by a clerk of another county flagged this county's cases, bumped
 * their revision, wrote into their audit chains, and showed the declarer to the case's clerk. Now a
 * declaration reaches only cases inside its declarer's jurisdiction (those they could act on), who
 * declared is shown to discipline reviewers only, and the declarer may withdraw it with a reason:
 * afterwards they are no longer barred, the flags stay as history (the declarer listed as
 * withdrawn), and new cases of the person are not flagged.
 */
import { SystemUnderTest } from './support/system-under-test';
import { VILLAGE, fileCase, send, step, stranger } from './support/fixtures';

function assistance(idNumber: string) {
  return {
    processKey: 'temporary-assistance',
    villageCode: VILLAGE.yannali,
    applicant: { name: '张平', idNumber, householdSize: 3 },
    data: { hardshipType: 'expenditure', urgency: 'normal', description: '子女就学支出骤增，家庭收入不足', requestedAmount: 2000 },
  };
}

describe('issue 19: relative declarations stay in the declarer’s jurisdiction, are shown to reviewers only, and can be withdrawn', () => {
  const sut = new SystemUnderTest();
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  const caseRow = async (id: string) => (await sut.ds.query(`SELECT revision, flags FROM cases WHERE id = $1`, [id]))[0];
  const chainLength = async (id: string) => (await sut.ds.query(`SELECT count(*)::int AS n FROM audit_entries WHERE chain_id = $1`, [`case:${id}`]))[0].n;
  const codes = (flags: any[]) => flags.map((f) => f.code);

  it('a declaration from another county changes nothing here; one from inside flags, bars, is visible in full to reviewers only, and can be withdrawn', async () => {
    const person = stranger(951);
    const a = await fileCase(sut, 'cun.yannali', assistance(person));
    expect(a.state).toBe('township_review');
    const before = { row: await caseRow(a.id), chain: await chainLength(a.id) };

    // 泗水县's village clerk declares the 梁山县 applicant: recorded for them, no effect on the case.
    const outsider = await (await sut.as('cun.jinzhuang')).post('/api/staff/relatives', { name: '张平', relation: 'sibling', idNumber: person });
    expect(outsider.status).toBe(201);
    expect(await caseRow(a.id)).toEqual(before.row);
    expect(await chainLength(a.id)).toBe(before.chain);
    const [declared] = (await (await sut.as('jijian.shi')).get('/api/audit?action=DECLARE_RELATIVE&actor=cun.jinzhuang')).body.items;
    expect(declared.payload.flaggedCases).toBe(0);
    // Nor does it flag a case of the person filed here later.
    const b = await fileCase(sut, 'cun.yannali', assistance(person));
    expect(codes(b.flags)).not.toContain('relative_filed');

    // The township officer of the case's township declares: both cases flagged, the officer barred.
    const officer = await sut.as('zhen.xiaolukou');
    const inside = await officer.post('/api/staff/relatives', { name: '张平', relation: 'spouse', idNumber: person });
    expect(inside.status).toBe(201);
    for (const id of [a.id, b.id]) expect(codes((await caseRow(id)).flags)).toContain('relative_filed');
    const barred = await send(sut, 'zhen.xiaolukou', a.id, 'SUBMIT_INVESTIGATION', { findings: '入户调查属实', recommendedAmount: 2000 });
    expect(barred.status).toBe(403);
    expect(barred.body.detail).toMatch(/近亲属/);
    expect((await officer.get(`/api/cases/${a.id}/applicant/id-number`)).status).toBe(403);

    // The case's clerk sees that the case is flagged, not who declared or the relation.
    const clerk = await sut.as('cun.yannali');
    for (const res of [await clerk.get(`/api/cases/${a.id}`), await clerk.get(`/api/cases/${a.id}/history`), await officer.get(`/api/cases/${a.id}`)]) {
      expect(res.status).toBe(200);
      expect(res.text).not.toMatch(/zhen\.xiaolukou|cun\.jinzhuang|spouse|sibling|配偶/);
    }
    const clerkView = (await clerk.get(`/api/cases/${a.id}`)).body;
    expect(clerkView.flags.find((f: any) => f.code === 'relative_filed').detail).toEqual({});
    const flagged = (await clerk.get(`/api/cases/${a.id}/history`)).body.items.find((e: any) => e.action === 'RELATIVE_FLAGGED');
    expect(flagged).toMatchObject({ actor: { username: null }, role: null, payload: { flag: 'relative_filed' }, redacted: true });
    // Discipline reviewers see all of it.
    const reviewer = await sut.as('jijian.shi');
    const reviewed = (await reviewer.get(`/api/cases/${a.id}`)).body.flags.find((f: any) => f.code === 'relative_filed');
    expect(reviewed.detail).toMatchObject({ usernames: ['zhen.xiaolukou'], relations: ['spouse'] });
    const reviewedEntry = (await reviewer.get(`/api/cases/${a.id}/history`)).body.items.find((e: any) => e.action === 'RELATIVE_FLAGGED');
    expect(reviewedEntry).toMatchObject({ actor: { username: 'zhen.xiaolukou' }, payload: { declaredBy: 'zhen.xiaolukou', relation: 'spouse' } });

    // Withdrawal: a reason of at least 5 characters after trimming; the declarer's own only, once.
    const declarationId = inside.body.id;
    const withdraw = (user: string, id: string, body: unknown) => sut.as(user).then((u) => u.post(`/api/staff/relatives/${id}/withdraw`, body));
    for (const body of [{}, { reason: '' }, { reason: '   四个字呀   ' }, { reason: 5 }, { reason: '撤回备案的理由', extra: true }]) {
      const res = await withdraw('zhen.xiaolukou', declarationId, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await withdraw('zhen.xiaolukou2', declarationId, { reason: '不是我的备案也想撤回' })).status).toBe(404);
    expect((await withdraw('cun.jinzhuang', declarationId, { reason: '不是我的备案也想撤回' })).status).toBe(404);
    expect((await withdraw('zhen.xiaolukou', 'not-a-uuid', { reason: '备案填写有误需撤回' })).status).toBe(404);
    const revisionBefore = (await caseRow(a.id)).revision;
    const withdrawn = await withdraw('zhen.xiaolukou', declarationId, { reason: '  经核实并非近亲属，备案填写有误  ' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ id: declarationId, withdrawnReason: '经核实并非近亲属，备案填写有误', withdrawnAt: expect.any(String) });
    expect((await withdraw('zhen.xiaolukou', declarationId, { reason: '再撤回一次试试看' })).status).toBe(409);

    // Audited on the declarer's chain, with the reason; the cases' chains say it too (reviewers see who).
    const [entry] = await sut.ds.query(
      `SELECT e.chain_id, e.payload FROM audit_entries e JOIN users u ON u.id = e.actor_id WHERE u.username = 'zhen.xiaolukou' AND e.action = 'WITHDRAW_RELATIVE'`,
    );
    expect(entry.chain_id).toMatch(/^actor:/);
    expect(entry.payload).toMatchObject({ relativeId: declarationId, reason: '经核实并非近亲属，备案填写有误', updatedCases: 2 });
    expect((await caseRow(a.id)).revision).toBe(revisionBefore + 1);
    const withdrawnEntry = (await clerk.get(`/api/cases/${a.id}/history`)).body.items.find((e: any) => e.action === 'RELATIVE_WITHDRAWN');
    expect(withdrawnEntry).toMatchObject({ actor: { username: null }, redacted: true });

    // No longer barred; the flag stays as history with the declarer listed as withdrawn.
    expect((await officer.get(`/api/cases/${a.id}/applicant/id-number`)).status).toBe(200);
    await step(sut, 'zhen.xiaolukou', a.id, 'SUBMIT_INVESTIGATION', { findings: '入户调查属实', recommendedAmount: 2000 });
    const kept = (await reviewer.get(`/api/cases/${a.id}`)).body.flags.find((f: any) => f.code === 'relative_filed');
    expect(kept.detail).toMatchObject({ usernames: ['zhen.xiaolukou'], withdrawnUserIds: [expect.any(String)] });
    // A case filed after the withdrawal is not flagged.
    const c = await fileCase(sut, 'cun.yannali', assistance(person));
    expect(codes(c.flags)).not.toContain('relative_filed');

    // The declarer's list keeps the withdrawn declaration; the same relative may be declared again.
    const own = (await officer.get('/api/staff/relatives')).body.items;
    expect(own).toEqual([expect.objectContaining({ id: declarationId, withdrawnAt: expect.any(String) })]);
    const again = await officer.post('/api/staff/relatives', { name: '张平', relation: 'spouse', idNumber: person });
    expect(again.status).toBe(201);
    expect((await send(sut, 'zhen.xiaolukou', b.id, 'SUBMIT_INVESTIGATION', { findings: '入户调查属实', recommendedAmount: 2000 })).status).toBe(403);
    expect(codes((await caseRow(c.id)).flags)).toContain('relative_filed');
  });
});
