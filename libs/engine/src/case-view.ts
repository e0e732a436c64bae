import type { Localized } from './errors';
import type { Principal } from '@app/access';
import type { EventHints, ProcessDefinition } from '@app/processes';
import { eventsInState } from '@app/processes';
import { scrubPii } from '@app/registry';
import { authorizeEvent, relativeConflict } from './authorization';
import { CaseRow, Flag } from './case-row';
import { JurisdictionDirectory } from './jurisdiction-directory';
import { actingAs, type OnBehalfOf } from './delegations';
import { SUBJECT_ACTORS_SQL } from './repositories/cases';
import { isVisibleTo } from './visibility';

/** A case row plus its open tasks, clocks and armed deadlines (read in the same query). */
export interface CaseRowWithParts extends CaseRow {
  viewers?: string[] | null;
  /** Open cases about this one (ProcessDeclarations.subject), each shown only to who may see it. */
  open_cases_about?: any[];
  open_tasks: any[];
  clocks: any[];
  deadlines: any[];
  payments: any[];
  /** Display names of the users the context names by username (an assigned lawyer). */
  people?: Record<string, string>;
}

/**
 * Where a view's tasks, clocks and deadlines are read from: the tables, or, in an event's own write
 * statement, the rows as that statement leaves them (case-queries.ts decidedViewColumns).
 */
export interface CasePartSources {
  tasks: string;
  clocks: string;
  timers: string;
  /**
   * What the writer of the row already knows, as SQL (an event's or a filing's own statement):
   * the context's usernames as a text[] (else read from the row's context), and the subject's actors
   * (else read from the subject's chain). Each saves a subquery on every event's answer (ADR 0011).
   */
  usernames?: string;
  subjectActors?: string;
}

const PART_TABLES: CasePartSources = { tasks: 'tasks', clocks: 'sla_clocks', timers: 'case_timers' };

/**
 * The columns a case view adds to the case row aliased `c`. `people` looks the context's values up
 * as an array (= ANY): as `IN (SELECT …)` it was planned as a hash join over every user (2.8 ms with
 * 20,000 users against 0.05 ms by the username index), on every view and every event's answer.
 */
export const casePartsColumns = (c: string, from: CasePartSources = PART_TABLES) => `
    (SELECT coalesce(json_agg(t ORDER BY t.created_at), '[]') FROM (SELECT t.*, cu.display_name AS claimed_by_name FROM ${from.tasks} t
       LEFT JOIN users cu ON cu.id = t.claimed_by WHERE t.case_id = ${c}.id AND t.status IN ('open','claimed')) t) AS open_tasks,
    (SELECT coalesce(json_object_agg(pu.username, pu.display_name), '{}') FROM users pu
       WHERE pu.username = ANY(${from.usernames ?? `ARRAY(SELECT x.value FROM jsonb_each_text(${c}.context) x)`})) AS people,
    (SELECT coalesce(json_agg(k ORDER BY k.started_at, k.name), '[]') FROM ${from.clocks} k WHERE k.case_id = ${c}.id) AS clocks,
    (SELECT coalesce(json_agg(m ORDER BY m.due_at), '[]') FROM ${from.timers} m WHERE m.case_id = ${c}.id AND m.status = 'armed') AS deadlines,
    (SELECT coalesce(json_agg(y ORDER BY y.period), '[]') FROM (SELECT period, status, amount, payment_ref, paid_at, error FROM payments WHERE case_id = ${c}.id) y) AS payments,
    (SELECT coalesce(json_agg(json_build_object('id', a.id, 'process_key', a.process_key, 'process_version', a.process_version,
        'state', a.state, 'filed_at', a.filed_at, 'viewers', a.viewers, 'village_code', a.village_code, 'township_code', a.township_code,
        'county_code', a.county_code, 'city_code', a.city_code) ORDER BY a.filed_at), '[]')
       FROM cases a WHERE a.subject_case_id = ${c}.id AND a.closed_at IS NULL) AS open_cases_about,
    ${from.subjectActors ?? SUBJECT_ACTORS_SQL(c)} AS subject_actor_ids`;

