import { Sql } from '@app/db';
import { QueueName } from './queue-names';

export interface OutboxMessage {
  queue: QueueName;
  name: string;
  payload: object;
  /** Delayed jobs: not before this time. */
  availableAt?: Date;
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
