/**
 * Issue 5, "must show" 1 and 2, plus escalations and the township/village filters. Time scale
 * 172800: a day lasts 0.5 s, so the emergency relief is due 0.5 s after filing, a fast-lane decision
 * 1 s after the lane is confirmed and a normal legal-aid decision 3.5 s after filing. Claims are
 * given a year before they count as idle so that nothing here is released under the test's feet.
 */
import { SystemUnderTest, eventually } from './support/system-under-test';
import { PEOPLE, VILLAGE, stranger } from './support/fixtures';
import { addUser, assistance, fileAndSettle, legalAid, taskOf } from './queues-helpers';

describe('work queues: inbox order, claims, escalations, filters', () => {
  const sut = new SystemUnderTest({ timeScale: 172800, env: { CLAIM_IDLE_MINUTES: '525600' } });
  beforeAll(async () => {
    await sut.start();
    // One inbox that holds work of all three lanes: a county-level user with both roles.
    await addUser(sut, 'xian.liangshan.zonghe', ['township_officer', 'legal_aid_officer'], '370832');
  });
  afterAll(() => sut.stop());

  const cases: Record<string, string> = {};

  it('1. the inbox sorts emergency lane, then fast lane, then overdue, then due time — whatever the due times say', async () => {
    // Each case is filed once the previous one's task is overdue, so the due times run against the lanes.
    const a = await fileAndSettle(sut, legalAid(stranger(501), '张立新')); // normal lane, decision due in 3.5 s
    expect(a).toMatchObject({ state: 'economic_review', lane: 'normal' });
    await eventually(async () => (await taskOf(sut, a.id))?.overdue, 20000);
    const d = await fileAndSettle(sut, legalAid(PEOPLE.yanJianguo, '闫建国')); // fast lane, due 1 s after confirmation
    expect(d).toMatchObject({ state: 'acceptance_review', lane: 'fast' });
    await eventually(async () => (await taskOf(sut, d.id))?.overdue, 20000);
    const c = await fileAndSettle(sut, assistance(stranger(502), { hardshipType: 'fire', urgency: 'emergency', requestedAmount: 1500 }));
    expect(c).toMatchObject({ state: 'emergency_relief', lane: 'emergency' });
    const b1 = await fileAndSettle(sut, legalAid(stranger(503), '李春梅')); // normal lane, due latest
    const b2 = await fileAndSettle(sut, assistance(stranger(504))); // normal lane, no due time
    expect(b2).toMatchObject({ state: 'township_review', lane: 'normal' });
    await eventually(async () => (await taskOf(sut, c.id))?.overdue);
    Object.assign(cases, { a: a.id, b1: b1.id, b2: b2.id, c: c.id, d: d.id });

    const inbox = (await (await sut.as('xian.liangshan.zonghe')).get('/api/tasks')).body;
    const items = inbox.items;
    expect(items.map((t: any) => t.caseId)).toEqual([c.id, d.id, a.id, b1.id, b2.id]);
    const [ic, id, ia, ib1, ib2] = items;
    expect([ic.lane, id.lane, ia.lane, ib1.lane, ib2.lane]).toEqual(['emergency', 'fast', 'normal', 'normal', 'normal']);
    // Lanes beat due times: the overdue normal task is due first of all, the emergency task last of the overdue ones.
    expect(Date.parse(ia.dueAt)).toBeLessThan(Date.parse(id.dueAt));
    expect(Date.parse(id.dueAt)).toBeLessThan(Date.parse(ic.dueAt));
    expect(Date.parse(ia.dueAt)).toBeLessThan(Date.parse(ib1.dueAt));
    expect([ia.overdue, ib2.overdue, ib2.dueAt]).toEqual([true, false, null]);
    expect(inbox.counts).toMatchObject({ emergency: 1, fast: 1, normal: 3 });
    expect(inbox.counts.overdue).toBeGreaterThanOrEqual(3); // A, D and C; B1 only on a very slow machine
    expect(inbox.counts.overdue).toBe(items.filter((t: any) => t.overdue).length);

    // The order holds across pages (offset cursor), and the lane filter keeps it.
    const api = await sut.as('xian.liangshan.zonghe');
    const p1 = (await api.get('/api/tasks?limit=2')).body;
    const p2 = (await api.get(`/api/tasks?limit=2&cursor=${p1.nextCursor}`)).body;
    const p3 = (await api.get(`/api/tasks?limit=2&cursor=${p2.nextCursor}`)).body;
    expect([...p1.items, ...p2.items, ...p3.items].map((t: any) => t.caseId)).toEqual([c.id, d.id, a.id, b1.id, b2.id]);
    expect(p3.nextCursor).toBeNull();
    const normal = (await api.get('/api/tasks?lane=normal')).body.items.map((t: any) => t.caseId);
    expect(normal).toEqual([a.id, b1.id, b2.id]);
  });

  it('2. two concurrent claims of one task: one 200, one 409; release, then the other claims', async () => {
    const task = await taskOf(sut, cases.b2);
    const one = await sut.as('zhen.xiaolukou');
    const two = await sut.as('zhen.xiaolukou2');
    const [r1, r2] = await Promise.all([one.post(`/api/tasks/${task.id}/claim`), two.post(`/api/tasks/${task.id}/claim`)]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    const [winner, loser, winnerName, loserName, lost] = r1.status === 200
      ? [one, two, 'zhen.xiaolukou', 'zhen.xiaolukou2', r2] : [two, one, 'zhen.xiaolukou2', 'zhen.xiaolukou', r1];
    expect(lost.headers['content-type']).toContain('application/problem+json');
    expect(lost.body.detail).toContain(winnerName);
    expect((await loser.post(`/api/tasks/${task.id}/release`)).status).toBe(403);
    const released = await winner.post(`/api/tasks/${task.id}/release`);
    expect(released.body).toMatchObject({ status: 'open', claimedBy: null });
    const again = await loser.post(`/api/tasks/${task.id}/claim`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'claimed', claimedBy: loserName });
    const claimed = (await winner.get('/api/tasks?claimed=true')).body.items;
    expect(claimed.map((t: any) => [t.id, t.claimedBy])).toEqual([[task.id, loserName]]);
  });

  it('an escalation in the supervisor\'s inbox shows the overdue task it refers to: kind, title, due time, who holds it', async () => {
    const relief = await taskOf(sut, cases.c);
    expect((await (await sut.as('zhen.xiaolukou')).post(`/api/tasks/${relief.id}/claim`)).status).toBe(200);
    const civil = await sut.as('xian.liangshan.minzheng');
    const escalation = await eventually(async () =>
      (await civil.get('/api/tasks')).body.items.find((t: any) => t.caseId === cases.c && t.kind === 'escalation:relief'));
    expect(escalation).toMatchObject({ role: 'county_civil', lane: 'emergency', status: 'open' });
    expect(escalation.title.zh).toContain('督办');
    expect(escalation.escalationOf).toEqual({
      id: relief.id,
      kind: 'emergency_relief',
      title: { zh: '先行救助', en: 'Emergency first relief' },
      state: 'emergency_relief',
      role: 'township_officer',
      dueAt: relief.dueAt,
      overdue: true,
      status: 'claimed',
      claimedBy: 'zhen.xiaolukou',
      claimedAt: expect.any(String),
    });
    // Tasks that are not escalations carry none.
    const own = (await (await sut.as('zhen.xiaolukou')).get('/api/tasks')).body.items;
    expect(own.every((t: any) => t.escalationOf === null)).toBe(true);
  });

  it('filters by township and village inside the caller\'s subtree; outside it → 403, malformed → 400', async () => {
    const leikou = await fileAndSettle(sut, assistance(stranger(505), {}, VILLAGE.leikou), 'cun.leikou');
    const officer = await sut.as('zhen.xiaolukou');
    const inLeikou = (await officer.get(`/api/tasks?villageCode=${VILLAGE.leikou}`)).body;
    expect(inLeikou.items.map((t: any) => t.caseId)).toEqual([leikou.id]);
    expect(inLeikou.counts).toMatchObject({ emergency: 0, fast: 0, normal: 1 });
    const inYannali = (await officer.get(`/api/tasks?villageCode=${VILLAGE.yannali}`)).body.items.map((t: any) => t.caseId);
    expect(inYannali).toEqual([cases.c, cases.b2]);
    const county = await sut.as('xian.liangshan.zonghe');
    const township = (await county.get('/api/tasks?townshipCode=370832001&processKey=temporary-assistance')).body.items.map((t: any) => t.caseId);
    expect(township).toEqual([cases.c, cases.b2, leikou.id]);

    const outside = await officer.get('/api/tasks?villageCode=370831001001');
    expect(outside.status).toBe(403);
    expect(outside.body.detail).toContain('金庄村');
    expect((await county.get('/api/tasks?townshipCode=370831001')).status).toBe(403);
    const malformed = await officer.get('/api/tasks?villageCode=370832001');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'villageCode', message: expect.stringContaining('村（社区）') }]);
    expect((await officer.get('/api/tasks?townshipCode=abc')).body.errors[0].field).toBe('townshipCode');
  });
});
