import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 近亲属备案 can be withdrawn by the declarer (issue 19): when and why. A withdrawn declaration stays
 * (evidence), so "one declaration per person and relative" holds among the declarations in force:
 * the same relative may be declared again after a withdrawal.
 */
export class RelativesWithdrawal1765200000010 implements MigrationInterface {
  name = 'RelativesWithdrawal1765200000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE staff_relatives ADD COLUMN withdrawn_at timestamptz, ADD COLUMN withdrawn_reason text;
      DROP INDEX staff_relatives_user;
      CREATE UNIQUE INDEX staff_relatives_user ON staff_relatives (user_id, id_index) WHERE withdrawn_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX staff_relatives_user;
      DELETE FROM staff_relatives WHERE withdrawn_at IS NOT NULL;
      CREATE UNIQUE INDEX staff_relatives_user ON staff_relatives (user_id, id_index);
      ALTER TABLE staff_relatives DROP COLUMN withdrawn_at, DROP COLUMN withdrawn_reason;
    `);
  }
}
