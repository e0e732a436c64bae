import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { LEVEL_COLUMN } from '@app/access';
import { ENGINE_FLAGS, decodeOffsetCursor, encodeOffsetCursor, invalid } from '@app/engine';
import { ProcessRegistry, type Text } from '@app/processes';
import { scrubPii } from '@app/registry';
import { parseInstant } from '../audit/audit-filter';
import { FLAG_SETTINGS, FlagSettings } from './flag-settings';

/** Flags read from the audit trail (what people did, not what the case is): the engine's own. */
export const AUDIT_FLAG_CODES = Object.keys(ENGINE_FLAGS).filter((code) => ENGINE_FLAGS[code].source === 'audit');

export interface FlagQuery {
  code?: string;
  countyCode?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: string;
}

export interface FlagItem {
  code: string;
  /** The case the flag points at (for rapid_decisions: the decision that completed the burst). */
  caseId: string;
  at: string;
  detail: Record<string, unknown>;
  /** The audit entries behind the flag: open them with GET /api/audit?caseId= or the case history. */
  auditEntryIds: number[];
  /** Every case involved (one, except rapid_decisions). */
  caseIds: string[];
  countyCode: string;
  processKey: string;
}

interface Filters {
  where: string[];
  params: unknown[];
}

/**
 * GET /api/flags: what deserves a reviewer's look inside the caller's subtree (优亲厚友, 虚报冒领,
 * 化整为零, formalism and late action), each with the case and the audit entries behind it.
 * Items are newest first; `counts` are per code under the same filters except `code`, so a
 * filtered page still shows what else there is.
 */
@Injectable()
export class FlagFinder {
  /** `processKey:EVENT` of every decision (an event in a separation-of-duties decision group). */
  private readonly decisions: string[];
  /**
   * Flags raised on the case row that reviewers see: the engine's (relative declarations) and every
   * flag a definition declares with `reviewers: true` (filing checks, SLA clocks, transitions).
   */
  readonly caseCodes: string[];
  /** Every code the list may show, case and audit flags, with its title. */
  readonly codes: string[];
  readonly titles: Record<string, Text>;

  constructor(private readonly ds: DataSource, processes: ProcessRegistry, @Inject(FLAG_SETTINGS) private readonly settings: FlagSettings) {
    this.decisions = processes.all().flatMap((def) =>
      Object.entries(def.events).filter(([, e]) => e.decisionGroup).map(([type]) => `${def.key}:${type}`),
    );
    const titles: Record<string, Text> = {};
    const caseCodes = new Set<string>();
    for (const [code, f] of Object.entries(ENGINE_FLAGS)) {
      titles[code] = f.title;
      if (f.source === 'case') caseCodes.add(code);
    }
    for (const def of processes.everyVersion()) {
      for (const [code, f] of Object.entries(def.flags)) {
        if (!f.reviewers) continue;
        caseCodes.add(code);
        titles[code] ??= f.title;
      }
    }
    this.caseCodes = [...caseCodes];
    this.codes = [...this.caseCodes, ...AUDIT_FLAG_CODES];
    this.titles = titles;
  }

