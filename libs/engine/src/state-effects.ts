import { Sql } from '@app/db';
import type { ProcessDefinition } from '@app/processes';
import { LEVEL_COLUMN } from '@app/access';
import { randomUUID } from 'node:crypto';
import { JOB_QUEUE, OutboxMessage, QUEUES, TimerJob, CaseJob, enqueue, outboxInsert } from '@app/queues';
import { CaseRow, LANE_RANK } from './case-row';
import { WorkflowClock } from './workflow-clock';
import { nthFiring } from './recurrence';
import { localTimeZone } from './work-queue-settings';

/** Roles whose tasks belong to one named person (the assigned lawyer), per definition. */
const assigneeRolesCache = new WeakMap<ProcessDefinition, Set<string>>();
function assigneeRoles(def: ProcessDefinition): Set<string> {
  let roles = assigneeRolesCache.get(def);
  if (!roles) {
    roles = new Set();
    for (const e of Object.values(def.events)) {
      if (e.actors !== 'system') for (const a of e.actors) if (a.assignee === 'required') roles.add(a.role);
    }
    assigneeRolesCache.set(def, roles);
  }
  return roles;
}

/**
 * What entering a state asks for, computed without the database (the decision's effects): whether
 * the open work of the state left is closed, the task opened (role, level's jurisdiction, assignee,
 * own due time), the deadlines and recurring timers armed, the jobs queued, and whether the case
 * closes. `from` is null at filing; staying in a state asks for nothing.
 */
export interface StateChangePlan {
  from: string | null;
  to: string;
  entered: boolean;
  closeOpenWork: boolean;
  task: { kind: string; role: string; jurisdictionCode: string; assignee: string | null; ownDue: Date | null } | null;
  /**
   * Tasks for units the context names (TaskSpec.unitsField on entry, EventSpec.opensTask when an
   * event is applied): each opened unless one of its kind is open for that unit already.
   */
  unitTasks: UnitTask[];
  timers: Array<{ event: string; dueAt: Date }>;
  recurring: Array<{ event: string; dueAt: Date; period: string }>;
  jobs: Array<keyof typeof JOB_QUEUE>;
  final: boolean;
}

export interface UnitTask {
  kind: string;
  role: string;
  jurisdictionCode: string;
  ownDue: Date | null;
}

/** The units listed in context[field] (ContextUnit entries; anything else is ignored). */
export function contextUnits(context: Record<string, any>, field: string): Array<{ role: string; jurisdictionCode: string }> {
  const list = context[field];
  return Array.isArray(list) ? list.filter((u) => u && typeof u.role === 'string' && typeof u.jurisdictionCode === 'string') : [];
}

const duration = (d: number | ((context: any) => number), context: Record<string, any>) => (typeof d === 'function' ? d(context) : d);

export function stateChangePlan(
  def: ProcessDefinition,
  clock: WorkflowClock,
  c: Pick<CaseRow, 'state' | 'context' | 'village_code' | 'township_code' | 'county_code' | 'city_code'>,
  from: string | null,
  now: Date,
): StateChangePlan {
  const to = c.state;
  const plan: StateChangePlan = { from, to, entered: from !== to, closeOpenWork: false, task: null, unitTasks: [], timers: [], recurring: [], jobs: [], final: false };
  if (from === to) return plan;
  plan.closeOpenWork = from !== null;
  const spec = def.states[to];
  if (!spec) throw new Error(`state ${to} of ${def.key} has no spec`);
  if (spec.task) {
    const t = spec.task;
    const ownDue = t.dueIn !== undefined ? clock.after(duration(t.dueIn, c.context), now) : null;
    if (t.unitsField !== undefined) {
      for (const u of contextUnits(c.context, t.unitsField)) plan.unitTasks.push({ kind: t.kind, role: u.role, jurisdictionCode: u.jurisdictionCode, ownDue });
    } else {
      const role = t.role!;
      const assignee =
        def.assigneeField && assigneeRoles(def).has(role) ? (c.context[def.assigneeField] as string | undefined) ?? null : null;
      plan.task = { kind: t.kind, role, jurisdictionCode: c[LEVEL_COLUMN[t.level!]], assignee, ownDue };
    }
  }
  for (const timer of spec.timers ?? []) plan.timers.push({ event: timer.event, dueAt: clock.after(duration(timer.after, c.context), now) });
  for (const r of spec.recurring ?? []) {
    // The first firing; each next one is armed by the firing before it (armNextFiring).
    const { dueAt, period } = nthFiring(r, now, 1, clock, localTimeZone());
    plan.recurring.push({ event: r.event, dueAt, period });
  }
  plan.jobs = [...(spec.jobs ?? [])];
  plan.final = !!spec.final;
  return plan;
}

/**
 * What entering and leaving states does, inside the event's transaction: human tasks closed and
 * opened, deadlines cancelled and armed, jobs queued. `from` is null at filing.
 */
