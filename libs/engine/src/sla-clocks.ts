import { Sql } from '@app/db';
import type { ClockSpec, ProcessDefinition } from '@app/processes';
import { ClockJob, OutboxMessage, QUEUES } from '@app/queues';
import { CaseRow } from './case-row';
import { WorkflowClock } from './workflow-clock';

export const escalationKind = (clockName: string) => `escalation:${clockName}`;

/**
 * Stops the clocks an event stops (met when in time; a breach stays on record) and starts the
 * clocks it starts (by event type, or by the state entered). `trigger` is the event type, or
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
  const specs = def.clocks ?? [];
  if (specs.length === 0) return [];
  const stopping = specs
    .filter((s) => s.stopOn.includes(trigger) || (enteredState !== null && s.stopOnEnter?.includes(enteredState)))
    .map((s) => s.name);
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
  // At filing the case enters its initial state.
  const entered = enteredState ?? (trigger === 'filing' ? c.state : null);
  const starting = specs.filter((s) => (startsOn(s, trigger) || (entered !== null && !!s.startOnEnter?.includes(entered))) && (!s.lanes || s.lanes.includes(c.lane)));
  const outbox: OutboxMessage[] = [];
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
  const job: ClockJob = { clockId, caseId, phase };
  return { queue: QUEUES.clocks, name: phase, payload: job, availableAt: at };
}
