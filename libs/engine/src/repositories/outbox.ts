/**
 * The messages the engine puts in the outbox (timer firings, clock phases, case jobs), and the
 * write. The outbox table's SQL itself lives with its other users, the worker's relay, in
 * `@app/queues` (outbox.ts): this file only builds rows and hands them over, so that an event's
 * jobs are written in its transaction and in one statement.
 */
import { CteStatement, Sql } from '@app/db';
import { CaseJob, ClockJob, JOB_QUEUE, OutboxMessage, QUEUES, TimerJob, enqueue, outboxInsert } from '@app/queues';
import type { CaseRow } from '../case-row';

export type { OutboxMessage };

/** Writes the messages (one multi-row INSERT; nothing when there are none). */
export const queueMessages = (tx: Sql, messages: OutboxMessage[]): Promise<void> => enqueue(tx, messages);

/** The outbox INSERT as a fragment, parameters numbered from `first`, for a statement that writes other rows too. */
export const outboxInsertSql = outboxInsert;

/** The messages as a CTE of a larger statement (nothing when there are none). */
export function outboxCte(b: CteStatement, messages: OutboxMessage[]): void {
  if (messages.length === 0) return;
  const insert = outboxInsert(messages, b.nextParam);
  b.raw(`outbox_rows AS (${insert.sql})`, insert.params);
}

/** The job that fires a timer row at its due time. */
export function timerMessage(timerId: string, event: string, c: Pick<CaseRow, 'id' | 'revision'>, dueAt: Date): OutboxMessage {
  const job: TimerJob = { timerId, caseId: c.id, armedRevision: c.revision };
  return { queue: QUEUES.timers, name: event, payload: job, availableAt: dueAt };
}

/** The job that fires an SLA clock's warning or breach, carrying the time it was armed for. */
export function clockMessage(clockId: string, caseId: string, phase: ClockJob['phase'], at: Date): OutboxMessage {
  const job: ClockJob = { clockId, caseId, phase, at: at.toISOString() };
  return { queue: QUEUES.clocks, name: phase, payload: job, availableAt: at };
}

/** A job a state or an event queues for the case (registry lookup, notice, report, disbursement …). */
export function caseJob(kind: keyof typeof JOB_QUEUE, c: Pick<CaseRow, 'id' | 'revision'>, event?: CaseJob['event'], period?: string): OutboxMessage {
  const job: CaseJob = { caseId: c.id, revision: c.revision, event, ...(period !== undefined ? { period } : {}) };
  return { queue: JOB_QUEUE[kind], name: kind, payload: job };
}
