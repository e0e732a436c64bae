/**
 * The `case_timers` table's owner: deadlines and recurring firings armed (with the outbox rows that
 * fire them, in the same statement), read and locked for firing, marked fired, cancelled when the
 * case leaves the state. Views, metrics and the worker's reconciler only read it.
 */
import { CteStatement, Sql } from '@app/db';
import type { CaseRow } from '../case-row';
import { OutboxMessage, outboxInsertSql, queueMessages } from './outbox';

/** A row of `case_timers`. */
export interface CaseTimerRow {
  id: string;
  case_id: string;
  state: string;
  event_type: string;
  due_at: Date;
  armed_revision: number;
  status: 'armed' | 'fired' | 'cancelled';
  created_at: Date;
  closed_at: Date | null;
  /** Recurring firings only: the series (its first row's id), number, period and the state's entry time. */
  series_id: string | null;
  seq: number | null;
  period: string | null;
  anchor_at: Date | null;
}

/** A recurring timer's firing as the next one is armed from it. */
export type RecurringTimerRow = Pick<CaseTimerRow, 'id' | 'state' | 'event_type' | 'anchor_at'> & { series_id: string; seq: number; period: string };

export interface TimerToArm {
  id: string;
  event: string;
  dueAt: Date;
  recurring?: { seriesId: string; seq: number; period: string; anchorAt: Date };
}

/**
 * Deadline rows and the outbox rows that will fire them, written in one statement (one round trip);
 * with no timer, just the outbox rows.
 */
export async function armTimers(
  tx: Sql,
  c: Pick<CaseRow, 'id' | 'state' | 'revision'>,
  now: Date,
  timers: TimerToArm[],
  outbox: OutboxMessage[],
): Promise<void> {
  if (timers.length === 0) return queueMessages(tx, outbox);
  const insert = outboxInsertSql(outbox, 12);
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

/**
 * Deadline rows as a CTE of a larger statement (armTimers without its outbox rows: the caller adds
 * them with the statement's other jobs). `c.revision` is the revision the statement writes.
 */
export function armTimersCte(b: CteStatement, ids: { caseId: string; now: string }, c: Pick<CaseRow, 'state' | 'revision'>, timers: TimerToArm[]): void {
  if (timers.length === 0) return;
  const v = (x: unknown) => b.param(x);
  b.cte('timers_armed', `INSERT INTO case_timers (id, case_id, state, event_type, due_at, armed_revision, status, created_at, series_id, seq, period, anchor_at)
     SELECT t.id, ${ids.caseId}, ${v(c.state)}, t.event_type, t.due_at, ${v(c.revision)}, 'armed', ${ids.now}, t.series_id, t.seq, t.period, t.anchor_at
     FROM unnest(${v(timers.map((t) => t.id))}::uuid[], ${v(timers.map((t) => t.event))}::text[], ${v(timers.map((t) => t.dueAt))}::timestamptz[],
       ${v(timers.map((t) => t.recurring?.seriesId ?? null))}::uuid[], ${v(timers.map((t) => t.recurring?.seq ?? null))}::int[],
       ${v(timers.map((t) => t.recurring?.period ?? null))}::text[], ${v(timers.map((t) => t.recurring?.anchorAt ?? null))}::timestamptz[])
       AS t(id, event_type, due_at, series_id, seq, period, anchor_at)`);
}

/** carryRecurringTimers as a CTE (its rows are the kept ones closeWorkCtes does not cancel). */
export function carryRecurringTimersCte(b: CteStatement, ids: { caseId: string }, state: string, events: string[]): void {
  if (events.length === 0) return;
  b.cte('timers_carried', `UPDATE case_timers SET state = ${b.param(state)}
     WHERE case_id = ${ids.caseId} AND status = 'armed' AND series_id IS NOT NULL AND event_type = ANY(${b.param(events)}::text[])`);
}

/**
 * Cancels the case's armed timers (it left their state), as a statement another owner's can run
 * first in a `WITH` (one round trip when the state's tasks close too).
 */
export const cancelArmedTimersSql = (caseParam: string, nowParam: string, keptEventsParam?: string) =>
  `UPDATE case_timers SET status = 'cancelled', closed_at = ${nowParam} WHERE case_id = ${caseParam} AND status = 'armed'` +
  (keptEventsParam ? ` AND NOT (series_id IS NOT NULL AND event_type = ANY(${keptEventsParam}::text[]))` : '');

export async function readTimer(tx: Sql, timerId: string): Promise<CaseTimerRow | undefined> {
  const [timer] = (await tx.query(`SELECT * FROM case_timers WHERE id = $1`, [timerId])) as CaseTimerRow[];
  return timer;
}

/** The timer's status read again once its case is locked (a concurrent event may have cancelled it). */
export async function timerStatus(tx: Sql, timerId: string): Promise<CaseTimerRow['status'] | undefined> {
  const [fresh] = await tx.query(`SELECT status FROM case_timers WHERE id = $1`, [timerId]);
  return fresh?.status;
}

export async function markTimerFired(tx: Sql, timerId: string): Promise<void> {
  await tx.query(`UPDATE case_timers SET status = 'fired', closed_at = now() WHERE id = $1`, [timerId]);
}
