import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox's lane counts read every open task of the caller's subtree and role; with the assignee
 * in the index they are index-only scans instead of heap visits (bench/queues.ts, 1M cases, 200k
 * open tasks: a county inbox's counts 5.5 ms → 2.7 ms).
 */
export class InboxIndexOnly1764900000007 implements MigrationInterface {
  name = 'InboxIndexOnly1764900000007';

  async up(q: QueryRunner): Promise<void> {
    for (const level of ['county', 'township', 'village']) {
      await q.query(`DROP INDEX tasks_inbox_${level}`);
      await q.query(
        `CREATE INDEX tasks_inbox_${level} ON tasks (${level}_code, role, lane_rank, due_at) INCLUDE (assignee_username)
         WHERE status IN ('open','claimed')`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const level of ['county', 'township', 'village']) {
      await q.query(`DROP INDEX tasks_inbox_${level}`);
      await q.query(`CREATE INDEX tasks_inbox_${level} ON tasks (${level}_code, role, lane_rank, due_at) WHERE status IN ('open','claimed')`);
    }
  }
}