export async function applyStateChange(
  tx: Sql,
  clock: WorkflowClock,
  def: ProcessDefinition,
  c: CaseRow,
  from: string | null,
  actorId: string | null,
  now: Date,
  extraJobs: OutboxMessage[] = [],
): Promise<void> {
  await applyStatePlan(tx, c, stateChangePlan(def, clock, c, from, now), actorId, now, extraJobs);
}

/** Writes a state change planned by stateChangePlan for the updated case row `c`. */
export async function applyStatePlan(
  tx: Sql,
  c: CaseRow,
  plan: StateChangePlan,
  actorId: string | null,
  now: Date,
  extraJobs: OutboxMessage[] = [],
): Promise<void> {
  const outbox: OutboxMessage[] = [...extraJobs];
  const timers: ArmedTimer[] = [];
  const to = plan.to;
  if (plan.entered) {
    if (plan.closeOpenWork) {
      await tx.query(
        `WITH t AS (UPDATE tasks SET status = 'done', closed_at = $2, closed_by = $3
           WHERE case_id = $1 AND status IN ('open','claimed') AND escalation_of IS NULL AND kind NOT LIKE 'escalation:%')
         UPDATE case_timers SET status = 'cancelled', closed_at = $2 WHERE case_id = $1 AND status = 'armed'`,
        [c.id, now, actorId],
      );
    }
    if (plan.task) {
      const t = plan.task;
      // A task is due at its own due time or the earliest running SLA clock of the case, whichever is first.
      await tx.query(
        `INSERT INTO tasks (case_id, process_key, kind, state, role, jurisdiction_code, village_code, township_code,
           county_code, city_code, lane, lane_rank, assignee_username, due_at, status, created_at)
         SELECT $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,
           (SELECT min(d) FROM (SELECT $14::timestamptz AS d UNION ALL
              SELECT due_at FROM sla_clocks WHERE case_id = $1 AND stopped_at IS NULL AND paused_at IS NULL) x),
           'open', $15`,
        [
          c.id, c.process_key, t.kind, to, t.role, t.jurisdictionCode, c.village_code, c.township_code, c.county_code,
          c.city_code, c.lane, LANE_RANK[c.lane], t.assignee, t.ownDue, now,
        ],
      );
    }
    for (const timer of plan.timers) {
      const id = randomUUID();
      timers.push({ id, event: timer.event, dueAt: timer.dueAt });
      const job: TimerJob = { timerId: id, caseId: c.id, armedRevision: c.revision };
      outbox.push({ queue: QUEUES.timers, name: timer.event, payload: job, availableAt: timer.dueAt });
    }
    for (const r of plan.recurring) {
      const id = randomUUID();
      timers.push({ id, event: r.event, dueAt: r.dueAt, recurring: { seriesId: id, seq: 1, period: r.period, anchorAt: now } });
      const job: TimerJob = { timerId: id, caseId: c.id, armedRevision: c.revision };
      outbox.push({ queue: QUEUES.timers, name: r.event, payload: job, availableAt: r.dueAt });
    }
    for (const kind of plan.jobs) outbox.push(caseJob(kind, c));
    if (plan.final) {
      // A finished case has nothing left to wait for: stop its clocks and close its escalations.
      await tx.query(
        `WITH k AS (UPDATE sla_clocks SET stopped_at = $2, stop_event = 'case_closed' WHERE case_id = $1 AND stopped_at IS NULL)
         UPDATE tasks SET status = 'cancelled', closed_at = $2 WHERE case_id = $1 AND status IN ('open','claimed')`,
        [c.id, now],
      );
    }
  }
  if (plan.unitTasks.length && !plan.final) await openUnitTasks(tx, c, plan.unitTasks, now);
  await armAndEnqueue(tx, c, now, timers, outbox);
}

/** Opens tasks for units a case names, at the unit's node, unless one of the kind is open for that unit already. */
async function openUnitTasks(tx: Sql, c: CaseRow, tasks: UnitTask[], now: Date): Promise<void> {
  for (const t of tasks) {
    await tx.query(
      `INSERT INTO tasks (case_id, process_key, kind, state, role, jurisdiction_code, village_code, township_code,
         county_code, city_code, lane, lane_rank, due_at, status, created_at)
       SELECT $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,'open',$14
       WHERE NOT EXISTS (SELECT 1 FROM tasks WHERE case_id = $1 AND kind = $3 AND role = $5 AND jurisdiction_code = $6 AND status IN ('open','claimed'))`,
      [c.id, c.process_key, t.kind, c.state, t.role, t.jurisdictionCode, c.village_code, c.township_code, c.county_code, c.city_code, c.lane, LANE_RANK[c.lane], t.ownDue, now],
    );
  }
}

/**
 * A deadline with `repeatEvery` fired and its event left the case in the same state: it is armed
 * again (督办 every grace period until the case moves on).
 */
