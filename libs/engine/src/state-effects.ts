import { CteStatement, Sql } from '@app/db';
import type { Duration, ProcessDefinition, RecurringTimerSpec } from '@app/processes';
import { LEVEL_COLUMN } from '@app/access';
import { randomUUID } from 'node:crypto';
import { JOB_QUEUE } from '@app/queues';
import { CaseRow } from './case-row';
import { OutboxMessage, caseJob, outboxCte, timerMessage } from './repositories/outbox';
import { schedulePeriod } from './repositories/payments';
import { closeWorkCtes, openStateTaskCte, openUnitTask } from './repositories/tasks';
import { RecurringTimerRow, TimerToArm, armTimers, armTimersCte, carryRecurringTimersCte } from './repositories/timers';
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
  /** Recurring timers the state left and the state entered both declare: their series runs on. */
  carried: string[];
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

const duration = (d: Duration | ((context: any) => Duration), context: Record<string, any>): Duration => (typeof d === 'function' ? d(context) : d);

export function stateChangePlan(
  def: ProcessDefinition,
  clock: WorkflowClock,
  c: Pick<CaseRow, 'state' | 'context' | 'village_code' | 'township_code' | 'county_code' | 'city_code'>,
  from: string | null,
  now: Date,
): StateChangePlan {
  const to = c.state;
  const plan: StateChangePlan = { from, to, entered: from !== to, closeOpenWork: false, task: null, unitTasks: [], timers: [], recurring: [], carried: [], jobs: [], final: false };
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
    if (from !== null && carriesOver(def, from, to, r.event)) {
      plan.carried.push(r.event);
      continue;
    }
    // The first firing; each next one is armed by the firing before it (armNextFiring).
    const { dueAt, period } = nthFiring(withInterval(r, c.context), now, 1, clock, localTimeZone());
    plan.recurring.push({ event: r.event, dueAt, period });
  }
  plan.jobs = [...(spec.jobs ?? [])];
  plan.final = !!spec.final;
  return plan;
}

/**
 * What entering and leaving states does, inside the event's (or filing's) transaction, as planned by
 * stateChangePlan for the updated case row `c`: human tasks closed and opened, deadlines cancelled
 * and armed, jobs queued (with `extraJobs`) — in one statement (stateChangeCtes), then the unit tasks.
 */
export async function applyStatePlan(
  tx: Sql,
  c: CaseRow,
  plan: StateChangePlan,
  actorId: string | null,
  now: Date,
  extraJobs: OutboxMessage[] = [],
): Promise<void> {
  const b = new CteStatement();
  const ids = statementIds(b, c.id, now);
  const outbox = [...extraJobs, ...stateChangeCtes(b, ids, c, plan, actorId, now)];
  outboxCte(b, outbox);
  if (!b.empty) await tx.query(b.text('SELECT 1'), b.params);
  await openUnitTasks(tx, c, plan, now);
}

/**
 * The placeholders every part of a case's write statement shares: the case and the time, each
 * numbered when a part first uses it (PostgreSQL refuses a parameter no part uses: its type is unknown).
 */
export function statementIds(b: CteStatement, caseId: string, now: Date): { readonly caseId: string; readonly now: string } {
  let id: string | undefined;
  let at: string | undefined;
  return {
    get caseId() {
      return (id ??= `${b.param(caseId)}::uuid`);
    },
    get now() {
      return (at ??= `${b.param(now)}::timestamptz`);
    },
  };
}

/**
 * The state change's writes as parts of one statement (the owners' CTEs): the left state's work
 * closed and its timers cancelled (recurring series carried over kept), the entered state's task,
 * deadlines and recurring timers armed, the case's clocks and remaining tasks closed when it
 * finishes. Returns the outbox messages the caller writes in the same statement (timers, state jobs).
 */
