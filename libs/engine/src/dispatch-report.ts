import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { actorChain, appendAudit } from '@app/audit';
import { Sql, inTransaction } from '@app/db';
import { ProcessRegistry, type ReportCategory, type Text } from '@app/processes';
import { enqueue, QUEUES } from '@app/queues';
import { FieldError, forbidden, invalid } from './errors';
import { ENGINE_FLAGS } from './engine-flags';
import { JurisdictionDirectory } from './jurisdiction-directory';
import { ReportPeriod, isMonthLabel, parseReportPeriod } from './report-period';
import { localTimeZone } from './work-queue-settings';
import { validateAgainst } from './schema-validator';

/**
 * How a finished case counts in the 月调度: the engine stores context.outcome, else the final
 * state's outcome, and each definition says which report category each of its outcomes counts in
 * (definition.outcomes). `completed` → completed; `refused` → rejected; withdrawn, terminated and
 * exited → neither, reported as `withdrawnOrTerminated`.
 */
export function outcomesCountedAs(processes: ProcessRegistry, category: ReportCategory): string[] {
  const keys = new Set<string>();
  for (const def of processes.everyVersion()) {
    for (const [outcome, o] of Object.entries(def.outcomes)) if (o.counts === category) keys.add(`${def.key}:${outcome}`);
  }
  return [...keys];
}

export interface DispatchRow {
  processKey: string;
  processTitle: string;
  countyCode: string;
  countyName: string;
  /** Cases filed in the month. */
  filed: number;
  /** Cases finished in the month, by their outcome's report category (see outcomesCountedAs). */
  completed: number;
  rejected: number;
  withdrawnOrTerminated: number;
  /** Cases open at the end of the month (or now, for the running month). */
  inProgress: number;
  /** SLA clocks stopped in time during the month / clocks whose due time passed in the month unmet. */
  slaMet: number;
  slaBreached: number;
  /** 0–100, one decimal; null when no clock was met or breached in the month. */
  slaMetPct: number | null;
  /**
   * The same by case (issue 20: people count cases, not deadlines): cases with a clock breached in
   * the period, and cases with a clock met in it and none breached. A case is counted once per
   * period, so these are recomputed over a quarter, not summed.
   */
  slaCasesMet: number;
  slaCasesBreached: number;
  /** Median hours spent in each state, over the stays that ended in the month (from the audit chain). */
  stageMedians: Record<string, number>;
  /** Cases finished in the month by their outcome (the definition's `outcomes` keys; the categories above sum these). */
  byOutcome: Record<string, number>;
  /**
   * Entries into each state in the month, by state (from the audit chain; filing enters the initial
   * state): what a process's stages saw, e.g. findings whose rectification was accepted.
   */
  entered: Record<string, number>;
  /** Flags raised on cases in the month, by code (the definition's `flags` and the engine's case flags). */
  flags: Record<string, number>;
  /**
   * Money, in yuan, from the payments table (processes with a disbursement or a paymentSchedule).
   * Granted: the payment rows that fell due in the month — a scheduled period counts when it was
   * scheduled (scheduled_at), a one-off disbursement, which has no schedule, when it was paid —
   * unless cancelled (the case had stopped paying when its job ran). The table keeps no separate
   * grant decision, so this is "queued for payment": failed and held periods included until they
   * are cancelled. Paid: rows paid in the month (paid_at).
   */
  moneyGrantedYuan: number;
  moneyPaidYuan: number;
  /** Cases with a payment granted or paid in the month (each case once). */
  casesInPayment: number;
}

/**
 * The columns that add up: a quarter's or half-year's figure is the sum of its months' (each counts
 * events by the time they happened). byOutcome, entered and flags add up key by key. The others are
 * recomputed over the whole period, never summed: inProgress (open at the period's end, i.e. its
 * last month's figure), slaMetPct (from the period's met and breached), stageMedians (over the stays
 * that ended in the period) and casesInPayment (a case paid in two months counts once).
 */
/**
 * The report's few large grouped queries run once each: PostgreSQL's JIT compiled them for longer
 * than they ran (a whole-city month's money query 2.9 s with JIT, 0.85 s without, at 200,000 cases).
 * Local to the report's transaction.
 */
