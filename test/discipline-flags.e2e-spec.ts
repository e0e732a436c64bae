/**
 * Issue 6, "must show" 3 and 4: conflict of interest — a declared relative's case is flagged
 * (existing cases at declaration, new ones at filing), the related officer's approval is 403 with
 * the reason, the flag is listed — and the audit-derived flags: ten approvals by one user inside the
 * window raise rapid_decisions (nine do not), decisions inside the configured off hours raise
 * off_hours_decision, the refused approval raises refused_decision_attempt; a reveal of an ID
 * number shows in the audit search with who and when.
 */
import { SystemUnderTest } from './support/system-under-test';
import { VILLAGE, fileCase, housingCaseAt, send, step, stranger, waitForState } from './support/fixtures';

/** Off hours configured as the two hours around now (Asia/Shanghai), so today's decisions fall inside. */
function offHoursAroundNow(): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date());
  const now = Number(parts.find((p) => p.type === 'hour')!.value) * 60 + Number(parts.find((p) => p.type === 'minute')!.value);
  const hhmm = (m: number) => { const x = (m + 1440) % 1440; return `${String(Math.floor(x / 60)).padStart(2, '0')}:${String(x % 60).padStart(2, '0')}`; };
  return `${hhmm(now - 60)}-${hhmm(now + 60)}`;
}

function assistance(idNumber: string, amount = 2000, urgency = 'normal') {
  return {
    processKey: 'temporary-assistance',
    villageCode: VILLAGE.yannali,
    applicant: { name: '张平', idNumber, householdSize: 3 },
    data: { hardshipType: 'expenditure', urgency, description: '子女就学支出骤增，家庭收入不足', requestedAmount: amount },
  };
}

