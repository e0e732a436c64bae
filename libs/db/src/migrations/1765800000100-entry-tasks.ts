import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tasks opened per entry of a case's context list (ProcessDefinition.entryTasks: a 特困 referral per
 * candidate): `entry_index` names the entry. Such a task is not closed when the case changes state,
 * only by the event naming its entry (or when the case ends), so at most one is open per entry.
 */
export class EntryTasks1765800000100 implements MigrationInterface {
  name = 'EntryTasks1765800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tasks ADD COLUMN entry_index integer CHECK (entry_index >= 0);
      CREATE UNIQUE INDEX tasks_open_entry ON tasks (case_id, kind, entry_index) WHERE entry_index IS NOT NULL AND status IN ('open','claimed');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tasks_open_entry; ALTER TABLE tasks DROP COLUMN entry_index;`);
  }
}