/**
 * POST /api/reports/dispatch/build's body: the month to build (not after this month) and, without
 * countyCode, every county in the caller's reach.
 */
export const DISPATCH_BUILD_REQUEST_SCHEMA = {
  type: 'object', required: ['month'], additionalProperties: false,
  description: 'The month to build (not after this month); without countyCode every county in reach',
  properties: { month: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$' }, countyCode: { type: 'string', pattern: '^[0-9]{6}$' } },
};

const NO_JIT = `SET LOCAL jit = off`;

/** A clock (`k`, of case `c`) that fell due in the period ($2–$3) unmet, before its case finished. */
const BREACHED_IN_PERIOD = `(k.due_at >= $2 AND k.due_at < $3 AND k.due_at <= now()
  AND (k.status = 'breached' OR k.stopped_at IS NULL) AND (c.closed_at IS NULL OR c.closed_at > k.due_at))`;

export const ADDITIVE_COLUMNS = [
  'filed', 'completed', 'rejected', 'withdrawnOrTerminated', 'slaMet', 'slaBreached', 'moneyGrantedYuan', 'moneyPaidYuan', 'byOutcome', 'entered', 'flags',
] as const;
export const RECOMPUTED_COLUMNS = ['inProgress', 'slaMetPct', 'slaCasesMet', 'slaCasesBreached', 'stageMedians', 'casesInPayment'] as const;

/** One township's volumes under its county (月调度's township rows): always computed live from the cases. */
export interface DispatchTownshipRow {
  processKey: string;
  countyCode: string;
  townshipCode: string;
  townshipName: string;
  filed: number;
  completed: number;
  rejected: number;
  withdrawnOrTerminated: number;
  inProgress: number;
  slaCasesBreached: number;
}

export interface DispatchReportJob {
  month: string;
  countyCodes: string[] | null;
  requestedBy: string;
}

export interface DispatchQuery {
  month?: string;
  /** A month, quarter or half-year (report-period.ts); instead of `month`. */
  period?: string;
  countyCode?: string;
  format?: string;
}

/**
 * 月调度, 季汇总 and 半年通报 (the seed's "月调度、季汇总、半年通报"): per process and county, the
 * period's volumes and outcomes, SLA compliance, median stage durations, flags raised and money
 * granted and paid, computed in SQL from cases, sla_clocks, payments and the audit chains. The
 * worker keeps one report per month and county in `dispatch_reports` (built after each month ends
 * and on demand); a month's read serves the kept report when every county asked for has one,
 * otherwise computes it live. A kept report is a snapshot as of its `builtAt`. Quarters and
 * half-years are computed live over their months with the same definitions (ADDITIVE_COLUMNS).
 */
export class DispatchReports {
  constructor(private readonly ds: DataSource, private readonly processes: ProcessRegistry, private readonly dir: JurisdictionDirectory) {}

  /** GET /api/reports/dispatch (`month=` or `period=`). */
  async get(p: Principal, q: DispatchQuery) {
    const { period, counties } = await this.parse(p, q);
    const head = {
      period: period.label, kind: period.kind, months: period.months,
      // `month` as before for a monthly report (its clients read it).
      ...(period.kind === 'month' ? { month: period.label } : {}),
      countyCode: q.countyCode || null,
      columns: { additive: ADDITIVE_COLUMNS, recomputed: RECOMPUTED_COLUMNS },
      titles: this.titles(),
    };
    if (period.kind === 'month') {
      const kept = await this.ds.query(
        `SELECT county_code, built_at, rows, townships FROM dispatch_reports WHERE month = $1 AND county_code = ANY($2)`,
        [period.label, counties],
      );
      // A report kept before the money, outcome and flag columns existed is recomputed rather than served short.
      if (kept.length === counties.length && counties.length > 0
        && kept.every((k: any) => (k.rows as any[]).every((r) => r.byOutcome && r.entered && r.flags && r.slaCasesMet !== undefined))) {
        const rows = (kept as any[]).flatMap((k) => k.rows as DispatchRow[]).sort(byCountyThenProcess);
        const builtAt = new Date(Math.min(...kept.map((k: any) => new Date(k.built_at).getTime()))).toISOString();
        // Township rows kept with them, each county's in townships()'s order; kept before they existed: live.
        const townships = kept.every((k: any) => k.townships !== null)
          ? (kept as any[]).sort((a, b) => a.county_code.localeCompare(b.county_code)).flatMap((k) => k.townships as DispatchTownshipRow[])
          : await inTransaction(this.ds, (tx) => this.townships(tx, period.months, counties));
        return { ...head, source: 'kept' as const, builtAt, rows, townships };
      }
    }
    const { rows, townships } = await inTransaction(this.ds, async (tx) => {
      await tx.query(NO_JIT);
      return { rows: await this.compute(tx, period.months, counties), townships: await this.townships(tx, period.months, counties) };
    });
    return { ...head, source: 'live' as const, builtAt: null, rows, townships };
  }

  /** {zh,en} titles of the outcome keys and states (per process) and flag codes the rows may carry. */
  private titles() {
    const outcomes: Record<string, Record<string, Text>> = {};
    const states: Record<string, Record<string, Text>> = {};
    const flags: Record<string, Text> = {};
    for (const [code, f] of Object.entries(ENGINE_FLAGS)) if (f.source === 'case') flags[code] = f.title;
    for (const def of this.processes.everyVersion()) {
      const o = (outcomes[def.key] ??= {});
      for (const [k, spec] of Object.entries(def.outcomes)) o[k] ??= spec.title;
      const st = (states[def.key] ??= {});
      for (const [k, spec] of Object.entries(def.states)) st[k] ??= spec.title;
      for (const [code, f] of Object.entries(def.flags)) flags[code] ??= f.title;
    }
    return { outcomes, states, flags };
  }

  /**
   * CSV of a report (UTF-8 with BOM so spreadsheet programs read the Chinese names); the download is
   * audited. One outcome column per outcome any process declares and one flag column per flag code,
   * so the header is the same whatever the period holds; new columns come after the old ones.
   */
  async csv(p: Principal, q: DispatchQuery): Promise<{ filename: string; body: string }> {
    const report = await this.get(p, q);
    const states = [...new Set(report.rows.flatMap((r) => Object.keys(r.stageMedians)))].sort();
    // Declared keys, and any a row carries that no definition declares now (an older version's).
    const outcomes = [...new Set([...Object.values(report.titles.outcomes).flatMap((o) => Object.keys(o)), ...report.rows.flatMap((r) => Object.keys(r.byOutcome))])].sort();
    const flags = [...new Set([...Object.keys(report.titles.flags), ...report.rows.flatMap((r) => Object.keys(r.flags))])].sort();
    // States only as the period saw them (every state of every process would be dozens of empty columns).
    const entered = [...new Set(report.rows.flatMap((r) => Object.keys(r.entered)))].sort();
    const header = [
      'processKey', 'processTitle', 'countyCode', 'countyName', 'filed', 'completed', 'rejected', 'withdrawnOrTerminated',
      'inProgress', 'slaMet', 'slaBreached', 'slaMetPct', ...states.map((s) => `stageMedianHours:${s}`),
      'moneyGrantedYuan', 'moneyPaidYuan', 'casesInPayment', ...outcomes.map((o) => `outcome:${o}`), ...flags.map((f) => `flag:${f}`),
      ...entered.map((st) => `entered:${st}`),
    ];
    const lines = [header, ...report.rows.map((r) => [
      r.processKey, r.processTitle, r.countyCode, r.countyName, r.filed, r.completed, r.rejected, r.withdrawnOrTerminated,
      r.inProgress, r.slaMet, r.slaBreached, r.slaMetPct ?? '', ...states.map((s) => r.stageMedians[s] ?? ''),
      r.moneyGrantedYuan.toFixed(2), r.moneyPaidYuan.toFixed(2), r.casesInPayment,
      ...outcomes.map((o) => r.byOutcome[o] ?? 0), ...flags.map((f) => r.flags[f] ?? 0), ...entered.map((st) => r.entered[st] ?? 0),
    ])].map((cells) => cells.map(csvCell).join(','));
    await this.recordExport(p, report, 'csv');
    return { filename: `dispatch-${report.period}${report.countyCode ? `-${report.countyCode}` : ''}.csv`, body: `\uFEFF${lines.join('\r\n')}\r\n` };
  }

  /** POST /api/reports/dispatch/build: queues a build of the caller's counties for the month (202). */
  async requestBuild(p: Principal, body: unknown) {
    // Anything but an object is a mistake (no body at all reads as {}: month is then missing).
    if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
      throw invalid([{ field: '(body)', message: '请求体应为 JSON 对象，例如 {"month":"2026-11","countyCode":"370832"}', en: 'the body must be a JSON object, such as {"month":"2026-11","countyCode":"370832"}' }]);
    }
    const b = (body ?? {}) as Record<string, unknown>;
    // month and countyCode are parse()'s to explain, as for the report's query; the rest of the shape here.
    const shape = validateAgainst(DISPATCH_BUILD_REQUEST_SCHEMA, b, '').filter((e) => e.field !== 'month' && e.field !== 'countyCode');
    if (shape.length) throw invalid(shape);
    const { period, counties } = await this.parse(p, { month: b.month as string, countyCode: b.countyCode as string });
    const job: DispatchReportJob = { month: period.label, countyCodes: counties, requestedBy: p.username };
    await inTransaction(this.ds, (tx) => enqueue(tx, [{ queue: QUEUES.reports, name: 'dispatch', payload: job }]));
    return { month: period.label, countyCodes: counties, queued: true };
  }

  /** Builds and keeps the report (the worker's job). Idempotent: a rebuild replaces the kept rows. */
  async build(sql: Sql, month: string, countyCodes: string[] | null, builtBy: string): Promise<number> {
    const counties = countyCodes ?? (await this.allCounties(sql));
    if (counties.length === 0) return 0;
    await sql.query(NO_JIT);
    const rows = await this.compute(sql, [month], counties);
    const townships = await this.townships(sql, [month], counties);
    for (const county of counties) {
      await sql.query(
        `INSERT INTO dispatch_reports (month, county_code, built_at, built_by, rows, townships) VALUES ($1, $2, now(), $3, $4, $5)
         ON CONFLICT (month, county_code) DO UPDATE SET built_at = now(), built_by = EXCLUDED.built_by, rows = EXCLUDED.rows, townships = EXCLUDED.townships`,
        [month, county, builtBy, JSON.stringify(rows.filter((r) => r.countyCode === county)), JSON.stringify(townships.filter((t) => t.countyCode === county))],
      );
    }
    return counties.length;
  }

  /**
   * The monthly build: once last month is over, keep its report for every county that has none.
   * An advisory lock keeps several worker replicas from building it side by side.
   */
  async buildLastMonthIfMissing(): Promise<{ month: string; built: number }> {
    return inTransaction(this.ds, async (tx) => {
      const [{ month }] = await tx.query(
        `SELECT to_char(date_trunc('month', now() AT TIME ZONE $1) - interval '1 month', 'YYYY-MM') AS month`,
        [localTimeZone()],
      );
      const [{ locked }] = await tx.query(`SELECT pg_try_advisory_xact_lock(hashtext('dispatch-report-build')) AS locked`);
      if (!locked) return { month, built: 0 };
      const missing = (
        await tx.query(
          `SELECT j.code FROM jurisdictions j WHERE j.level = 'county'
             AND NOT EXISTS (SELECT 1 FROM dispatch_reports r WHERE r.month = $1 AND r.county_code = j.code) ORDER BY j.code`,
          [month],
        )
      ).map((r: any) => r.code as string);
      if (missing.length === 0) return { month, built: 0 };
      return { month, built: await this.build(tx, month, missing, 'monthly') };
    });
  }

  /**
   * The figures for the given counties over a run of whole months (one month, a quarter, a half-year),
   * in five grouped queries. Every additive column counts an event in the period its own time falls
   * in (filing, closing, entering a state, a clock stopping or falling due, a flag, a payment), and
   * nothing else decides whether it counts, so a period's figure is the sum of its months'.
   */
  async compute(sql: Sql, months: string[], counties: string[]): Promise<DispatchRow[]> {
    // Period bounds first, as constants: the planner estimates far better than through a CTE.
    const [{ s, e }] = await sql.query(
      `SELECT (($1 || '-01')::date::timestamp AT TIME ZONE $3) AS s, ((($2 || '-01')::date + interval '1 month')::timestamp AT TIME ZONE $3) AS e`,
      [months[0], months[months.length - 1], localTimeZone()],
    );
    const base = [counties, s, e];
    // Cases touching the period: filed before its end, not closed before its start.
    const touching = `c.county_code = ANY($1) AND c.filed_at < $3 AND (c.closed_at IS NULL OR c.closed_at >= $2)`;
    // Outcomes as `processKey:outcome`, so one word may count differently in two processes.
    const outcome = `(c.process_key || ':' || c.outcome)`;
    // One scan of the cases: grouped by outcome too, so the outcome counts come with the volumes.
    const cases = await sql.query(
      `SELECT c.process_key, c.county_code, c.outcome,
         count(*) FILTER (WHERE c.filed_at >= $2)::int AS filed,
         count(*) FILTER (WHERE c.closed_at < $3)::int AS finished,
         count(*) FILTER (WHERE c.closed_at < $3 AND ${outcome} = ANY($4))::int AS completed,
         count(*) FILTER (WHERE c.closed_at < $3 AND ${outcome} = ANY($5))::int AS rejected,
         count(*) FILTER (WHERE c.closed_at < $3 AND NOT (${outcome} = ANY($4) OR ${outcome} = ANY($5)))::int AS other,
         count(*) FILTER (WHERE c.closed_at IS NULL OR c.closed_at >= $3)::int AS in_progress
       FROM cases c WHERE ${touching}
       GROUP BY c.process_key, c.county_code, c.outcome`,
      [...base, outcomesCountedAs(this.processes, 'completed'), outcomesCountedAs(this.processes, 'refused')],
    );
    // A clock is met when stopped in time (counted in the month it stopped) and breached at its due
    // time (counted in the month it fell due) — whether or not the breach job has run yet, but not
    // when the case had finished before then (a clock left running on a closed case breaches nothing).
    const clocks = await sql.query(
      `SELECT c.process_key, c.county_code,
         count(*) FILTER (WHERE k.status = 'met' AND k.stopped_at >= $2 AND k.stopped_at < $3)::int AS met,
         count(*) FILTER (WHERE k.due_at >= $2 AND k.due_at < $3 AND k.due_at <= now()
                            AND (k.status = 'breached' OR k.stopped_at IS NULL)
                            AND (c.closed_at IS NULL OR c.closed_at > k.due_at))::int AS breached
       FROM sla_clocks k JOIN cases c ON c.id = k.case_id
       WHERE c.county_code = ANY($1) AND c.filed_at < $3 AND ((k.stopped_at >= $2 AND k.stopped_at < $3) OR (k.due_at >= $2 AND k.due_at < $3))
       GROUP BY c.process_key, c.county_code`,
      base,
    );
    // The same clocks by case: a case with any clock breached in the period is late, one with a clock
    // met and none breached is on time.
    const clockCases = await sql.query(
      `WITH per_case AS (
         SELECT c.process_key, c.county_code, c.id,
           bool_or(k.status = 'met' AND k.stopped_at >= $2 AND k.stopped_at < $3) AS met,
           bool_or(${BREACHED_IN_PERIOD}) AS breached
         FROM sla_clocks k JOIN cases c ON c.id = k.case_id
         WHERE c.county_code = ANY($1) AND c.filed_at < $3 AND ((k.stopped_at >= $2 AND k.stopped_at < $3) OR (k.due_at >= $2 AND k.due_at < $3))
         GROUP BY c.process_key, c.county_code, c.id)
       SELECT process_key, county_code, count(*) FILTER (WHERE met AND NOT breached)::int AS met, count(*) FILTER (WHERE breached)::int AS breached
       FROM per_case GROUP BY process_key, county_code`,
      base,
    );
    // A stay in a state runs from the audit entry that entered it to the next entry that left it;
    // entries from the period's end on cannot end a stay inside it. The same moves give the entries
    // into each state in the period (an entry in the period is on a case touching it).
    const stages = await sql.query(
      `WITH moves AS (
         SELECT c.process_key, c.county_code, e.to_state AS state, e.at AS entered_at,
           lead(e.at) OVER (PARTITION BY e.case_id ORDER BY e.seq) AS left_at
         FROM cases c JOIN audit_entries e ON e.case_id = c.id AND e.chain_id = 'case:' || c.id::text
         WHERE ${touching} AND e.at < $3 AND e.outcome = 'ok' AND e.from_state IS DISTINCT FROM e.to_state)
       SELECT process_key, county_code, state,
         (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM left_at - entered_at))
            FILTER (WHERE left_at >= $2 AND left_at < $3) / 3600)::float8 AS median_hours,
         count(*) FILTER (WHERE entered_at >= $2)::int AS entered
       FROM moves WHERE entered_at >= $2 OR (left_at >= $2 AND left_at < $3)
       GROUP BY process_key, county_code, state`,
      base,
    );
    // Flags live on the case row, each with the time it was raised.
    const flags = await sql.query(
      `SELECT c.process_key, c.county_code, fl->>'code' AS code, count(*)::int AS n
       FROM cases c CROSS JOIN LATERAL jsonb_array_elements(c.flags) fl
       WHERE c.county_code = ANY($1) AND c.filed_at < $3 AND (fl->>'at')::timestamptz >= $2 AND (fl->>'at')::timestamptz < $3
       GROUP BY c.process_key, c.county_code, fl->>'code'`,
      base,
    );
    // Money: see DispatchRow.moneyGrantedYuan. Sums in numeric, so cents stay exact.
    const granted = `(COALESCE(p.scheduled_at, p.paid_at) >= $2 AND COALESCE(p.scheduled_at, p.paid_at) < $3 AND p.status <> 'cancelled')`;
    const paid = `(p.status = 'paid' AND p.paid_at >= $2 AND p.paid_at < $3)`;
    const money = await sql.query(
      `SELECT c.process_key, c.county_code,
         COALESCE(sum(p.amount) FILTER (WHERE ${granted}), 0)::text AS granted,
         COALESCE(sum(p.amount) FILTER (WHERE ${paid}), 0)::text AS paid,
         count(DISTINCT p.case_id) FILTER (WHERE ${granted} OR ${paid})::int AS cases
       FROM payments p JOIN cases c ON c.id = p.case_id
       WHERE c.county_code = ANY($1) AND c.filed_at < $3
         AND ((COALESCE(p.scheduled_at, p.paid_at) >= $2 AND COALESCE(p.scheduled_at, p.paid_at) < $3) OR (p.paid_at >= $2 AND p.paid_at < $3))
       GROUP BY c.process_key, c.county_code`,
      base,
    );
    const key = (p: string, c: string) => `${p}|${c}`;
    const caseBy = new Map<string, { filed: number; completed: number; rejected: number; other: number; in_progress: number; byOutcome: Record<string, number> }>();
    for (const r of cases) {
      const k = key(r.process_key, r.county_code);
      const c = caseBy.get(k) ?? { filed: 0, completed: 0, rejected: 0, other: 0, in_progress: 0, byOutcome: {} };
      for (const col of ['filed', 'completed', 'rejected', 'other', 'in_progress'] as const) c[col] += r[col];
      if (r.outcome !== null && r.finished > 0) c.byOutcome[r.outcome] = r.finished;
      caseBy.set(k, c);
    }
    const clockBy = new Map<string, any>(clocks.map((r: any) => [key(r.process_key, r.county_code), r]));
    const clockCaseBy = new Map<string, any>(clockCases.map((r: any) => [key(r.process_key, r.county_code), r]));
    const moneyBy = new Map<string, any>(money.map((r: any) => [key(r.process_key, r.county_code), r]));
    const rows: DispatchRow[] = [];
    for (const county of counties) {
      for (const processKey of this.processes.keys()) {
        const k = key(processKey, county);
        const c = caseBy.get(k);
        const met = clockBy.get(k)?.met ?? 0;
        const breached = clockBy.get(k)?.breached ?? 0;
        const m = moneyBy.get(k);
        const stageMedians: Record<string, number> = {};
        const entered: Record<string, number> = {};
        for (const s of stages) {
          if (s.process_key !== processKey || s.county_code !== county) continue;
          if (s.median_hours !== null) stageMedians[s.state] = Number(s.median_hours);
          if (s.entered > 0) entered[s.state] = s.entered;
        }
        const raised: Record<string, number> = {};
        for (const f of flags) if (f.process_key === processKey && f.county_code === county) raised[f.code] = f.n;
        rows.push({
          processKey,
          processTitle: this.processes.latest(processKey)?.title.zh ?? processKey,
          countyCode: county,
          countyName: this.dir.name(county),
          filed: c?.filed ?? 0,
          completed: c?.completed ?? 0,
          rejected: c?.rejected ?? 0,
          withdrawnOrTerminated: c?.other ?? 0,
          inProgress: c?.in_progress ?? 0,
          slaMet: met,
          slaBreached: breached,
          slaMetPct: met + breached > 0 ? Math.round((met * 1000) / (met + breached)) / 10 : null,
          slaCasesMet: clockCaseBy.get(k)?.met ?? 0,
          slaCasesBreached: clockCaseBy.get(k)?.breached ?? 0,
          stageMedians,
          byOutcome: { ...c?.byOutcome },
          entered,
          flags: raised,
          moneyGrantedYuan: m ? Number(m.granted) : 0,
          moneyPaidYuan: m ? Number(m.paid) : 0,
          casesInPayment: m?.cases ?? 0,
        });
      }
    }
    return rows.sort(byCountyThenProcess);
  }

  /**
   * 乡镇 rows: each township's volumes under its county, by process (the columns people compare
   * townships by), from the cases and their clocks, in one grouped query; townships with nothing in
   * the period are left out.
   */
  async townships(sql: Sql, months: string[], counties: string[]): Promise<DispatchTownshipRow[]> {
    const [{ s, e }] = await sql.query(
      `SELECT (($1 || '-01')::date::timestamp AT TIME ZONE $3) AS s, ((($2 || '-01')::date + interval '1 month')::timestamp AT TIME ZONE $3) AS e`,
      [months[0], months[months.length - 1], localTimeZone()],
    );
    const outcome = `(c.process_key || ':' || c.outcome)`;
    const rows = await sql.query(
      `SELECT c.process_key, c.county_code, c.township_code,
         count(*) FILTER (WHERE c.filed_at >= $2)::int AS filed,
         count(*) FILTER (WHERE c.closed_at < $3 AND ${outcome} = ANY($4))::int AS completed,
         count(*) FILTER (WHERE c.closed_at < $3 AND ${outcome} = ANY($5))::int AS rejected,
         count(*) FILTER (WHERE c.closed_at < $3 AND NOT (${outcome} = ANY($4) OR ${outcome} = ANY($5)))::int AS other,
         count(*) FILTER (WHERE c.closed_at IS NULL OR c.closed_at >= $3)::int AS in_progress,
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM sla_clocks k WHERE k.case_id = c.id AND k.due_at >= $2 AND k.due_at < $3 AND ${BREACHED_IN_PERIOD}))::int AS late
       FROM cases c WHERE c.county_code = ANY($1) AND c.filed_at < $3 AND (c.closed_at IS NULL OR c.closed_at >= $2)
       GROUP BY c.process_key, c.county_code, c.township_code
       ORDER BY c.county_code, c.township_code, c.process_key`,
      [counties, s, e, outcomesCountedAs(this.processes, 'completed'), outcomesCountedAs(this.processes, 'refused')],
    );
    return rows.map((r: any) => ({
      processKey: r.process_key, countyCode: r.county_code, townshipCode: r.township_code, townshipName: this.dir.name(r.township_code),
      filed: r.filed, completed: r.completed, rejected: r.rejected, withdrawnOrTerminated: r.other, inProgress: r.in_progress, slaCasesBreached: r.late,
    }));
  }

  /** Records a download of the report on the caller's chain (CSV and xlsx alike). */
  async recordExport(p: Principal, report: { period: string; countyCode: string | null; rows: unknown[]; source: string }, format: string) {
    await inTransaction(this.ds, (tx) =>
      appendAudit(tx, {
        chainId: actorChain(p.id), caseId: null, at: new Date(), actorId: p.id, actorUsername: p.username, actorRole: p.roles.join(','),
        jurisdictionCode: p.jurisdiction.code, action: 'EXPORT_DISPATCH_REPORT', outcome: 'ok', fromState: null, toState: null,
        payload: { period: report.period, countyCode: report.countyCode, format, rows: report.rows.length, source: report.source },
      }),
    );
  }

  /**
   * The period and the counties a caller may ask for: county- and city-level staff, over the
   * counties of their subtree (one named county, or all of them). `month=YYYY-MM` as ever, or
   * `period=` a month, quarter (YYYY-Qn) or half-year (YYYY-Hn); a period may not start after this month.
   */
  private async parse(p: Principal, q: DispatchQuery): Promise<{ period: ReportPeriod; counties: string[] }> {
    const errors: FieldError[] = [];
    let period: ReportPeriod | null = null;
    let field: 'month' | 'period' = 'month';
    if (q.period !== undefined && q.period !== '') {
      field = 'period';
      if (q.month !== undefined && q.month !== '') errors.push({ field: 'period', message: '请只给出 month 或 period 之一', en: 'give either month or period, not both' });
      else if (typeof q.period !== 'string' || !(period = parseReportPeriod(q.period))) {
        errors.push({ field: 'period', message: '期间格式应为 YYYY-MM（月）、YYYY-Q1…Q4（季度）或 YYYY-H1/H2（半年），例如 2026-Q3', en: 'the period must be YYYY-MM (month), YYYY-Q1…Q4 (quarter) or YYYY-H1/H2 (half-year), such as 2026-Q3' });
      }
    } else if (typeof q.month !== 'string' || !isMonthLabel(q.month)) {
      errors.push({ field: 'month', message: '月份格式应为 YYYY-MM，例如 2026-05', en: 'the month must be YYYY-MM, such as 2026-05' });
    } else {
      period = parseReportPeriod(q.month);
    }
    if (q.countyCode !== undefined && q.countyCode !== '' && (typeof q.countyCode !== 'string' || !/^[0-9]{6}$/.test(q.countyCode))) {
      errors.push({ field: 'countyCode', message: '县（市、区）代码应为 6 位数字', en: 'the county code must be 6 digits' });
    }
    if (errors.length || !period) throw invalid(errors);
    const [{ current }] = await this.ds.query(`SELECT to_char(now() AT TIME ZONE $1, 'YYYY-MM') AS current`, [localTimeZone()]);
    if (period.months[0] > current) {
      throw invalid([field === 'month'
        ? { field, message: `月份不能晚于本月（${current}）`, en: `the month cannot be after this month (${current})` }
        : { field, message: `期间不能晚于本月（${current}）开始`, en: `the period cannot start after this month (${current})` }]);
    }
    if (!['county', 'city'].includes(p.jurisdiction.level)) throw forbidden({ zh: '月调度报表面向县级及以上人员；乡镇、村级人员请查看本辖区的队列统计', en: 'The monthly dispatch report is for county level and above; townships and villages see their queue statistics' });
    const inScope = this.dir.subtree(p.jurisdiction.code).filter((n) => n.level === 'county').map((n) => n.code).sort();
    if (q.countyCode) {
      const node = await this.dir.find(q.countyCode);
      if (!node || node.level !== 'county') throw invalid([{ field: 'countyCode', message: '县（市、区）代码不存在', en: 'no such county code' }]);
      if (!inScope.includes(node.code)) throw forbidden({ zh: `「${node.name}」不在您的辖区（${p.jurisdiction.name}）内`, en: `"${node.name}" is not within your jurisdiction (${p.jurisdiction.name})` });
      return { period, counties: [node.code] };
    }
    return { period, counties: inScope };
  }

  private async allCounties(sql: Sql): Promise<string[]> {
    return (await sql.query(`SELECT code FROM jurisdictions WHERE level = 'county' ORDER BY code`)).map((r: any) => r.code);
  }
}

function byCountyThenProcess(a: DispatchRow, b: DispatchRow): number {
  return a.countyCode.localeCompare(b.countyCode) || a.processKey.localeCompare(b.processKey);
}

/** RFC 4180 quoting, and a leading apostrophe on text a spreadsheet would run as a formula. */
function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (typeof v === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