describe('conflict of interest and anomaly flags', () => {
  const sut = new SystemUnderTest({ env: { FLAG_OFF_HOURS: offHoursAroundNow(), FLAG_RAPID_DECISIONS_COUNT: '10', FLAG_RAPID_DECISIONS_WINDOW_MINUTES: '10' } });
  beforeAll(async () => {
    await sut.start();
    // A third township officer whose only decisions are the ones counted below.
    await sut.ds.query(
      `INSERT INTO users (username, display_name, password_hash, jurisdiction_code, roles)
       SELECT 'zhen.xiaolukou3', '小路口镇审核员三', password_hash, jurisdiction_code, roles FROM users WHERE username = 'zhen.xiaolukou2'`,
    );
  });
  afterAll(() => sut.stop());

  const flags = async (query = '') => {
    const res = await (await sut.as('jijian.shi')).get(`/api/flags${query}`);
    expect(res.status).toBe(200);
    return res.body as { items: any[]; counts: Record<string, number>; people: Record<string, string> };
  };

  it('a declared relative: existing and new cases flagged, the officer refused with the reason, the flag listed', async () => {
    const relative = stranger(801);
    const existing = await housingCaseAt(sut, 'township_audit', relative);
    const officer = await sut.as('zhen.xiaolukou');

    // Bad declarations are 400s naming the field; the number is never echoed.
    const bad = await officer.post('/api/staff/relatives', { name: '张平', relation: 'spouse', idNumber: relative.slice(0, 17) + (relative[17] === '0' ? '1' : '0') });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('idNumber');
    expect((await officer.post('/api/staff/relatives', { name: '张平', relation: 'cousin', idNumber: relative })).body.errors[0].field).toBe('relation');

    const declared = await officer.post('/api/staff/relatives', { name: '张平', relation: 'sibling', idNumber: relative });
    expect(declared.status).toBe(201);
    expect(declared.body).toMatchObject({ name: '张平', relation: 'sibling', relationTitle: '兄弟姐妹', idNumberMasked: `${relative.slice(0, 6)}********${relative.slice(14)}` });
    expect(JSON.stringify(declared.body)).not.toContain(relative);
    expect((await officer.post('/api/staff/relatives', { name: '张平', relation: 'sibling', idNumber: relative })).status).toBe(409);
    const own = (await officer.get('/api/staff/relatives')).body.items;
    expect(own).toHaveLength(1);
    expect(JSON.stringify(own)).not.toContain(relative);
    expect((await (await sut.as('zhen.xiaolukou2')).get('/api/staff/relatives')).body.items).toEqual([]);
    // Stored like applicants' numbers: encrypted, found by keyed hash.
    const [stored] = await sut.ds.query(`SELECT id_cipher, id_index FROM staff_relatives`);
    expect(JSON.stringify(stored)).not.toContain(relative.slice(6, 14));

    // The existing case now carries the flag naming the officer (only reviewers see who: issue 19);
    // the approval is refused with the reason.
    const view = (await (await sut.as('jijian.shi')).get(`/api/cases/${existing}`)).body;
    expect(view.flags.find((f: any) => f.code === 'relative_filed').detail.usernames).toEqual(['zhen.xiaolukou']);
    expect((await officer.get(`/api/cases/${existing}`)).body.flags.find((f: any) => f.code === 'relative_filed').detail).toEqual({});
    const refused = await send(sut, 'zhen.xiaolukou', existing, 'TOWNSHIP_APPROVE', { opinion: '材料齐全，同意上报' });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('申请人是您备案的近亲属，按回避规定您不能办理此案');
    // A colleague without the conflict may decide.
    await step(sut, 'zhen.xiaolukou2', existing, 'TOWNSHIP_APPROVE', { opinion: '材料齐全，同意上报' });

    // A case filed after the declaration is flagged at filing.
    const later = await fileCase(sut, 'cun.yannali', assistance(relative, 800, 'emergency'));
    expect(later.flags.map((f: any) => f.code)).toContain('relative_filed');
    expect((await send(sut, 'zhen.xiaolukou', later.id, 'GRANT_FIRST_RELIEF', { amount: 800, form: 'cash', grantedAt: new Date().toISOString() })).status).toBe(403);

    const listed = await flags('?code=relative_filed');
    const mine = listed.items.filter((i) => [existing, later.id].includes(i.caseId));
    expect(mine.map((i) => i.caseId).sort()).toEqual([existing, later.id].sort());
    for (const i of mine) expect(i.auditEntryIds.length).toBeGreaterThan(0);
    expect(listed.counts.relative_filed).toBe(2);
    // People by name (issue 20): the page names the officers its details name, by display name, in one map.
    const [{ display_name: officerName }] = await sut.ds.query(`SELECT display_name FROM users WHERE username = 'zhen.xiaolukou'`);
    expect(officerName).not.toBe('zhen.xiaolukou');
    expect(listed.people['zhen.xiaolukou']).toBe(officerName);
    // The entries behind the flag are the ones that raised it: the filing, and the declaration's flagging.
    const reviewer = await sut.as('jijian.shi');
    const trail = (await reviewer.get(`/api/audit?caseId=${existing}&limit=100`)).body;
    const behind = trail.items.filter((e: any) => mine.find((i) => i.caseId === existing).auditEntryIds.includes(e.id));
    // Places by name too: every actor's unit on the page is named (小路口镇, not 370832001).
    const units: string[] = [...new Set<string>(trail.items.map((e: any) => e.jurisdictionCode).filter(Boolean))];
    expect(units.length).toBeGreaterThan(0);
    for (const code of units) expect(trail.places[code]).toMatch(/[\u4e00-\u9fff]/);
    expect(behind.map((e: any) => e.action)).toContain('RELATIVE_FLAGGED');

    // The refused approval is a refused_decision_attempt, with the audit entry behind it.
    const attemptsPage = await flags('?code=refused_decision_attempt');
    const attempts = attemptsPage.items.filter((i) => i.caseId === existing);
    expect(attempts).toHaveLength(1);
    expect(attempts[0].detail).toMatchObject({ actor: 'zhen.xiaolukou', action: 'TOWNSHIP_APPROVE', status: 403 });
    expect(attemptsPage.people['zhen.xiaolukou']).toBe(officerName);
    const entry = (await reviewer.get(`/api/audit?caseId=${existing}&outcome=refused`)).body.items;
    expect(entry.map((e: any) => e.id)).toContain(attempts[0].auditEntryIds[0]);

    // Even a case whose flag is missing (a filing that crossed the declaration) is refused: the
    // engine also asks the declarations themselves at event time.
    const [{ flags: kept }] = await sut.ds.query(`SELECT flags FROM cases WHERE id = $1`, [later.id]);
    await sut.ds.query(`UPDATE cases SET flags = '[]' WHERE id = $1`, [later.id]);
    const stillRefused = await send(sut, 'zhen.xiaolukou', later.id, 'GRANT_FIRST_RELIEF', { amount: 800, form: 'cash', grantedAt: new Date().toISOString() });
    expect(stillRefused.status).toBe(403);
    expect(stillRefused.body.detail).toMatch(/近亲属/);
    await sut.ds.query(`UPDATE cases SET flags = $2 WHERE id = $1`, [later.id, JSON.stringify(kept)]);
  });

  it('ten approvals by one user inside the window raise rapid_decisions (nine do not); a reveal shows in the audit search with who and when', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 10; n++) {
      const c = await fileCase(sut, 'cun.yannali', assistance(stranger(820 + n)));
      await step(sut, 'zhen.xiaolukou', c.id, 'SUBMIT_INVESTIGATION', { findings: '入户调查属实', recommendedAmount: 2000 });
      ids.push(c.id);
    }
    for (const id of ids) await waitForState(sut, 'zhen.xiaolukou3', id, 'township_approval', 20000);
    const burstOf = async (user: string) => (await flags('?code=rapid_decisions')).items.find((i) => i.detail.actor === user);
    for (const id of ids.slice(0, 9)) await step(sut, 'zhen.xiaolukou3', id, 'APPROVE', { amount: 2000 });
    expect(await burstOf('zhen.xiaolukou3')).toBeUndefined();
    await step(sut, 'zhen.xiaolukou3', ids[9], 'APPROVE', { amount: 2000 });
    const burst = await burstOf('zhen.xiaolukou3');
    expect(burst).toMatchObject({ code: 'rapid_decisions', caseId: ids[9], detail: { decisions: 10, threshold: 10, windowMinutes: 10 } });
    expect(burst.caseIds.sort()).toEqual([...ids].sort());
    expect(burst.auditEntryIds).toHaveLength(10);
    // The ten investigations by zhen.xiaolukou are decisions too: a second burst, another user.
    expect(await burstOf('zhen.xiaolukou')).toBeTruthy();

    // Every decision today falls inside the configured off hours.
    const off = await flags('?code=off_hours_decision&limit=500');
    const approvals = off.items.filter((i) => i.detail.actor === 'zhen.xiaolukou3' && i.detail.action === 'APPROVE');
    expect(approvals.map((i) => i.caseId).sort()).toEqual([...ids].sort());
    expect(approvals[0].detail.timeZone).toBe('Asia/Shanghai');
    // Counts cover every code under the other filters; the county filter narrows them.
    const all = await flags('?limit=1');
    expect(all.items).toHaveLength(1);
    expect(all.counts).toMatchObject({ rapid_decisions: 2, relative_filed: 2, refused_decision_attempt: 3 });
    expect(all.counts.off_hours_decision).toBeGreaterThanOrEqual(20);
    expect((await flags('?countyCode=370831')).counts).toEqual({});
    expect((await (await sut.as('jijian.shi')).get('/api/flags?code=nonsense')).body.errors[0].field).toBe('code');

    // A reveal: the clerk who filed the case sees the full number; the reviewer finds who and when.
    // (The officers' decisions are done: they no longer act on it, so they may not reveal: issue 19.)
    const before = new Date();
    const revealed = await (await sut.as('cun.yannali')).get(`/api/cases/${ids[0]}/applicant/id-number`);
    expect(revealed.body.idNumber).toBe(stranger(820));
    const found = await (await sut.as('jijian.shi')).get(`/api/audit?action=REVEAL_ID_NUMBER&caseId=${ids[0]}`);
    expect(found.body.items).toHaveLength(1);
    const e = found.body.items[0];
    expect(e).toMatchObject({ actor: 'cun.yannali', caseId: ids[0], outcome: 'ok', payload: { idNumberMasked: expect.stringContaining('********') } });
    expect(new Date(e.at).getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(JSON.stringify(found.body)).not.toContain(stranger(820));
    // Who may not see it is refused, and that is recorded too.
    expect((await (await sut.as('jijian.shi')).get(`/api/cases/${ids[0]}/applicant/id-number`)).status).toBe(403);
    const tried = (await (await sut.as('jijian.shi')).get(`/api/audit?action=REVEAL_ID_NUMBER&outcome=refused&caseId=${ids[0]}`)).body.items;
    expect(tried).toEqual([expect.objectContaining({ actor: 'jijian.shi', outcome: 'refused' })]);
  });
});