/** One query for everything a case view shows. */
export const CASE_WITH_PARTS_SQL = `
  SELECT c.*, ${casePartsColumns('c')}
  FROM cases c WHERE c.id = $1`;

export function taskView(t: any, def: ProcessDefinition | undefined, now = new Date()) {
  const stateTitle = def?.states[t.state]?.title;
  const escalation = typeof t.kind === 'string' && t.kind.startsWith('escalation:');
  // An entry task is named by its declaration, not by the state it was opened in.
  const entry = t.entry_index !== null && t.entry_index !== undefined ? def?.entryTasks?.find((e) => e.kind === t.kind) : undefined;
  return {
    id: t.id,
    caseId: t.case_id,
    processKey: t.process_key,
    kind: t.kind,
    title: escalation
      ? { zh: `督办：${stateTitle?.zh ?? t.state} 超时预警`, en: `Escalation: ${stateTitle?.en ?? t.state}` }
      : entry
        ? { zh: `${entry.title.zh}（第 ${t.entry_index + 1} 项）`, en: `${entry.title.en} (#${t.entry_index + 1})` }
        : stateTitle ?? { zh: t.state, en: t.state },
    entryIndex: t.entry_index ?? null,
    role: t.role,
    jurisdictionCode: t.jurisdiction_code,
    lane: t.lane,
    laneReason: null as null | { zh: string; en: string },
    assignee: t.assignee_username ?? null,
    escalationOf: t.escalation_of ?? null,
    dueAt: t.due_at ? new Date(t.due_at).toISOString() : null,
    overdue: t.due_at ? new Date(t.due_at).getTime() < now.getTime() : false,
    status: t.status,
    claimedBy: t.claimed_by ?? null,
    /** Who claimed it, as people call them (the id is for the api). */
    claimedByName: t.claimed_by_name ?? null,
    claimedAt: t.claimed_at ? new Date(t.claimed_at).toISOString() : null,
    createdAt: new Date(t.created_at).toISOString(),
    /** 催办: how often a supervisor urged this task, and the latest urge {at, by, message}. */
    urges: Number(t.urge_count ?? 0),
    lastUrge: (t.last_urge ?? null) as null | { at: string; by: string; message: string },
  };
}

export function clockView(k: any, def: ProcessDefinition) {
  const spec = def.clocks?.find((s) => s.name === k.name);
  return {
    name: k.name,
    title: spec?.title ?? { zh: k.name, en: k.name },
    basis: spec?.basis ?? null,
    startedAt: iso(k.started_at),
    warnAt: iso(k.warn_at),
    dueAt: iso(k.due_at),
    status: k.status,
    warnedAt: iso(k.warned_at),
    breachedAt: iso(k.breached_at),
    stoppedAt: iso(k.stopped_at),
    stopEvent: k.stop_event ?? null,
    // A paused clock has no due time; it keeps the time that was left (ClockSpec.pauseOn).
    paused: !!k.paused_at,
    pausedAt: iso(k.paused_at),
    resumedAt: iso(k.resumed_at),
    remainingMs: k.remaining_ms === null || k.remaining_ms === undefined ? null : Number(k.remaining_ms),
    pausedMs: Number(k.paused_ms ?? 0),
  };
}

/** ISO time, or null (also for 'infinity', the due time of a paused clock). */
const iso = (d: any) => {
  const t = d ? new Date(d) : null;
  return t && Number.isFinite(t.getTime()) ? t.toISOString() : null;
};

/** Event types this caller could send now (state allows it and authorization passes), also for colleagues they stand in for. */
export function availableEvents(p: Principal, def: ProcessDefinition, c: CaseRow, delegations: OnBehalfOf[] = []): string[] {
  if (def.states[c.state]?.final) return [];
  const as = [p, ...delegations.map((d) => ({ ...p, onBehalfOf: d }))];
  return eventsInState(def, c.state).filter((type) => {
    const spec = def.events[type];
    return spec && spec.actors !== 'system' && as.some((q) => authorizeEvent(q, type, spec, c, def).ok);
  });
}