  async find(p: Principal, q: FlagQuery) {
    for (const [k, v] of Object.entries(q)) {
      if (v !== undefined && typeof v !== 'string') throw invalid([{ field: k, message: '同一参数只能出现一次', en: 'give this parameter only once' }]);
    }
    const limit = q.limit === undefined || q.limit === '' ? 100 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalid([{ field: 'limit', message: '应为 1–500 的整数', en: 'must be an integer from 1 to 500' }]);
    const offset = q.cursor ? decodeOffsetCursor(q.cursor) : 0;
    if (q.code && !this.codes.includes(q.code)) throw invalid([{ field: 'code', message: `应为以下之一：${this.codes.join('、')}`, en: `must be one of: ${this.codes.join(', ')}` }]);
    if (q.countyCode && !/^[0-9]{6}$/.test(q.countyCode)) throw invalid([{ field: 'countyCode', message: '应为 6 位县级行政区划代码', en: 'must be a 6-digit county code' }]);
    const from = q.from ? parseInstant('from', q.from) : null;
    const to = q.to ? parseInstant('to', q.to) : null;
    const want = (code: string) => !q.code || q.code === code;
    const take = offset + limit + 1;

    const [caseFlags, refused, offHours, rapid] = await Promise.all([
      this.caseFlags(p, q.countyCode, from, to, q.code && this.caseCodes.includes(q.code) ? [q.code] : q.code ? [] : this.caseCodes, take),
      this.refusedDecisions(p, q.countyCode, from, to, want('refused_decision_attempt') ? take : 0),
      this.offHoursDecisions(p, q.countyCode, from, to, want('off_hours_decision') ? take : 0),
      this.rapidDecisions(p, q.countyCode, from, to),
    ]);
    const counts: Record<string, number> = { ...caseFlags.counts };
    if (refused.count) counts.refused_decision_attempt = refused.count;
    if (rapid.length) counts.rapid_decisions = rapid.length;
    if (offHours.count) counts.off_hours_decision = offHours.count;
    const items = [...caseFlags.items, ...refused.items, ...offHours.items, ...(want('rapid_decisions') ? rapid : [])];
    items.sort((a, b) => b.at.localeCompare(a.at) || a.code.localeCompare(b.code) || a.caseId.localeCompare(b.caseId));
    // Flag details carry free text (reasons, review comments): full ID numbers in it are masked.
    const page = scrubPii(items.slice(offset, offset + limit));
    return {
      items: page,
      counts,
      /** Display names of the usernames the page's details name (actor, usernames): one lookup per page. */
      people: await this.peopleNamed(page),
      nextCursor: items.length > offset + limit ? encodeOffsetCursor(offset + limit) : null,
      /** {zh, en} title of every code the list may show (the engine's and the processes'). */
      titles: this.titles,
      settings: {
        rapidDecisions: { count: this.settings.rapidDecisionsCount, windowMinutes: this.settings.rapidDecisionsWindowMinutes },
        offHours: this.settings.offHoursText,
        timeZone: this.settings.timeZone,
      },
    };
  }

  /**
   * Display names of the login names in the details (issue 20: people by name, not login), as the
   * case view's `people` does for a context: every string a detail holds at its top level or in a
   * list, looked up at once; strings that are no username simply find no user.
   */
  private async peopleNamed(items: FlagItem[]): Promise<Record<string, string>> {
    const strings = new Set<string>();
    for (const f of items) {
      for (const v of Object.values(f.detail ?? {})) {
        for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string') strings.add(x);
      }
    }
    if (strings.size === 0) return {};
    const rows: Array<{ username: string; display_name: string }> = await this.ds.query(
      `SELECT username, display_name FROM users WHERE username = ANY($1::text[])`, [[...strings]],
    );
    return Object.fromEntries(rows.map((r) => [r.username, r.display_name]));
  }

  /** Cases in the caller's subtree (and county), as conditions over `cases c`. */
  private scope(p: Principal, countyCode: string | undefined): Filters {
    const f: Filters = { where: [`c.${LEVEL_COLUMN[p.jurisdiction.level]} = $1`], params: [p.jurisdiction.code] };
    if (countyCode) {
      f.params.push(countyCode);
      f.where.push(`c.county_code = $${f.params.length}`);
    }
    return f;
  }

  private between(f: Filters, column: string, from: Date | null, to: Date | null) {
    if (from) {
      f.params.push(from);
      f.where.push(`${column} >= $${f.params.length}`);
    }
    if (to) {
      f.params.push(to);
      f.where.push(`${column} < $${f.params.length}`);
    }
  }

  /** Decisions over `audit_entries e JOIN cases c`: entries of case chains whose event is a decision. */
  private decisionsOnly(f: Filters, outcome: 'ok' | 'refused') {
    f.params.push(this.decisions);
    f.where.push(`(c.process_key || ':' || e.action) = ANY($${f.params.length})`, `e.outcome = '${outcome}'`, `e.actor_id IS NOT NULL`);
    // Accepted decisions are entries of the case's own chain; refusals live on the actor's chain.
    if (outcome === 'ok') f.where.push(`e.chain_id = 'case:' || c.id::text`);
  }

