/**
 * Issues 15 and 16: money, outcomes and flags in the 月调度, and the 季汇总 (period=YYYY-Qn) and
 * 半年通报 (period=YYYY-Hn) built from the same definitions.
 *
 * Generated data: real cases in both demo counties, driven over HTTP to their outcomes (temporary
 * assistance rejected, withdrawn, first relief confirmed or still open; the test-only monthly
 * benefit of test/support/recurring-process.ts approved, some stopped) so that every case still
 * replays from its audit chain; then a seeded generator spreads them over the six months of the last
 * half-year that ended before last month (filing and closing times, flags, SLA clocks and monthly
 * payments, some across a month boundary in local time). Last month is left alone: the worker keeps
 * its report at start-up. The expected monthly figures are recomputed here from the rows themselves;
 * the quarters and the half-year must then add up to their months, column by column.
 * Time scale 1: no timer of these cases falls due while the file runs.
 */
import { SystemUnderTest, eventually } from './support/system-under-test';
import { VILLAGE, fileCase, step, stranger } from './support/fixtures';
import { assistance, fileAndSettle } from './queues-helpers';
import { RECURRING_PROCESS_KEY, recurringProcess } from './support/recurring-process';

const COUNTIES = ['370831', '370832'];
const TZ = 'Asia/Shanghai';
const DAY = 86400000;
const localMonth = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(d).slice(0, 7);
/** A local (UTC+8, no DST) wall-clock time as an instant. */
const local = (month: string, day: number, hour: number, minute = 0) => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, day, hour - 8, minute));
};
function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}
const daysIn = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();

/** The last half-year that ended before last month (whose report the worker keeps by itself). */
function lastClosedHalf(now = new Date()): { label: string; months: string[] } {
  const lastMonth = addMonths(localMonth(now), -1);
  let year = Number(lastMonth.slice(0, 4));
  let half = Number(lastMonth.slice(5, 7)) <= 6 ? 1 : 2;
  for (;;) {
    const first = `${year}-${half === 1 ? '01' : '07'}`;
    const months = Array.from({ length: 6 }, (_, i) => addMonths(first, i));
    if (months[5] < lastMonth) return { label: `${year}-H${half}`, months };
    if (half === 2) half = 1;
    else [year, half] = [year - 1, 2];
  }
}

