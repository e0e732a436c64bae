/**
 * Issue 5, "must show" 6: queue statistics and the monthly dispatch (月调度) agree, number for
 * number, with cases created here in 梁山县 this month. Time scale 21600: a day lasts 4 s, so the
 * emergency relief warns at 2 s and is breached at 4 s; the formalities deadline is 20 s away.
 * The expected figures are written out from the scenario; ages and stage medians are recomputed
 * from the tasks' and audit entries' own timestamps.
 */
import { SystemUnderTest, eventually } from './support/system-under-test';
import { PEOPLE, VILLAGE, housingFiling, step, stranger } from './support/fixtures';
import { assistance, fileAndSettle } from './queues-helpers';

const COUNTY = '370832';
/** This month in the report's time zone (LOCAL_TIME_ZONE, default Asia/Shanghai). */
const month = (d = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d).slice(0, 7);
const HOUR_MS = 3600 * 1000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

describe('work queues: stats and the monthly dispatch', () => {
  const sut = new SystemUnderTest({ timeScale: 21600, env: { CLAIM_IDLE_MINUTES: '525600' } });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  const ids: Record<string, string> = {};
  const emergency = (n: number) => assistance(stranger(n), { hardshipType: 'fire', urgency: 'emergency', requestedAmount: 1500 });

  beforeAll(async () => {
    // T1 emergency: relieved at once, formalities in, confirmed by a second officer → closed (confirmed). Two clocks met.
    const t1 = await fileAndSettle(sut, emergency(801));
    await step(sut, 'zhen.xiaolukou', t1.id, 'GRANT_FIRST_RELIEF', { amount: 1500, form: 'cash', grantedAt: new Date().toISOString() });
    await step(sut, 'zhen.xiaolukou', t1.id, 'SUBMIT_FORMALITIES', { investigationReport: '入户核实属实', documents: ['火灾证明'] });
    await step(sut, 'zhen.xiaolukou2', t1.id, 'CONFIRM_RELIEF', { note: '手续齐全，确认救助' });
    // T2 emergency: left alone → the relief clock is breached and escalated to the county.
    const t2 = await fileAndSettle(sut, emergency(802));
    // T3 normal: rejected at the township review.
    const t3 = await fileAndSettle(sut, assistance(stranger(803)));
    await step(sut, 'zhen.xiaolukou', t3.id, 'REJECT', { reason: '家庭收入高于救助标准，不符合条件' });
    // T4 normal: claimed. T5 normal in 雷口村: open. T7 emergency declined → normal review (relief clock met).
    const t4 = await fileAndSettle(sut, assistance(stranger(804)));
    const t5 = await fileAndSettle(sut, assistance(stranger(805), {}, VILLAGE.leikou), 'cun.leikou');
    const t7 = await fileAndSettle(sut, emergency(806));
    await step(sut, 'zhen.xiaolukou', t7.id, 'DECLINE_EMERGENCY', { reason: '经核实不属于急难情形，转常规程序' });
    // H1 housing: identity verified by the registry → collective review (the village clerk's task).
    const h1 = await fileAndSettle(sut, housingFiling(PEOPLE.yanJianguo));
    expect(h1.state).toBe('collective_review');
    Object.assign(ids, { t1: t1.id, t2: t2.id, t3: t3.id, t4: t4.id, t5: t5.id, t7: t7.id, h1: h1.id });
    const t4task = (await (await sut.as('jijian.shi')).get(`/api/cases/${t4.id}`)).body.openTasks[0];
    expect((await (await sut.as('zhen.xiaolukou')).post(`/api/tasks/${t4task.id}/claim`)).status).toBe(200);
    await eventually(async () => {
      const v = (await (await sut.as('jijian.shi')).get(`/api/cases/${t2.id}`)).body;
      return v.clocks.some((k: any) => k.name === 'relief' && k.status === 'breached') && v.openTasks.some((t: any) => t.kind === 'escalation:relief');
    }, 20000);
  });

  it('6a. GET /api/queues/stats: open, claimed, overdue, oldest and median age per role and jurisdiction', async () => {
    const res = await (await sut.as('jijian.shi')).get(`/api/queues/stats?countyCode=${COUNTY}`);
    expect(res.status).toBe(200);
    const counts = res.body.items.map((i: any) => [i.role, i.jurisdictionCode, i.open, i.claimed, i.overdue]);
    expect(counts).toEqual([
      ['county_civil', '370832', 1, 0, 1], // T2's escalation, due with the breached clock
      ['township_officer', '370832001', 3, 1, 1], // T2 (overdue), T5, T7 open; T4 claimed
      ['village_clerk', '370832001001', 1, 0, 0], // H1's collective review
    ]);
    expect(res.body.totals).toEqual({ open: 5, claimed: 1, overdue: 2 });

    // Ages, recomputed from the tasks' own creation times at the reported instant.
    const asOf = Date.parse(res.body.asOf);
    const tasks: any[] = [];
    for (const id of Object.values(ids)) tasks.push(...(await (await sut.as('jijian.shi')).get(`/api/cases/${id}`)).body.openTasks);
    for (const item of res.body.items) {
      const ages = tasks.filter((t) => t.role === item.role && t.jurisdictionCode === item.jurisdictionCode).map((t) => (asOf - Date.parse(t.createdAt)) / HOUR_MS);
      expect(ages.length).toBe(item.open + item.claimed);
      expect(item.oldestAgeHours).toBeCloseTo(Math.max(...ages), 5);
      expect(item.medianAgeHours).toBeCloseTo(median(ages), 5);
    }
    // A township officer sees only their subtree: no county-level row.
    const township = (await (await sut.as('zhen.xiaolukou')).get('/api/queues/stats')).body.items.map((i: any) => i.role);
    expect(township).toEqual(['township_officer', 'village_clerk']);
    expect((await (await sut.as('zhen.xiaolukou')).get('/api/queues/stats?countyCode=370831')).status).toBe(403);
  });

  it('6b. GET /api/reports/dispatch: filed, completed, rejected, in progress, SLA met/breached and median stage durations', async () => {
    const res = await (await sut.as('jijian.shi')).get(`/api/reports/dispatch?month=${month()}&countyCode=${COUNTY}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ month: month(), countyCode: COUNTY, source: 'live', builtAt: null });
    const figures = res.body.rows.map((r: any) => [r.processKey, r.countyCode, r.countyName, r.filed, r.completed, r.rejected, r.inProgress, r.slaMet, r.slaBreached, r.slaMetPct]);
    expect(figures).toEqual([
      // Every registered process has its row; no finding was opened here.
      ['audit-rectification', COUNTY, '梁山县', 0, 0, 0, 0, 0, 0, null],
      ['housing-renovation', COUNTY, '梁山县', 1, 0, 0, 1, 0, 0, null],
      ['legal-aid', COUNTY, '梁山县', 0, 0, 0, 0, 0, 0, null],
      ['minimum-living-allowance', COUNTY, '梁山县', 0, 0, 0, 0, 0, 0, null],
      // 6 filed; T1 completed; T3 rejected; T2, T4, T5, T7 in progress; met: T1 relief + formalities, T7 relief; breached: T2 relief.
      ['temporary-assistance', COUNTY, '梁山县', 6, 1, 1, 4, 3, 1, 75],
    ]);

    // Stage medians, recomputed from the audit entries: a stay runs from the entry that entered a
    // state to the next one that left it; only stays that ended (this month) count.
    const stays: Record<string, Record<string, number[]>> = {};
    const entered: Record<string, Record<string, number>> = {};
    for (const id of Object.values(ids)) {
      const view = (await (await sut.as('jijian.shi')).get(`/api/cases/${id}`)).body;
      const moves = (await (await sut.as('jijian.shi')).get(`/api/cases/${id}/history`)).body.items
        .filter((e: any) => e.outcome === 'ok' && e.fromState !== e.toState);
      // Every move of these cases is this month's: entries into each state, filing included.
      for (const m of moves) (entered[view.processKey] ??= {})[m.toState] = (entered[view.processKey][m.toState] ?? 0) + 1;
      for (let i = 0; i + 1 < moves.length; i++) {
        const byState = (stays[view.processKey] ??= {});
        (byState[moves[i].toState] ??= []).push((Date.parse(moves[i + 1].at) - Date.parse(moves[i].at)) / HOUR_MS);
      }
    }
    expect(Object.keys(stays['temporary-assistance']).sort()).toEqual(['emergency_relief', 'post_review', 'supplement_formalities', 'township_review']);
    expect(stays['temporary-assistance'].emergency_relief).toHaveLength(2); // T1 and T7
    for (const row of res.body.rows) {
      const expected = stays[row.processKey] ?? {};
      expect(Object.keys(row.stageMedians).sort()).toEqual(Object.keys(expected).sort());
      for (const [state, hours] of Object.entries(expected)) expect(row.stageMedians[state]).toBeCloseTo(median(hours), 9);
      expect([row.processKey, row.entered]).toEqual([row.processKey, entered[row.processKey] ?? {}]);
    }
    expect(entered['temporary-assistance'].township_review).toBeGreaterThan(1);

    // The whole city, as the discipline reviewer sees it: 泗水县 has rows of zeros.
    const city = (await (await sut.as('jijian.shi')).get(`/api/reports/dispatch?month=${month()}`)).body.rows;
    expect(city.map((r: any) => `${r.countyCode}/${r.processKey}/${r.filed}`)).toEqual([
      '370831/audit-rectification/0', '370831/housing-renovation/0', '370831/legal-aid/0', '370831/minimum-living-allowance/0', '370831/temporary-assistance/0',
      '370832/audit-rectification/0', '370832/housing-renovation/1', '370832/legal-aid/0', '370832/minimum-living-allowance/0', '370832/temporary-assistance/6',
    ]);

    // CSV: the same figures, one row per process and county.
    const csv = await (await sut.as('jijian.shi')).get(`/api/reports/dispatch?month=${month()}&countyCode=${COUNTY}&format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^processKey,processTitle,countyCode,countyName,filed,completed,rejected,withdrawnOrTerminated,inProgress,slaMet,slaBreached,slaMetPct,stageMedianHours:/);
    expect(lines.find((l) => l.startsWith('temporary-assistance,'))).toMatch(/^temporary-assistance,临时救助,370832,梁山县,6,1,1,0,4,3,1,75,/);
  });

  it('6c. the report is kept: built on demand by the worker, served as kept with the same numbers; last month built by itself', async () => {
    const civil = await sut.as('xian.liangshan.minzheng');
    const live = (await civil.get(`/api/reports/dispatch?month=${month()}`)).body;
    expect(live.source).toBe('live');
    const queued = await civil.post('/api/reports/dispatch/build', { month: month() });
    expect(queued.status).toBe(202);
    expect(queued.body).toEqual({ month: month(), countyCodes: [COUNTY], queued: true });
    const kept = await eventually(async () => {
      const r = (await civil.get(`/api/reports/dispatch?month=${month()}`)).body;
      return r.source === 'kept' ? r : undefined;
    }, 20000);
    expect(kept.rows).toEqual(live.rows);
    expect(kept.townships).toEqual(live.townships);
    expect(kept.townships.length).toBeGreaterThan(0);
    expect(Date.parse(kept.builtAt)).toBeGreaterThan(0);
    // The township rows are kept with the county's (one snapshot) and read from there, not grouped again;
    // a report kept before they were (NULL) gets them live.
    const [stored] = await sut.ds.query(`SELECT townships FROM dispatch_reports WHERE month = $1 AND county_code = $2`, [month(), COUNTY]);
    expect(stored.townships).toEqual(kept.townships);
    const keptRows = `/api/reports/dispatch?month=${month()}`;
    await sut.ds.query(`UPDATE dispatch_reports SET townships = '[]' WHERE month = $1`, [month()]);
    expect((await civil.get(keptRows)).body).toMatchObject({ source: 'kept', townships: [] });
    await sut.ds.query(`UPDATE dispatch_reports SET townships = NULL WHERE month = $1`, [month()]);
    expect((await civil.get(keptRows)).body).toMatchObject({ source: 'kept', townships: live.townships });

    // The monthly job keeps last month's report for every county without being asked.
    // Last month where the worker counts it, in local time (from 16:00 UTC on a month's last day it is already the next).
    const [y, m] = month().split('-').map(Number);
    const previous = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    const lastMonth = await eventually(async () => {
      const r = (await civil.get(`/api/reports/dispatch?month=${previous}`)).body;
      return r.source === 'kept' ? r : undefined;
    });
    expect(lastMonth.rows.every((r: any) => r.filed === 0 && r.countyCode === COUNTY)).toBe(true);
    const [{ n }] = await sut.ds.query(`SELECT count(*)::int AS n FROM dispatch_reports WHERE month = $1 AND built_by = 'monthly'`, [lastMonth.month]);
    expect(n).toBe(2);
  });

  it('6d. who may ask: county and city staff over their own counties; bad input → 400 with the field', async () => {
    const civil = await sut.as('xian.liangshan.minzheng');
    expect((await (await sut.as('zhen.xiaolukou')).get(`/api/reports/dispatch?month=${month()}`)).status).toBe(403);
    expect((await civil.get(`/api/reports/dispatch?month=${month()}&countyCode=370831`)).status).toBe(403);
    const bad = async (q: string, field: string) => {
      const r = await civil.get(`/api/reports/dispatch?${q}`);
      expect([r.status, r.body.errors?.[0]?.field]).toEqual([400, field]);
    };
    await bad('month=2026-13', 'month');
    await bad('', 'month');
    await bad('month=2999-01', 'month');
    await bad(`month=${month()}&countyCode=37`, 'countyCode');
    await bad(`month=${month()}&format=xml`, 'format');
    expect((await civil.post('/api/reports/dispatch/build', { month: month(), extra: 1 })).status).toBe(400);
  });
});
