/**
 * The `sla_clocks` table's owner: clocks started, stopped, paused (keeping the time left) and
 * resumed, read and locked-by-case for a warning or breach, and the phase recorded. Statements
 * another table's owner runs in the same round trip come as fragments (…Sql). Views, reports,
 * metrics and the worker's reconciler only read it.
 */
import { Sql, returning } from '@app/db';

/** A row of `sla_clocks`. */
export interface SlaClockRow {
  id: string;
  case_id: string;
  name: string;
  started_at: Date;
  warn_at: Date | null;
  /** 'infinity' while paused: nothing reads a paused clock as late. */
  due_at: Date;
  status: 'running' | 'warned' | 'met' | 'breached';
  warned_at: Date | null;
  breached_at: Date | null;
  stopped_at: Date | null;
  stop_event: string | null;
  paused_at: Date | null;
  resumed_at: Date | null;
  remaining_ms: string | null;
  warn_remaining_ms: string | null;
  paused_ms: string;
}

/**
 * Stops the named running clocks ($1 case, $2 names, $3 now, $4 the event): met when in time, a
 * breach stays on record.
 */
export const STOP_CLOCKS_SQL = `UPDATE sla_clocks SET stopped_at = $3, stop_event = $4,
    status = CASE WHEN status = 'breached' OR due_at < $3 THEN 'breached' ELSE 'met' END
  WHERE case_id = $1 AND name = ANY($2) AND stopped_at IS NULL`;

/** Stops every clock of a case that closed. */
export const stopAllClocksSql = (caseParam: string, nowParam: string) =>
  `UPDATE sla_clocks SET stopped_at = ${nowParam}, stop_event = 'case_closed' WHERE case_id = ${caseParam} AND stopped_at IS NULL`;

/** The due times of the case's running (not stopped, not paused) clocks, as a subquery. */
export const runningDueSql = (caseParam: string) =>
  `SELECT due_at FROM sla_clocks WHERE case_id = ${caseParam} AND stopped_at IS NULL AND paused_at IS NULL`;

/**
 * Pauses the named clocks: the time left (wall clock) is kept; due and warning are unset so nothing
 * fires or reads late. A clock already past its due time (its breach job not yet run) is not
 * paused: it breaches.
 */
export async function pauseClocks(tx: Sql, caseId: string, names: string[], now: Date): Promise<void> {
  await tx.query(
    `UPDATE sla_clocks SET paused_at = $3,
       remaining_ms = floor(extract(epoch FROM (due_at - $3::timestamptz)) * 1000)::bigint,
       warn_remaining_ms = CASE WHEN status = 'running' AND warn_at IS NOT NULL
         THEN greatest(0, floor(extract(epoch FROM (warn_at - $3::timestamptz)) * 1000))::bigint END,
       warn_at = CASE WHEN status = 'running' THEN NULL ELSE warn_at END,
       due_at = 'infinity'
     WHERE case_id = $1 AND name = ANY($2) AND stopped_at IS NULL AND paused_at IS NULL
       AND status IN ('running','warned') AND due_at > $3::timestamptz`,
    [caseId, names, now],
  );
}

/** Resumes the named paused clocks: warning and due at now + the time that was left. Returns them. */
export async function resumeClocks(
  tx: Sql,
  caseId: string,
  names: string[],
  now: Date,
): Promise<Array<Pick<SlaClockRow, 'id' | 'status' | 'warn_at' | 'due_at'>>> {
  return returning(
    tx,
    `UPDATE sla_clocks SET
       paused_ms = paused_ms + floor(extract(epoch FROM ($3::timestamptz - paused_at)) * 1000)::bigint,
       paused_at = NULL, resumed_at = $3,
       due_at = $3::timestamptz + remaining_ms * interval '1 millisecond',
       warn_at = CASE WHEN warn_remaining_ms IS NOT NULL THEN $3::timestamptz + warn_remaining_ms * interval '1 millisecond' ELSE warn_at END,
       warn_remaining_ms = NULL
     WHERE case_id = $1 AND name = ANY($2) AND stopped_at IS NULL AND paused_at IS NOT NULL
     RETURNING id, status, warn_at, due_at`,
    [caseId, names, now],
  );
}

/** Starts a clock unless one of that name still runs; returns the new clock's id, or undefined. */
export async function startClock(tx: Sql, caseId: string, name: string, now: Date, warnAt: Date | null, dueAt: Date): Promise<string | undefined> {
  const rows = await tx.query(
    `INSERT INTO sla_clocks (case_id, name, started_at, warn_at, due_at, status)
     SELECT $1,$2,$3,$4,$5,'running'
     WHERE NOT EXISTS (SELECT 1 FROM sla_clocks WHERE case_id = $1 AND name = $2 AND stopped_at IS NULL)
     RETURNING id`,
    [caseId, name, now, warnAt, dueAt],
  );
  return rows[0]?.id;
}

/** The clock's case, read before the case is locked (the clock row itself is read again under the lock). */
export async function clockCaseId(tx: Sql, clockId: string): Promise<string | undefined> {
  const [k] = await tx.query(`SELECT case_id FROM sla_clocks WHERE id = $1`, [clockId]);
  return k?.case_id;
}

export async function readClock(tx: Sql, clockId: string): Promise<SlaClockRow | undefined> {
  const [k] = (await tx.query(`SELECT * FROM sla_clocks WHERE id = $1`, [clockId])) as SlaClockRow[];
  return k;
}

/**
 * Records a warning, or a breach (with the warning too when `warnedNow`: a breached clock was also
 * past its warning).
 */
export async function recordClockPhase(tx: Sql, clockId: string, phase: 'warn' | 'breach', now: Date, warnedNow: boolean): Promise<void> {
  if (phase === 'warn') {
    await tx.query(`UPDATE sla_clocks SET status = 'warned', warned_at = $2 WHERE id = $1`, [clockId, now]);
  } else {
    await tx.query(
      `UPDATE sla_clocks SET status = 'breached', breached_at = $2, warned_at = CASE WHEN $3 THEN $2 ELSE warned_at END WHERE id = $1`,
      [clockId, now, warnedNow],
    );
  }
}
