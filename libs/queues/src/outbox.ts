import { Sql, returning } from '@app/db';
import { QueueName } from './queue-names';

export interface OutboxMessage {
  queue: QueueName;
  name: string;
  payload: object;
  /** Delayed jobs: not before this time. */
  availableAt?: Date;
}

/**
 * The `outbox` table's owner: rows written in the transaction of what caused them (here, and as a
 * fragment for a statement that writes other rows too), taken by the worker's relay, marked
 * dispatched to BullMQ and, once their job has run, completed. Metrics only read it.
 */

/** An outbox row as the relay takes it. */
export interface OutboxRow {
  id: string;
  queue: QueueName;
  name: string;
  payload: object;
  available_at: Date;
}

/**
 * Writes side effects as outbox rows inside the event's transaction; the worker's relay moves them
 * to BullMQ with jobId = outbox id. One multi-row INSERT per transaction.
 */
export async function enqueue(tx: Sql, messages: OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const insert = outboxInsert(messages, 1);
  await tx.query(insert.sql, insert.params);
}

/**
 * The outbox INSERT with its parameters numbered from `first`, for a caller that writes other rows
 * in the same statement (`WITH … INSERT INTO outbox …`) to save a round trip.
 */
export function outboxInsert(messages: OutboxMessage[], first: number): { sql: string; params: unknown[] } {
  const values: string[] = [];
  const params: unknown[] = [];
  messages.forEach((m, i) => {
    const n = first + i * 4;
    values.push(`($${n}, $${n + 1}, $${n + 2}, COALESCE($${n + 3}::timestamptz, now()))`);
    params.push(m.queue, m.name, JSON.stringify(m.payload), m.availableAt ?? null);
  });
  return { sql: `INSERT INTO outbox (queue, name, payload, available_at) VALUES ${values.join(',')}`, params };
}

/** Deterministic BullMQ job id of an outbox row (BullMQ ids must not contain ':'). */
export const outboxJobId = (id: string | number) => `ob-${id}`;

/** The outbox row a BullMQ job came from, or undefined for a job the outbox did not send. */
export const outboxIdOf = (jobId: string | undefined): string | undefined => (jobId && /^ob-\d+$/.test(jobId) ? jobId.slice(3) : undefined);

/** The oldest rows not yet dispatched, locked; rows another relay holds are skipped (relays run side by side). */
export async function takeUndispatched(tx: Sql, batch: number): Promise<OutboxRow[]> {
  return tx.query(
    `SELECT id, queue, name, payload, available_at FROM outbox WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [batch],
  );
}

export async function markDispatched(tx: Sql, ids: string[]): Promise<void> {
  await tx.query(`UPDATE outbox SET dispatched_at = now(), attempts = attempts + 1 WHERE id = ANY($1)`, [ids]);
}

/** Redis lost its jobs: every dispatched row whose job never completed is to be relayed again. Returns how many. */
export async function undispatchUnfinished(sql: Sql): Promise<number> {
  const rows = await returning(sql, `UPDATE outbox SET dispatched_at = NULL WHERE dispatched_at IS NOT NULL AND completed_at IS NULL RETURNING id`);
  return rows.length;
}

/** The row's job ran: a Redis that loses its jobs later does not make it run again. */
export async function markCompleted(sql: Sql, id: string): Promise<void> {
  await sql.query(`UPDATE outbox SET completed_at = now() WHERE id = $1 AND completed_at IS NULL`, [id]);
}
