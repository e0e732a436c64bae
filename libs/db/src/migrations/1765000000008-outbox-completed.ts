import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a job's handler finished. A row relayed to a Redis that was then lost (restarted without
 * persistence, flushed) has dispatched_at but never completed_at: the relay hands it over again
 * (handlers are idempotent). Rows relayed before this migration are taken as done.
 */
export class OutboxCompleted1765000000008 implements MigrationInterface {
  name = 'OutboxCompleted1765000000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN completed_at timestamptz`);
    await q.query(`UPDATE outbox SET completed_at = dispatched_at WHERE dispatched_at IS NOT NULL`);
    await q.query(`CREATE INDEX outbox_unfinished ON outbox (id) WHERE dispatched_at IS NOT NULL AND completed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outbox_unfinished`);
    await q.query(`ALTER TABLE outbox DROP COLUMN completed_at`);
  }
}