  private async caseFlags(p: Principal, countyCode: string | undefined, from: Date | null, to: Date | null, codes: string[], take: number) {
    const f = this.scope(p, countyCode);
    this.between(f, `(fl->>'at')::timestamptz`, from, to);
    const base = `FROM cases c CROSS JOIN LATERAL jsonb_array_elements(c.flags) fl WHERE ${f.where.join(' AND ')}`;
    const countRows = await this.ds.query(
      `SELECT fl->>'code' AS code, count(*)::int AS n ${base} AND fl->>'code' = ANY($${f.params.length + 1}) GROUP BY 1`,
      [...f.params, this.caseCodes],
    );
    const counts = Object.fromEntries(countRows.map((r: any) => [r.code, r.n]));
    if (codes.length === 0) return { items: [] as FlagItem[], counts };
    // The entries behind a case flag are those its transaction wrote: same case chain, same instant.
    const rows = await this.ds.query(
      `SELECT c.id, c.county_code, c.process_key, fl->>'code' AS code, fl->>'at' AS at, fl->'detail' AS detail,
         ARRAY(SELECT e.id FROM audit_entries e WHERE e.chain_id = 'case:' || c.id::text AND e.at = (fl->>'at')::timestamptz ORDER BY e.seq) AS entry_ids
       ${base} AND fl->>'code' = ANY($${f.params.length + 1})
       ORDER BY (fl->>'at')::timestamptz DESC, c.id LIMIT $${f.params.length + 2}`,
      [...f.params, codes, take],
    );
    const items: FlagItem[] = rows.map((r: any) => ({
      code: r.code, caseId: r.id, at: new Date(r.at).toISOString(), detail: r.detail ?? {}, auditEntryIds: r.entry_ids.map(Number),
      caseIds: [r.id], countyCode: r.county_code, processKey: r.process_key,
    }));
    return { items, counts };
  }

