import { Sql, returning } from '@app/db';
import type { ClockSpec, ProcessDefinition } from '@app/processes';
import { ClockJob, OutboxMessage, QUEUES } from '@app/queues';
import { CaseRow } from './case-row';
import { WorkflowClock } from './workflow-clock';

export const escalationKind = (clockName: string) => `escalation:${clockName}`;

/**
 * Stops the clocks an event stops (met when in time; a breach stays on record), pauses the clocks it
 * pauses (keeping the time left), resumes the paused clocks it resumes (warning and due at now +
 * the time that was left; jobs armed from before the pause find the clock not yet due and do
 * nothing) and starts the clocks it starts (by event type, or by the state entered). `trigger` is the event type, or
 * 'filing'; `enteredState` the state the event entered (null when it stayed). Returns the outbox messages that will
 * fire the warnings and breaches.
 */
export async function runClocks(
  tx: Sql,
  clock: WorkflowClock,
  def: ProcessDefinition,
  c: CaseRow,
  trigger: string,
  now: Date,
  enteredState: string | null = null,
): Promise<OutboxMessage[]> {
  return runClockPlan(tx, clock, def, c, clockPlan(def, c, trigger, enteredState), now);
}

/** Which clocks an event (or filing) stops, pauses, resumes and starts, by name: decided without the database. */
export interface ClockPlan {
  trigger: string;
  stop: string[];
  pause: string[];
  resume: string[];
  start: string[];
}

export function clockPlan(def: ProcessDefinition, c: Pick<CaseRow, 'state' | 'lane'>, trigger: string, enteredState: string | null = null): ClockPlan {
  const specs = def.clocks ?? [];
  if (specs.length === 0) return { trigger, stop: [], pause: [], resume: [], start: [] };
  const stop = specs
    .filter((s) => s.stopOn.includes(trigger) || (enteredState !== null && s.stopOnEnter?.includes(enteredState)))
    .map((s) => s.name);
  // At filing the case enters its initial state.
  const entered = enteredState ?? (trigger === 'filing' ? c.state : null);
  const on = (events: string[] | undefined, states: string[] | undefined) => !!events?.includes(trigger) || (entered !== null && !!states?.includes(entered));
  const pause = specs.filter((s) => on(s.pauseOn, s.pauseOnEnter)).map((s) => s.name);
  const resume = specs.filter((s) => on(s.resumeOn, s.resumeOnEnter)).map((s) => s.name);
  const start = specs
    .filter((s) => (startsOn(s, trigger) || (entered !== null && !!s.startOnEnter?.includes(entered))) && (!s.lanes || s.lanes.includes(c.lane)))
    .map((s) => s.name);
  return { trigger, stop, pause, resume, start };
}

/** Writes a clock plan for the (updated) case row; returns the outbox messages that fire warnings and breaches. */
export async function runClockPlan(tx: Sql, clock: WorkflowClock, def: ProcessDefinition, c: CaseRow, plan: ClockPlan, now: Date): Promise<OutboxMessage[]> {
  const { trigger, stop: stopping, pause: pausing, resume: resuming } = plan;
  if (stopping.length > 0) {
    await tx.query(
      `WITH k AS (
         UPDATE sla_clocks SET stopped_at = $3, stop_event = $4,
           status = CASE WHEN status = 'breached' OR due_at < $3 THEN 'breached' ELSE 'met' END
         WHERE case_id = $1 AND name = ANY($2) AND stopped_at IS NULL)
       UPDATE tasks SET status = 'done', closed_at = $3 WHERE case_id = $1 AND kind = ANY($5) AND status IN ('open','claimed')`,
      [c.id, stopping, now, trigger, stopping.map(escalationKind)],
    );
  }
  const outbox: OutboxMessage[] = [];
  if (pausing.length > 0) {
    // The time left (wall clock) is kept; due and warning are unset so nothing fires or reads late.
    // A clock already past its due time (its breach job not yet run) is not paused: it breaches.
    await tx.query(
      `UPDATE sla_clocks SET paused_at = $3,
         remaining_ms = floor(extract(epoch FROM (due_at - $3::timestamptz)) * 1000)::bigint,
         warn_remaining_ms = CASE WHEN status = 'running' AND warn_at IS NOT NULL
           THEN greatest(0, floor(extract(epoch FROM (warn_at - $3::timestamptz)) * 1000))::bigint END,
         warn_at = CASE WHEN status = 'running' THEN NULL ELSE warn_at END,
         due_at = 'infinity'
       WHERE case_id = $1 AND name = ANY($2) AND stopped_at IS NULL AND paused_at IS NULL
         AND status IN ('running','warned') AND due_at > $3::timestamptz`,
      [c.id, pausing, now],
    );
  }
  if (resuming.length > 0) {
    const resumed = await returning(
      tx,
      `UPDATE sla_clocks SET
         paused_ms = paused_ms + floor(extract(epoch FROM ($3::timestamptz - paused_at)) * 1000)::bigint,
         paused_at = NULL, resumed_at = $3,
         due_at = $3::timestamptz + remaining_ms * interval '1 millisecond',
         warn_at = CASE WHEN warn_remaining_ms IS NOT NULL THEN $3::timestamptz + warn_remaining_ms * interval '1 millisecond' ELSE warn_at END,
         warn_remaining_ms = NULL
       WHERE case_id = $1 AND name = ANY($2) AND stopped_at IS NULL AND paused_at IS NOT NULL
       RETURNING id, status, warn_at, due_at`,
      [c.id, resuming, now],
    );
    for (const k of resumed) {
      if (k.status === 'running' && k.warn_at) outbox.push(clockMessage(k.id, c.id, 'warn', new Date(k.warn_at)));
      outbox.push(clockMessage(k.id, c.id, 'breach', new Date(k.due_at)));
    }
  }
  const starting = (def.clocks ?? []).filter((s) => plan.start.includes(s.name));
  for (const s of starting) {
    const warnAt = s.warnAfter !== undefined ? clock.after(s.warnAfter, now) : null;
    const dueAt = clock.after(s.due, now);
    const rows = await tx.query(
      `INSERT INTO sla_clocks (case_id, name, started_at, warn_at, due_at, status)
       SELECT $1,$2,$3,$4,$5,'running'
       WHERE NOT EXISTS (SELECT 1 FROM sla_clocks WHERE case_id = $1 AND name = $2 AND stopped_at IS NULL)
       RETURNING id`,
      [c.id, s.name, now, warnAt, dueAt],
    );
    if (rows.length === 0) continue;
    const id = rows[0].id as string;
    if (warnAt) outbox.push(clockMessage(id, c.id, 'warn', warnAt));
    outbox.push(clockMessage(id, c.id, 'breach', dueAt));
  }
  return outbox;
}

function startsOn(s: ClockSpec, trigger: string): boolean {
  return s.startOn === 'filing' ? trigger === 'filing' : s.startOn.includes(trigger);
}

function clockMessage(clockId: string, caseId: string, phase: ClockJob['phase'], at: Date): OutboxMessage {
  const job: ClockJob = { clockId, caseId, phase, at: at.toISOString() };
  return { queue: QUEUES.clocks, name: phase, payload: job, availableAt: at };
}