export async function armRepeat(tx: Sql, clock: WorkflowClock, def: ProcessDefinition, c: CaseRow, fired: { state: string; event_type: string }, now: Date): Promise<void> {
  if (c.state !== fired.state || def.states[c.state]?.final) return;
  const spec = def.states[c.state]?.timers?.find((t) => t.event === fired.event_type);
  if (!spec?.repeatEvery) return;
  const id = randomUUID();
  const dueAt = clock.after(spec.repeatEvery, now);
  const job: TimerJob = { timerId: id, caseId: c.id, armedRevision: c.revision };
  await armAndEnqueue(tx, c, now, [{ id, event: spec.event, dueAt }], [{ queue: QUEUES.timers, name: spec.event, payload: job, availableAt: dueAt }]);
}

interface ArmedTimer {
  id: string;
  event: string;
  dueAt: Date;
  /** A firing of a recurring timer: its series (first row's id), number, period and the state's entry time. */
  recurring?: { seriesId: string; seq: number; period: string; anchorAt: Date };
}

/** A recurring timer row as stored (case_timers). */
export interface RecurringTimerRow {
  id: string;
  state: string;
  event_type: string;
  series_id: string;
  seq: number;
  period: string;
  anchor_at: Date | string;
}

/**
 * A recurring timer fired (the row is `fired` and its event applied, in this transaction): arms the
 * next period if the case is still in the timer's state, counted from the entry time so a late
 * firing does not shift the next one. A next period already past (the worker was down) is due at
 * once; they then fire one after another, each once.
 */
export async function armNextFiring(tx: Sql, clock: WorkflowClock, def: ProcessDefinition, c: CaseRow, fired: RecurringTimerRow, now: Date): Promise<void> {
  if (c.state !== fired.state) return;
  const spec = def.states[c.state]?.recurring?.find((r) => r.event === fired.event_type);
  if (!spec) return;
  const anchorAt = new Date(fired.anchor_at);
  const seq = fired.seq + 1;
  const { dueAt, period } = nthFiring(spec, anchorAt, seq, clock, localTimeZone());
  const id = randomUUID();
  const job: TimerJob = { timerId: id, caseId: c.id, armedRevision: c.revision };
  await armAndEnqueue(tx, c, now, [{ id, event: spec.event, dueAt, recurring: { seriesId: fired.series_id, seq, period, anchorAt } }], [
    { queue: QUEUES.timers, name: spec.event, payload: job, availableAt: dueAt },
  ]);
}

/** Deadline rows and the outbox rows that will fire them, written in one statement (one round trip). */
async function armAndEnqueue(tx: Sql, c: CaseRow, now: Date, timers: ArmedTimer[], outbox: OutboxMessage[]): Promise<void> {
  if (timers.length === 0) return enqueue(tx, outbox);
  const insert = outboxInsert(outbox, 12);
  await tx.query(
    `WITH armed AS (
       INSERT INTO case_timers (id, case_id, state, event_type, due_at, armed_revision, status, created_at, series_id, seq, period, anchor_at)
       SELECT t.id, $1, $2, t.event_type, t.due_at, $3, 'armed', $4, t.series_id, t.seq, t.period, t.anchor_at
       FROM unnest($5::uuid[], $6::text[], $7::timestamptz[], $8::uuid[], $9::int[], $10::text[], $11::timestamptz[])
         AS t(id, event_type, due_at, series_id, seq, period, anchor_at))
     ${insert.sql}`,
    [
      c.id, c.state, c.revision, now, timers.map((t) => t.id), timers.map((t) => t.event), timers.map((t) => t.dueAt),
      timers.map((t) => t.recurring?.seriesId ?? null), timers.map((t) => t.recurring?.seq ?? null),
      timers.map((t) => t.recurring?.period ?? null), timers.map((t) => t.recurring?.anchorAt ?? null), ...insert.params,
    ],
  );
}

export function caseJob(kind: keyof typeof JOB_QUEUE, c: CaseRow, event?: CaseJob['event'], period?: string): OutboxMessage {
  const job: CaseJob = { caseId: c.id, revision: c.revision, event, ...(period !== undefined ? { period } : {}) };
  return { queue: JOB_QUEUE[kind], name: kind, payload: job };
}

/**
 * A payment schedule's period fell due (definition.paymentSchedule.dueEvent applied in a paying
 * state): the period's payment row, `scheduled`, and its disbursement job. Once per (case, period):
 * a period already scheduled (paid, failed or cancelled) queues nothing.
 */
export async function schedulePayment(tx: Sql, def: ProcessDefinition, c: CaseRow, period: string, now: Date): Promise<OutboxMessage[]> {
  const ps = def.paymentSchedule!;
  const amount = Number(c.context[ps.amountField]);
  const rows = await tx.query(
    `INSERT INTO payments (case_id, period, amount, status, scheduled_at) VALUES ($1, $2, $3, 'scheduled', $4)
     ON CONFLICT (case_id, period) DO NOTHING RETURNING period`,
    [c.id, period, Number.isFinite(amount) ? amount : 0, now],
  );
  return rows.length ? [caseJob('disbursement', c, undefined, period)] : [];
}