/** Roles that see who declared a relative (the relative_filed flag's details and the entries behind it). */
export const RELATIVE_DETAIL_ROLES = ['discipline_reviewer'];

export const seesRelativeDetails = (p: Principal) => p.roles.some((r) => RELATIVE_DETAIL_ROLES.includes(r));

/**
 * The case's flags as this viewer may see them: everyone sees that a case is flagged relative_filed
 * (近亲属回避), only discipline reviewers see who declared and the relation (issue 19).
 */
export function flagsFor(p: Principal, flags: Flag[]): Flag[] {
  if (seesRelativeDetails(p)) return flags;
  return flags.map((f) => (f.code === 'relative_filed' ? { code: f.code, at: f.at, detail: {} } : f));
}

/** An open task this person holds now: claimed by them, or open in their role at their node (and, when named, theirs). */
function holdsTask(q: Principal, t: any): boolean {
  if (t.claimed_by) return t.claimed_by === q.id;
  return q.roles.includes(t.role) && q.jurisdiction.code === t.jurisdiction_code && (!t.assignee_username || t.assignee_username === q.username);
}

/**
 * May this caller see the applicant's full ID number (GET /api/cases/:id/applicant/id-number)? Only
 * people tied to acting on this case (issue 19): whoever filed it, its assignee (the assigned
 * lawyer), holders of an open task on it now, and anyone with an event they may send on it now
 * (the view's availableEvents) — also as a colleague they stand in for. Never a staff member who
 * declared the applicant a close relative (`declaredRelative`: the declarations themselves; the
 * flag is asked too). Returns the refusal's reason, or null.
 */
export function revealRefusal(
  p: Principal, def: ProcessDefinition, c: CaseRowWithParts, delegations: OnBehalfOf[] = [], declaredRelative = false,
  /** availableEvents(p, def, c, delegations), when the caller has it (the case view): reused if no stand-in is filtered out. */
  available?: string[],
): Localized | null {
  if (p.system) return null;
  if (declaredRelative || relativeConflict(p, c)) return { zh: '申请人是您备案的近亲属，按回避规定您不能查看其完整身份证号', en: 'The applicant is a close relative you declared; the recusal rule bars you from seeing the full ID number' };
  if (c.filed_by === p.id) return null;
  const standIns = delegations.filter((d) => !relativeConflict({ ...p, id: d.id }, c));
  const as = [p, ...standIns.map((d) => actingAs({ ...p, onBehalfOf: d }))];
  const assignee = def.assigneeField ? c.context[def.assigneeField] : undefined;
  if (assignee && as.some((q) => q.username === assignee)) return null;
  if (c.open_tasks.some((t) => as.some((q) => holdsTask(q, t)))) return null;
  const events = available && standIns.length === delegations.length ? available : availableEvents(p, def, c, standIns);
  if (events.length > 0) return null;
  return {
    zh: '只有本案的申请经办人、承办人、当前待办人或现在可以办理本案的人员可以查看完整身份证号',
    en: "Only the case's filer, assignee, current task holder or someone who may act on it now can see the full ID number",
  };
}

/**
 * The case as `p` sees it. Full ID numbers typed into free text (data, context, flags, names) are
 * masked and keyed hashes never appear (scrubPii): only the reveal endpoint answers a full number.
 */
export function caseView(
  p: Principal, def: ProcessDefinition, c: CaseRowWithParts, dir: JurisdictionDirectory, delegations: OnBehalfOf[] = [],
  definitionOf?: (row: { process_key: string; process_version: number }) => ProcessDefinition | undefined,
) {
  return scrubPii(rawCaseView(p, def, c, dir, delegations, definitionOf));
}

