import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 催办 (issue 20): a supervisor's urge stays on the supervised task, so its holder sees it in the
 * inbox and on the case: how many urges and the latest one (when, by whom, what was said). The
 * case's audit chain keeps every urge; this is the task's current mark, gone with the task.
 */
export class TaskUrges1765800000500 implements MigrationInterface {
  name = 'TaskUrges1765800000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks ADD COLUMN urge_count integer NOT NULL DEFAULT 0, ADD COLUMN last_urge jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks DROP COLUMN last_urge, DROP COLUMN urge_count`);
  }
}