  private async refusedDecisions(p: Principal, countyCode: string | undefined, from: Date | null, to: Date | null, take: number) {
    const f = this.scope(p, countyCode);
    this.decisionsOnly(f, 'refused');
    this.between(f, 'e.at', from, to);
    const base = `FROM audit_entries e JOIN cases c ON c.id = e.case_id WHERE ${f.where.join(' AND ')}`;
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n ${base}`, f.params);
    if (!take || !n) return { items: [] as FlagItem[], count: n as number };
    const rows = await this.ds.query(
      `SELECT e.id, e.case_id, e.at, e.actor_username, e.actor_role, e.action, e.from_state, e.payload, c.county_code, c.process_key
       ${base} ORDER BY e.at DESC, e.id DESC LIMIT $${f.params.length + 1}`,
      [...f.params, take],
    );
    const items: FlagItem[] = rows.map((r: any) => ({
      code: 'refused_decision_attempt', caseId: r.case_id, at: new Date(r.at).toISOString(),
      detail: { actor: r.actor_username, roles: r.actor_role, action: r.action, state: r.from_state, status: r.payload?.status ?? null, reason: r.payload?.reason ?? null },
      auditEntryIds: [Number(r.id)], caseIds: [r.case_id], countyCode: r.county_code, processKey: r.process_key,
    }));
    return { items, count: n as number };
  }

  /** Local time of day inside the configured off hours; null when start = end (no off hours). */
  private offHoursCondition(f: Filters): { cond: string; tz: string } | null {
    const { offHoursStart: s, offHoursEnd: e, timeZone } = this.settings;
    if (s === e) return null;
    f.params.push(timeZone);
    const tz = `$${f.params.length}`;
    const minute = `(extract(hour FROM e.at AT TIME ZONE ${tz}) * 60 + extract(minute FROM e.at AT TIME ZONE ${tz}))`;
    return { cond: s < e ? `(${minute} >= ${s} AND ${minute} < ${e})` : `(${minute} >= ${s} OR ${minute} < ${e})`, tz };
  }

  private async offHoursDecisions(p: Principal, countyCode: string | undefined, from: Date | null, to: Date | null, take: number) {
    const f = this.scope(p, countyCode);
    this.decisionsOnly(f, 'ok');
    this.between(f, 'e.at', from, to);
    const off = this.offHoursCondition(f);
    if (!off) return { items: [] as FlagItem[], count: 0 };
    f.where.push(off.cond);
    const base = `FROM audit_entries e JOIN cases c ON c.id = e.case_id WHERE ${f.where.join(' AND ')}`;
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n ${base}`, f.params);
    if (!take || !n) return { items: [] as FlagItem[], count: n as number };
    const rows = await this.ds.query(
      `SELECT e.id, e.case_id, e.at, e.actor_username, e.action, c.county_code, c.process_key,
         to_char(e.at AT TIME ZONE ${off.tz}, 'YYYY-MM-DD HH24:MI') AS local_time
       ${base} ORDER BY e.at DESC, e.id DESC LIMIT $${f.params.length + 1}`,
      [...f.params, take],
    );
    const items: FlagItem[] = rows.map((r: any) => ({
      code: 'off_hours_decision', caseId: r.case_id, at: new Date(r.at).toISOString(),
      detail: { actor: r.actor_username, action: r.action, localTime: r.local_time, timeZone: this.settings.timeZone, offHours: this.settings.offHoursText },
      auditEntryIds: [Number(r.id)], caseIds: [r.case_id], countyCode: r.county_code, processKey: r.process_key,
    }));
    return { items, count: n as number };
  }

  /**
   * Bursts of decisions: `count` or more decisions by one user within `window` minutes. A window
   * count per decision (SQL) finds the users concerned; overlapping windows of one user are merged
   * into one burst, reported once with every case and entry in it.
   */
  private async rapidDecisions(p: Principal, countyCode: string | undefined, from: Date | null, to: Date | null): Promise<FlagItem[]> {
    const { rapidDecisionsCount: threshold, rapidDecisionsWindowMinutes: minutes } = this.settings;
    const windowMs = minutes * 60000;
    const f = this.scope(p, countyCode);
    this.decisionsOnly(f, 'ok');
    this.between(f, 'e.at', from ? new Date(from.getTime() - windowMs) : null, to);
    f.params.push(`${minutes} minutes`);
    const win = `$${f.params.length}::interval`;
    f.params.push(threshold);
    const rows = await this.ds.query(
      `WITH d AS (
         SELECT e.id, e.actor_id, e.actor_username, e.case_id, e.at, c.county_code, c.process_key,
           count(*) OVER (PARTITION BY e.actor_id ORDER BY e.at RANGE BETWEEN ${win} PRECEDING AND CURRENT ROW) AS n
         FROM audit_entries e JOIN cases c ON c.id = e.case_id WHERE ${f.where.join(' AND ')})
       SELECT * FROM d WHERE actor_id IN (SELECT actor_id FROM d WHERE n >= $${f.params.length}) ORDER BY actor_id, at, id`,
      f.params,
    );
    const bursts: FlagItem[] = [];
    let i = 0;
    while (i < rows.length) {
      let j = i;
      while (j < rows.length && rows[j].actor_id === rows[i].actor_id) j++;
      bursts.push(...this.burstsOf(rows.slice(i, j), threshold, windowMs, minutes));
      i = j;
    }
    return bursts.filter((b) => (!from || new Date(b.at) >= from) && (!to || new Date(b.at) < to));
  }

  private burstsOf(rows: any[], threshold: number, windowMs: number, minutes: number): FlagItem[] {
    const t = rows.map((r) => new Date(r.at).getTime());
    // Every window [start, end] holding `threshold` decisions; windows that share a decision merge.
    const merged: Array<[number, number]> = [];
    for (let end = 0, start = 0; end < rows.length; end++) {
      while (t[end] - t[start] > windowMs) start++;
      if (end - start + 1 < threshold) continue;
      const prev = merged[merged.length - 1];
      if (prev && start <= prev[1]) prev[1] = end;
      else merged.push([start, end]);
    }
    return merged.map(([a, b]) => {
      const burst = rows.slice(a, b + 1);
      const last = burst[burst.length - 1];
      const caseIds = [...new Set(burst.map((r) => r.case_id as string))];
      return {
        code: 'rapid_decisions', caseId: last.case_id, at: new Date(last.at).toISOString(),
        detail: {
          actor: last.actor_username, decisions: burst.length, cases: caseIds.length, threshold, windowMinutes: minutes,
          firstAt: new Date(burst[0].at).toISOString(), lastAt: new Date(last.at).toISOString(),
        },
        auditEntryIds: burst.map((r) => Number(r.id)), caseIds, countyCode: last.county_code, processKey: last.process_key,
      };
    });
  }
}