/** mulberry32: the same data on every run. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ADDITIVE = ['filed', 'completed', 'rejected', 'withdrawnOrTerminated', 'slaMet', 'slaBreached'] as const;
const cents = (yuan: number) => Math.round(yuan * 100);
const addInto = (into: Record<string, number>, from: Record<string, number>) => {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  return into;
};

describe('dispatch reports by month, quarter and half-year', () => {
  const sut = new SystemUnderTest({ timeScale: 1, processes: [recurringProcess()] });
  const half = lastClosedHalf();
  const quarters = [
    { label: half.label.replace(/H([12])$/, (_, h) => `Q${(Number(h) - 1) * 2 + 1}`), months: half.months.slice(0, 3) },
    { label: half.label.replace(/H([12])$/, (_, h) => `Q${(Number(h) - 1) * 2 + 2}`), months: half.months.slice(3) },
  ];
  const monthly: Record<string, any> = {};

  beforeAll(async () => {
    await sut.start();
    const places = [
      { county: '370832', village: VILLAGE.yannali, clerk: 'cun.yannali', officer: 'zhen.xiaolukou', second: 'zhen.xiaolukou2' },
      { county: '370831', village: VILLAGE.jinzhuang, clerk: 'cun.jinzhuang', officer: 'zhen.jinzhuang', second: null },
    ];
    let n = 9100;
    const ids: string[] = [];
    for (const p of places) {
      for (let i = 0; i < 7; i++) {
        const c = await fileAndSettle(sut, assistance(stranger(n++), {}, p.village), p.clerk);
        if (i < 3) await step(sut, p.officer, c.id, 'REJECT', { reason: '家庭收入高于救助标准，不符合条件' });
        else if (i < 5) await step(sut, p.clerk, c.id, 'WITHDRAW', { reason: '申请人家庭情况好转，申请撤回' });
        ids.push(c.id);
      }
      if (p.second) {
        for (let i = 0; i < 2; i++) {
          const c = await fileAndSettle(sut, assistance(stranger(n++), { hardshipType: 'fire', urgency: 'emergency', requestedAmount: 1500 }, p.village), p.clerk);
          await step(sut, p.officer, c.id, 'GRANT_FIRST_RELIEF', { amount: 1500, form: 'cash', grantedAt: new Date().toISOString() });
          await step(sut, p.officer, c.id, 'SUBMIT_FORMALITIES', { investigationReport: '入户核实属实', documents: ['火灾证明'] });
          await step(sut, p.second, c.id, 'CONFIRM_RELIEF', { note: '手续齐全，确认救助' });
          ids.push(c.id);
        }
      }
      for (let i = 0; i < 8; i++) {
        const c = await fileCase(sut, p.clerk, { processKey: RECURRING_PROCESS_KEY, villageCode: p.village, applicant: { name: '保障户', idNumber: stranger(n++) }, data: {} });
        await step(sut, p.officer, c.id, 'APPROVE', { amountYuan: 600 });
        if (i < 3) await step(sut, p.officer, c.id, 'STOP_PAYMENT', { reason: '家庭收入已超过保障标准' });
        ids.push(c.id);
      }
    }
    await sut.stopWorker(); // nothing else writes while the rows are rewritten

    const rand = prng(20260616);
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
    const between = (a: Date, b: Date) => new Date(a.getTime() + Math.floor(rand() * Math.max(1, b.getTime() - a.getTime())));
    const horizon = local(addMonths(half.months[5], 1), 20, 0); // a little past the half-year, well before last month
    const defs = new Map<string, string[]>([
      ['temporary-assistance', ['repeat_within_12_months', 'possible_split', 'sla_breached', 'formalities_overdue', 'relief_recovery']],
      [RECURRING_PROCESS_KEY, ['relative_filed']],
    ]);
    // In filing order: the seeded dates must fall on the same cases every run (heap order moves
    // with the worker's updates, and once left no completed case inside the half-year).
    const rows = await sut.ds.query(`SELECT id, process_key, closed_at FROM cases WHERE id = ANY($1) ORDER BY array_position($1::uuid[], id)`, [ids]);
    for (const [i, c] of rows.entries()) {
      // Filed in one of the six months or in the month before (open or closed across the start).
      const fm = addMonths(half.months[0], Math.floor(rand() * 7) - 1);
      // Every fifth case at a local month's very start (the previous day in UTC).
      const filedAt = i % 5 === 0 ? local(fm, 1, 0, 5) : local(fm, 1 + Math.floor(rand() * daysIn(fm)), Math.floor(rand() * 24), Math.floor(rand() * 60));
      const closedAt = c.closed_at ? new Date(Math.min(filedAt.getTime() + 2 * 3600000 + Math.floor(rand() * 75 * DAY), horizon.getTime())) : null;
      const end = closedAt ?? horizon;
      const flags = Array.from({ length: Math.floor(rand() * 4) }, () => ({ code: pick(defs.get(c.process_key)!), at: between(filedAt, end).toISOString(), detail: { generated: true } }));
      await sut.ds.query(`UPDATE cases SET filed_at = $2::timestamptz, closed_at = $3::timestamptz, state_entered_at = COALESCE($3::timestamptz, $2::timestamptz), flags = $4 WHERE id = $1`, [c.id, filedAt, closedAt, JSON.stringify(flags)]);

      await sut.ds.query(`DELETE FROM sla_clocks WHERE case_id = $1`, [c.id]);
      for (let k = Math.floor(rand() * 3); k > 0; k--) {
        if (rand() < 0.55) {
          const stopped = between(filedAt, end);
          await sut.ds.query(
            `INSERT INTO sla_clocks (case_id, name, started_at, due_at, status, stopped_at, stop_event) VALUES ($1, 'generated', $2, $3, 'met', $4, 'GENERATED')`,
            [c.id, filedAt, new Date(stopped.getTime() + DAY + Math.floor(rand() * 9 * DAY)), stopped],
          );
        } else {
          const due = between(filedAt, end);
          const stopped = between(due, end);
          await sut.ds.query(
            `INSERT INTO sla_clocks (case_id, name, started_at, due_at, status, breached_at, stopped_at, stop_event) VALUES ($1, 'generated', $2, $3, 'breached', $3, $4, 'GENERATED')`,
            [c.id, filedAt, due, stopped],
          );
        }
      }

      if (c.process_key === RECURRING_PROCESS_KEY) {
        await sut.ds.query(`DELETE FROM payments WHERE case_id = $1`, [c.id]);
        for (let period = addMonths(localMonth(filedAt), 1); local(period, 1, 0) < end; period = addMonths(period, 1)) {
          // Due on the 10th; now and then on the month's last evening, paid after local midnight.
          const late = rand() < 0.25;
          const scheduled = late ? local(period, daysIn(period), 23, 30) : local(period, 10, 9);
          if (scheduled >= end) break;
          const r = rand();
          const status = r < 0.8 ? 'paid' : r < 0.92 ? 'failed' : 'cancelled';
          const amount = (30000 + Math.floor(rand() * 60000)) / 100;
          const paidAt = status === 'paid' ? new Date(scheduled.getTime() + (late ? 3600000 : 2 * 3600000)) : null;
          await sut.ds.query(
            `INSERT INTO payments (case_id, period, amount, status, scheduled_at, paid_at, closed_at, payment_ref, error)
             VALUES ($1, $2, $3, $4, $5::timestamptz, $6::timestamptz, COALESCE($6::timestamptz, $5::timestamptz), $7, $8)`,
            [c.id, period, amount, status, scheduled, paidAt, status === 'paid' ? `GEN-${c.id.slice(0, 8)}-${period}` : null, status === 'failed' ? '银行退回' : null],
          );
        }
      } else if (closedAt) {
        // A one-off disbursement has no schedule: it is granted and paid when paid.
        await sut.ds.query(
          `INSERT INTO payments (case_id, period, amount, status, paid_at, closed_at, payment_ref) VALUES ($1, 'single', 1500.50, 'paid', $2, $2, $3)
           ON CONFLICT (case_id, period) DO UPDATE SET status = 'paid', paid_at = $2, closed_at = $2, scheduled_at = NULL`,
          [c.id, closedAt, `GEN-${c.id.slice(0, 8)}-single`],
        );
      }
    }
    await sut.startWorker();
    const reviewer = await sut.as('jijian.shi');
    for (const m of half.months) {
      const res = await reviewer.get(`/api/reports/dispatch?month=${m}`);
      expect([res.status, res.body.source]).toEqual([200, 'live']);
      monthly[m] = res.body;
    }
  }, 120000);
  afterAll(() => sut.stop());

  /** What the rows say about one county, process and run of months. */
  async function expected(county: string, processKey: string, months: string[]) {
    const inMonths = (d: Date | null) => !!d && months.includes(localMonth(new Date(d)));
    const cs = await sut.ds.query(`SELECT id, filed_at, closed_at, outcome, flags FROM cases WHERE county_code = $1 AND process_key = $2`, [county, processKey]);
    const closedAt = new Map<string, Date | null>(cs.map((c: any) => [c.id, c.closed_at]));
    const ids = cs.map((c: any) => c.id);
    const clocks = await sut.ds.query(`SELECT case_id, status, due_at, stopped_at FROM sla_clocks WHERE case_id = ANY($1)`, [ids]);
    const pays = await sut.ds.query(`SELECT case_id, status, amount::text AS amount, scheduled_at, paid_at FROM payments WHERE case_id = ANY($1)`, [ids]);
    const periodEnd = local(addMonths(months[months.length - 1], 1), 1, 0);
    const byOutcome: Record<string, number> = {};
    for (const c of cs) if (c.outcome && inMonths(c.closed_at)) byOutcome[c.outcome] = (byOutcome[c.outcome] ?? 0) + 1;
    const flags: Record<string, number> = {};
    for (const c of cs) for (const f of c.flags) if (inMonths(new Date(f.at))) flags[f.code] = (flags[f.code] ?? 0) + 1;
    const granted = pays.filter((p: any) => p.status !== 'cancelled' && inMonths(p.scheduled_at ?? p.paid_at));
    const paid = pays.filter((p: any) => p.status === 'paid' && inMonths(p.paid_at));
    return {
      filed: cs.filter((c: any) => inMonths(c.filed_at)).length,
      finished: cs.filter((c: any) => inMonths(c.closed_at)).length,
      inProgress: cs.filter((c: any) => new Date(c.filed_at) < periodEnd && (!c.closed_at || new Date(c.closed_at) >= periodEnd)).length,
      slaMet: clocks.filter((k: any) => k.status === 'met' && inMonths(k.stopped_at)).length,
      slaBreached: clocks.filter((k: any) => k.status === 'breached' && inMonths(k.due_at) && (!closedAt.get(k.case_id) || closedAt.get(k.case_id)! > k.due_at)).length,
      byOutcome,
      flags,
      grantedCents: granted.reduce((s: number, p: any) => s + cents(Number(p.amount)), 0),
      paidCents: paid.reduce((s: number, p: any) => s + cents(Number(p.amount)), 0),
      casesInPayment: new Set([...granted, ...paid].map((p: any) => p.case_id)).size,
    };
  }

  it('each month: filed, finished by outcome, SLA, flags by code and money granted and paid, as the rows say', async () => {
    for (const m of half.months) {
      expect(monthly[m].rows.map((r: any) => r.countyCode)).toEqual(expect.arrayContaining(COUNTIES));
      for (const r of monthly[m].rows.filter((x: any) => [RECURRING_PROCESS_KEY, 'temporary-assistance'].includes(x.processKey))) {
        const e = await expected(r.countyCode, r.processKey, [m]);
        const where = `${m} ${r.countyCode} ${r.processKey}`;
        expect([where, r.filed, r.completed + r.rejected + r.withdrawnOrTerminated, r.inProgress, r.slaMet, r.slaBreached])
          .toEqual([where, e.filed, e.finished, e.inProgress, e.slaMet, e.slaBreached]);
        expect([where, r.byOutcome, r.flags]).toEqual([where, e.byOutcome, e.flags]);
        expect([where, cents(r.moneyGrantedYuan), cents(r.moneyPaidYuan), r.casesInPayment]).toEqual([where, e.grantedCents, e.paidCents, e.casesInPayment]);
      }
    }
    // The data is not empty where it matters: every column has something in the half-year.
    const all = half.months.flatMap((m) => monthly[m].rows);
    const sum = (f: (r: any) => number) => all.reduce((s, r) => s + f(r), 0);
    for (const col of [...ADDITIVE, 'moneyGrantedYuan', 'moneyPaidYuan', 'casesInPayment']) expect([col, sum((r) => r[col]) > 0]).toEqual([col, true]);
    expect(sum((r) => Object.keys(r.flags).length)).toBeGreaterThan(3);
    // Money granted and paid differ where a period is paid after local midnight or fails.
    expect(half.months.some((m) => monthly[m].rows.some((r: any) => r.moneyGrantedYuan !== r.moneyPaidYuan))).toBe(true);
  });

  it('季汇总 and 半年通报: the additive columns are the sums of their months; the others are recomputed', async () => {
    const reviewer = await sut.as('jijian.shi');
    for (const period of [...quarters, half]) {
      const res = await reviewer.get(`/api/reports/dispatch?period=${period.label}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ period: period.label, months: period.months, source: 'live', countyCode: null });
      expect(res.body.kind).toBe(period.months.length === 3 ? 'quarter' : 'half');
      expect(res.body.columns.additive).toEqual(expect.arrayContaining([...ADDITIVE, 'moneyGrantedYuan', 'moneyPaidYuan', 'byOutcome', 'entered', 'flags']));
      expect(res.body.rows.map((r: any) => `${r.countyCode}/${r.processKey}`)).toEqual(monthly[period.months[0]].rows.map((r: any) => `${r.countyCode}/${r.processKey}`));
      for (const r of res.body.rows) {
        const months = period.months.map((m) => monthly[m].rows.find((x: any) => x.countyCode === r.countyCode && x.processKey === r.processKey));
        const where = `${period.label} ${r.countyCode} ${r.processKey}`;
        for (const col of ADDITIVE) expect([where, col, r[col]]).toEqual([where, col, months.reduce((s, x) => s + x[col], 0)]);
        expect([where, cents(r.moneyGrantedYuan)]).toEqual([where, months.reduce((s, x) => s + cents(x.moneyGrantedYuan), 0)]);
        expect([where, cents(r.moneyPaidYuan)]).toEqual([where, months.reduce((s, x) => s + cents(x.moneyPaidYuan), 0)]);
        expect([where, r.byOutcome]).toEqual([where, months.reduce((acc, x) => addInto(acc, x.byOutcome), {})]);
        expect([where, r.flags]).toEqual([where, months.reduce((acc, x) => addInto(acc, x.flags), {})]);
        expect([where, r.entered]).toEqual([where, months.reduce((acc, x) => addInto(acc, x.entered), {})]);
        // Recomputed: open at the period's end is its last month's; the percentage from the period's own counts.
        expect([where, r.inProgress]).toEqual([where, months[months.length - 1].inProgress]);
        expect([where, r.slaMetPct]).toEqual([where, r.slaMet + r.slaBreached ? Math.round((r.slaMet * 1000) / (r.slaMet + r.slaBreached)) / 10 : null]);
        // A case paid in several months counts once.
        expect([where, r.casesInPayment]).toEqual([where, (await expected(r.countyCode, r.processKey, period.months)).casesInPayment]);
      }
    }
    const h = (await reviewer.get(`/api/reports/dispatch?period=${half.label}`)).body.rows.find((r: any) => r.processKey === RECURRING_PROCESS_KEY && r.countyCode === '370832');
    const monthsSum = half.months.reduce((s, m) => s + monthly[m].rows.find((x: any) => x.processKey === RECURRING_PROCESS_KEY && x.countyCode === '370832').casesInPayment, 0);
    expect(h.casesInPayment).toBeLessThan(monthsSum); // not summed: the same households are paid month after month
    // period=YYYY-MM is the month's report.
    const asPeriod = (await reviewer.get(`/api/reports/dispatch?period=${half.months[2]}`)).body;
    expect(asPeriod).toMatchObject({ period: half.months[2], month: half.months[2], kind: 'month' });
    expect(asPeriod.rows).toEqual(monthly[half.months[2]].rows);
  });

  it('the CSV carries the same figures, with a BOM, and its download is audited', async () => {
    const reviewer = await sut.as('jijian.shi');
    const json = (await reviewer.get(`/api/reports/dispatch?period=${half.label}`)).body;
    const csv = await reviewer.get(`/api/reports/dispatch?period=${half.label}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain(`dispatch-${half.label}.csv`);
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    const [header, ...lines] = csv.text.slice(1).trim().split('\r\n').map((l) => l.split(','));
    expect(lines).toHaveLength(json.rows.length);
    for (const r of json.rows) {
      const cells = lines.find((l) => l[0] === r.processKey && l[2] === r.countyCode)!;
      const cell = (name: string) => cells[header.indexOf(name)];
      for (const col of [...ADDITIVE, 'inProgress', 'casesInPayment']) expect([r.processKey, col, cell(col)]).toEqual([r.processKey, col, String(r[col])]);
      expect(cell('slaMetPct')).toBe(r.slaMetPct === null ? '' : String(r.slaMetPct));
      expect(cell('moneyGrantedYuan')).toBe(r.moneyGrantedYuan.toFixed(2));
      expect(cell('moneyPaidYuan')).toBe(r.moneyPaidYuan.toFixed(2));
      for (const code of Object.keys(json.titles.flags)) expect([code, cell(`flag:${code}`)]).toEqual([code, String(r.flags[code] ?? 0)]);
      for (const [o, k] of Object.entries(r.byOutcome)) expect([o, cell(`outcome:${o}`)]).toEqual([o, String(k)]);
    }
    const [entry] = await sut.ds.query(
      `SELECT payload FROM audit_entries WHERE action = 'EXPORT_DISPATCH_REPORT' AND actor_username = 'jijian.shi' ORDER BY id DESC LIMIT 1`,
    );
    expect(entry.payload).toMatchObject({ period: half.label, countyCode: null, format: 'csv', rows: json.rows.length, source: 'live' });
  });

  it('who may ask, and bad periods: the monthly report\'s rules; 400 naming the field', async () => {
    const civil = await sut.as('xian.liangshan.minzheng');
    const own = await civil.get(`/api/reports/dispatch?period=${quarters[0].label}`);
    expect(own.status).toBe(200);
    expect([...new Set(own.body.rows.map((r: any) => r.countyCode))]).toEqual(['370832']);
    expect((await civil.get(`/api/reports/dispatch?period=${quarters[0].label}&countyCode=370831`)).status).toBe(403);
    expect((await civil.get(`/api/reports/dispatch?period=${half.label}&countyCode=370831&format=csv`)).status).toBe(403);
    expect((await (await sut.as('zhen.xiaolukou')).get(`/api/reports/dispatch?period=${half.label}`)).status).toBe(403);
    expect((await (await sut.as('cun.yannali')).get(`/api/reports/dispatch?period=${half.label}`)).status).toBe(403);
    const bad = async (q: string, field: string) => {
      const r = await civil.get(`/api/reports/dispatch?${q}`);
      expect([q, r.status, r.headers['content-type'], r.body.errors?.[0]?.field]).toEqual([q, 400, expect.stringContaining('application/problem+json'), field]);
    };
    await bad('period=2026-Q5', 'period');
    await bad('period=2026-H3', 'period');
    await bad('period=2026Q1', 'period');
    await bad('period=2999-H1', 'period');
    await bad(`period=${half.label}&month=${half.months[0]}`, 'period');
    await bad(`period=${half.label}&countyCode=37`, 'countyCode');
    await bad(`period=${half.label}&format=pdf`, 'format');
    await bad('', 'month');
  });

  it('a month kept before these columns existed is computed live, not served short; rebuilt, it is served kept', async () => {
    const m = half.months[0];
    const reviewer = await sut.as('jijian.shi');
    for (const county of COUNTIES) {
      const old = monthly[m].rows.filter((r: any) => r.countyCode === county)
        .map(({ byOutcome, entered, flags, moneyGrantedYuan, moneyPaidYuan, casesInPayment, ...kept }: any) => kept);
      await sut.ds.query(`INSERT INTO dispatch_reports (month, county_code, built_by, rows) VALUES ($1, $2, 'before', $3)`, [m, county, JSON.stringify(old)]);
    }
    const served = (await reviewer.get(`/api/reports/dispatch?month=${m}`)).body;
    expect([served.source, served.rows]).toEqual(['live', monthly[m].rows]);
    const civil = await sut.as('xian.liangshan.minzheng');
    expect((await civil.post('/api/reports/dispatch/build', { month: m })).status).toBe(202);
    const kept = await eventually(async () => {
      const r = (await civil.get(`/api/reports/dispatch?month=${m}`)).body;
      return r.source === 'kept' ? r : undefined;
    }, 20000);
    expect(kept.rows).toEqual(monthly[m].rows.filter((r: any) => r.countyCode === '370832'));
  });
});