function rawCaseView(
  p: Principal, def: ProcessDefinition, c: CaseRowWithParts, dir: JurisdictionDirectory, delegations: OnBehalfOf[] = [],
  definitionOf: (row: { process_key: string; process_version: number }) => ProcessDefinition | undefined = () => undefined,
) {
  const now = new Date();
  const laneReason = def.laneReason ? def.laneReason(c.context) : null;
  const available = availableEvents(p, def, c, delegations);
  const context = publicContext(c.context);
  return {
    id: c.id,
    processKey: c.process_key,
    processVersion: c.process_version,
    processTitle: def.title,
    state: c.state,
    stateTitle: def.states[c.state]?.title ?? { zh: c.state, en: c.state },
    lane: c.lane,
    laneReason,
    outcome: c.outcome,
    revision: c.revision,
    jurisdiction: {
      villageCode: c.village_code,
      villageName: dir.name(c.village_code),
      townshipCode: c.township_code,
      townshipName: dir.name(c.township_code),
      countyCode: c.county_code,
      countyName: dir.name(c.county_code),
    },
    // A case about another case has no applicant: its subject instead, linked both ways.
    subjectCaseId: c.subject_case_id ?? null,
    openCasesAbout: (c.open_cases_about ?? []).filter((a) => isVisibleTo(p, a)).map((a) => ({
      id: a.id,
      processKey: a.process_key,
      state: a.state,
      stateTitle: definitionOf(a)?.states[a.state]?.title ?? { zh: a.state, en: a.state },
      filedAt: iso(a.filed_at),
    })),
    applicant: c.applicant_id_masked === null ? null : {
      name: c.applicant_name,
      idNumberMasked: c.applicant_id_masked,
      phone: c.applicant_phone,
      householdSize: c.applicant_household_size,
      /** Whether this viewer may reveal the full number (the reveal endpoint decides the same way). */
      revealable: revealRefusal(p, def, c, delegations, false, available) === null,
    },
    data: c.data,
    context,
    flags: flagsFor(p, c.flags as Flag[]),
    filedBy: c.filed_by,
    filedAt: iso(c.filed_at),
    updatedAt: iso(c.updated_at),
    stateEnteredAt: iso(c.state_entered_at),
    closedAt: iso(c.closed_at),
    deadlines: c.deadlines.map((d) => ({ event: d.event_type, dueAt: iso(d.due_at), status: d.status })),
    clocks: c.clocks.map((k) => clockView(k, def)),
    // Every process's payments by period (a payment schedule's months, or the one 'single' payment).
    payments: (c.payments ?? []).map((y) => ({
      period: y.period, status: y.status, amount: Number(y.amount), paymentRef: y.payment_ref ?? null, paidAt: iso(y.paid_at), error: y.error ?? null,
    })),
    availableEvents: available,
    eventHints: eventHintsFor(def, c, available),
    /** Display names of usernames in the context (an assigned lawyer), so no one reads a login name. */
    people: c.people ?? {},
    /** Names of the jurisdiction codes the data and context hold (a finding's 责任单位), so no one reads a code. */
    places: dir.namesIn(c.data, context),
    openTasks: c.open_tasks.map((t) => ({ ...taskView(t, def, now), laneReason })),
    overdue: c.clocks.some((k) => k.status === 'breached' && !k.stopped_at) || c.open_tasks.some((t) => t.due_at && new Date(t.due_at) < now),
  };
}

/**
 * For each event the viewer may send now, the limits, options and computed values its rule will
 * enforce on this case (EventSpec.hints): a form shows and checks them before sending.
 */
export function eventHintsFor(def: ProcessDefinition, c: Pick<CaseRow, 'context' | 'flags'>, available: string[]): Record<string, EventHints> {
  const out: Record<string, EventHints> = {};
  const flags = ((c.flags ?? []) as Flag[]).map((f) => f.code);
  for (const type of available) {
    const hints = def.events[type]?.hints?.(c.context, { config: def.config, flags });
    if (hints && Object.keys(hints).length > 0) out[type] = hints;
  }
  return out;
}

/** Engine bookkeeping keys (prefixed `_`) stay out of the public view. */
function publicContext(ctx: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ctx)) if (!k.startsWith('_') && k !== 'data') out[k] = v;
  return out;
}