export function stateChangeCtes(
  b: CteStatement,
  ids: { caseId: string; now: string },
  c: CaseRow,
  plan: StateChangePlan,
  actorId: string | null,
  now: Date,
): OutboxMessage[] {
  const outbox: OutboxMessage[] = [];
  if (!plan.entered) return outbox;
  // A finished case has nothing left to wait for: its clocks stop and its escalations are cancelled.
  closeWorkCtes(b, ids, { leaving: plan.closeOpenWork, final: plan.final, actorId, keptTimerEvents: plan.carried });
  carryRecurringTimersCte(b, ids, plan.to, plan.carried);
  if (plan.task) openStateTaskCte(b, ids, c, plan.to, plan.task, plan.final);
  const timers: TimerToArm[] = [];
  for (const timer of plan.timers) {
    const id = randomUUID();
    timers.push({ id, event: timer.event, dueAt: timer.dueAt });
    outbox.push(timerMessage(id, timer.event, c, timer.dueAt));
  }
  for (const r of plan.recurring) {
    const id = randomUUID();
    timers.push({ id, event: r.event, dueAt: r.dueAt, recurring: { seriesId: id, seq: 1, period: r.period, anchorAt: now } });
    outbox.push(timerMessage(id, r.event, c, r.dueAt));
  }
  armTimersCte(b, ids, c, timers);
  for (const kind of plan.jobs) outbox.push(caseJob(kind, c));
  return outbox;
}

/**
 * Tasks for the units the context names, each unless one of its kind is open for that unit: after
 * the statement that closed the left state's work (its NOT EXISTS must see those closed).
 */
export async function openUnitTasks(tx: Sql, c: CaseRow, plan: StateChangePlan, now: Date): Promise<void> {
  if (!plan.final) for (const t of plan.unitTasks) await openUnitTask(tx, c, plan.to, t, now);
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
  await armTimers(tx, c, now, [{ id, event: spec.event, dueAt }], [timerMessage(id, spec.event, c, dueAt)]);
}

/**
 * A recurring timer fired (the row is `fired` and its event applied, in this transaction): arms the
 * next period if the case is still in the timer's state, counted from the entry time so a late
 * firing does not shift the next one. A next period already past (the worker was down) is due at
 * once; they then fire one after another, each once.
 */
export async function armNextFiring(tx: Sql, clock: WorkflowClock, def: ProcessDefinition, c: CaseRow, fired: RecurringTimerRow, now: Date): Promise<void> {
  if (c.state !== fired.state && !carriesOver(def, fired.state, c.state, fired.event_type)) return;
  const declared = def.states[c.state]?.recurring?.find((r) => r.event === fired.event_type);
  if (!declared) return;
  const spec = withInterval(declared, c.context);
  const anchorAt = new Date(fired.anchor_at!);
  const seq = fired.seq + 1;
  const { dueAt, period } = nthFiring(spec, anchorAt, seq, clock, localTimeZone());
  const id = randomUUID();
  await armTimers(tx, c, now, [{ id, event: spec.event, dueAt, recurring: { seriesId: fired.series_id, seq, period, anchorAt } }], [
    timerMessage(id, spec.event, c, dueAt),
  ]);
}

/**
 * A recurring timer declared alike (event, interval, day of month) in two states is one series
 * across them: moving between them keeps its anchor and its next firing (a monthly benefit paid
 * through review and change decisions, PROCESSES.md §6's parent state `paying` in a flat machine).
 */
export function carriesOver(def: ProcessDefinition, from: string, to: string, event: string): boolean {
  const a = def.states[from]?.recurring?.find((r) => r.event === event);
  const b = def.states[to]?.recurring?.find((r) => r.event === event);
  return !!a && !!b && !a.everyOf && !b.everyOf && JSON.stringify(a.every) === JSON.stringify(b.every) && a.dayOfMonth === b.dayOfMonth;
}

/** The interval in force for this case (RecurringTimerSpec.everyOf reads it from the context). */
function withInterval(r: RecurringTimerSpec, context: Record<string, unknown>): RecurringTimerSpec {
  return r.everyOf ? { ...r, every: r.everyOf(context) } : r;
}

/**
 * A payment schedule's period fell due (definition.paymentSchedule.dueEvent applied in a paying
 * state): the period's payment row, `scheduled`, and its disbursement job. Once per (case, period):
 * a period already scheduled (paid, failed or cancelled) queues nothing.
 */
export async function schedulePayment(tx: Sql, def: ProcessDefinition, c: CaseRow, period: string, now: Date): Promise<OutboxMessage[]> {
  const amount = Number(c.context[def.paymentSchedule!.amountField]);
  const scheduled = await schedulePeriod(tx, c.id, period, Number.isFinite(amount) ? amount : 0, now);
  return scheduled ? [caseJob('disbursement', c, undefined, period)] : [];
}
