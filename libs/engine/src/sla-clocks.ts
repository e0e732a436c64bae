import { Sql } from '@app/db';
import type { ClockSpec, ProcessDefinition } from '@app/processes';
import { CaseRow } from './case-row';
import { pauseClocks, resumeClocks, startClock } from './repositories/clocks';
import { OutboxMessage, clockMessage } from './repositories/outbox';
import { stopClocksAndEscalations } from './repositories/tasks';
import { WorkflowClock } from './workflow-clock';

export { escalationKind } from './repositories/tasks';

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

/**
 * Writes a clock plan for the (updated) case row. Stops the clocks an event stops (met when in time; a breach stays on record), pauses the clocks it
 * pauses (keeping the time left), resumes the paused clocks it resumes (warning and due at now +
 * the time that was left; jobs armed from before the pause find the clock not yet due and do
 * nothing) and starts the clocks it starts (by event type, or by the state entered). `trigger` is the event type, or
 * 'filing'; `enteredState` the state the event entered (null when it stayed). Returns the outbox messages that will
 * fire the warnings and breaches.
 */
export async function runClockPlan(tx: Sql, clock: WorkflowClock, def: ProcessDefinition, c: CaseRow, plan: ClockPlan, now: Date): Promise<OutboxMessage[]> {
  if (plan.stop.length > 0) await stopClocksAndEscalations(tx, c.id, plan.stop, now, plan.trigger);
  const outbox: OutboxMessage[] = [];
  if (plan.pause.length > 0) await pauseClocks(tx, c.id, plan.pause, now);
  if (plan.resume.length > 0) {
    // Jobs armed from before the pause find the clock not yet due (their time is not the clock's any more).
    for (const k of await resumeClocks(tx, c.id, plan.resume, now)) {
      if (k.status === 'running' && k.warn_at) outbox.push(clockMessage(k.id, c.id, 'warn', new Date(k.warn_at)));
      outbox.push(clockMessage(k.id, c.id, 'breach', new Date(k.due_at)));
    }
  }
  for (const s of (def.clocks ?? []).filter((k) => plan.start.includes(k.name))) {
    const warnAt = s.warnAfter !== undefined ? clock.after(s.warnAfter, now) : null;
    const dueAt = clock.after(s.due, now);
    const id = await startClock(tx, c.id, s.name, now, warnAt, dueAt);
    if (id === undefined) continue;
    if (warnAt) outbox.push(clockMessage(id, c.id, 'warn', warnAt));
    outbox.push(clockMessage(id, c.id, 'breach', dueAt));
  }
  return outbox;
}

function startsOn(s: ClockSpec, trigger: string): boolean {
  return s.startOn === 'filing' ? trigger === 'filing' : s.startOn.includes(trigger);
}
