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
  const values: string[] = [];
  const params: unknown[] = [];
  messages.forEach((m, i) => {
    values.push(`($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, COALESCE($${i * 4 + 4}::timestamptz, now()))`);
    params.push(m.queue, m.name, JSON.stringify(m.payload), m.availableAt ?? null);
  });
  await tx.query(`INSERT INTO outbox (queue, name, payload, available_at) VALUES ${values.join(',')}`, params);
}

/** Deterministic BullMQ job id of an outbox row (BullMQ ids must not contain ':'). */
export const outboxJobId = (id: string | number) => `ob-${id}`;
