import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ending a delegation early (issue 19): `POST /api/delegations/:id/end {reason}`. The row keeps the
 * dates it was given (history shows `_delegationId` on the acts done under it); when and by whom it
 * was ended, and why, are recorded beside them. An ended delegation is never in force again.
 */
export class DelegationEnd1765300000011 implements MigrationInterface {
  name = 'DelegationEnd1765300000011';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE delegations
        ADD COLUMN ended_at timestamptz,
        ADD COLUMN ended_by uuid REFERENCES users(id),
        ADD COLUMN end_reason text,
        ADD CONSTRAINT delegations_end_complete CHECK ((ended_at IS NULL) = (ended_by IS NULL) AND (ended_at IS NULL) = (end_reason IS NULL));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE delegations DROP CONSTRAINT delegations_end_complete, DROP COLUMN end_reason, DROP COLUMN ended_by, DROP COLUMN ended_at;
    `);
  }
}
