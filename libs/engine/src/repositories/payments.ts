/**
 * The `payments` table's owner: a schedule's period recorded when it falls due (in the event's
 * transaction), and the disbursement job's steps on it (locked, paid, failed, cancelled), plus the
 * one-off payment of processes that pay once (period 'single'). Keyed by (case_id, period).
 */
import { Sql, returning } from '@app/db';

/** A row of `payments`. */
export interface PaymentRow {
  case_id: string;
  /** A schedule's period ('2025-03', …) or 'single' for a one-off payment. */
  period: string;
  status: 'scheduled' | 'held' | 'paid' | 'failed' | 'cancelled';
  amount: string;
  payment_ref: string | null;
  job_id: string | null;
  scheduled_at: Date | null;
  paid_at: Date | null;
  closed_at: Date | null;
  error: string | null;
}

/** The period's row, `scheduled`; false when the period was already recorded (whatever became of it). */
export async function schedulePeriod(tx: Sql, caseId: string, period: string, amount: number, now: Date): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO payments (case_id, period, amount, status, scheduled_at) VALUES ($1, $2, $3, 'scheduled', $4)
     ON CONFLICT (case_id, period) DO NOTHING RETURNING period`,
    [caseId, period, amount, now],
  );
  return rows.length > 0;
}

/** Locks a period's row (the case is locked first). */
export async function lockPeriod(tx: Sql, caseId: string, period: string): Promise<PaymentRow | undefined> {
  const [row] = (await tx.query(`SELECT * FROM payments WHERE case_id = $1 AND period = $2 FOR UPDATE`, [caseId, period])) as PaymentRow[];
  return row;
}

export async function markPeriodCancelled(tx: Sql, caseId: string, period: string, jobId: string): Promise<void> {
  await tx.query(`UPDATE payments SET status = 'cancelled', closed_at = now(), job_id = $3 WHERE case_id = $1 AND period = $2`, [caseId, period, jobId]);
}

/** Due while the process holds payments (paymentSchedule.holdWhile): neither paid nor cancelled yet. */
export async function markPeriodHeld(tx: Sql, caseId: string, period: string, jobId: string): Promise<void> {
  await tx.query(`UPDATE payments SET status = 'held', job_id = $3 WHERE case_id = $1 AND period = $2`, [caseId, period, jobId]);
}

/** The held periods, cancelled (the case stopped paying or finished). */
export async function cancelHeldPeriods(tx: Sql, caseId: string, now: Date): Promise<void> {
  await tx.query(`UPDATE payments SET status = 'cancelled', closed_at = $2 WHERE case_id = $1 AND status = 'held'`, [caseId, now]);
}

/** The held periods, scheduled again (the hold was lifted); returns their periods. */
export async function releaseHeldPeriods(tx: Sql, caseId: string): Promise<string[]> {
  // returning(): TypeORM answers an UPDATE with [rows, count]; mapped as rows that became two period-less jobs per event.
  const rows = await returning(tx, `UPDATE payments SET status = 'scheduled' WHERE case_id = $1 AND status = 'held' RETURNING period`, [caseId]);
  return rows.map((r: { period: string }) => r.period);
}

export async function markPeriodFailed(tx: Sql, caseId: string, period: string, error: string, jobId: string): Promise<void> {
  await tx.query(`UPDATE payments SET status = 'failed', error = $3, closed_at = now(), job_id = $4 WHERE case_id = $1 AND period = $2`, [caseId, period, error, jobId]);
}

export async function markPeriodPaid(tx: Sql, caseId: string, period: string, ref: string, amount: number, jobId: string): Promise<void> {
  await tx.query(
    `UPDATE payments SET status = 'paid', payment_ref = $3, amount = $4, paid_at = now(), closed_at = now(), job_id = $5 WHERE case_id = $1 AND period = $2`,
    [caseId, period, ref, amount, jobId],
  );
}

/**
 * A one-off payment, recorded paid once: a second run keeps the first row. Returns the reference
 * on record (the first run's).
 */
export async function recordSinglePayment(sql: Sql, caseId: string, ref: string, amount: number, jobId: string): Promise<string> {
  await sql.query(
    `INSERT INTO payments (case_id, period, status, payment_ref, amount, job_id, paid_at, closed_at)
     VALUES ($1, 'single', 'paid', $2, $3, $4, now(), now()) ON CONFLICT (case_id, period) DO NOTHING`,
    [caseId, ref, amount, jobId],
  );
  const [payment] = await sql.query(`SELECT payment_ref FROM payments WHERE case_id = $1 AND period = 'single'`, [caseId]);
  return payment.payment_ref;
}
