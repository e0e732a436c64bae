import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15 (低保): the people of a household besides the applicant (ProcessDefinition.personFields),
 * protected like the applicant — encrypted, looked up by keyed hash, masked; the case data keeps only
 * the masked number. And `held` payments: a period due while the process says to hold
 * (paymentSchedule.holdWhile, a terminate proposal waits) is neither paid nor cancelled until decided.
 */
export class HouseholdPersons1765700000015 implements MigrationInterface {
  name = 'HouseholdPersons1765700000015';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_persons (
        case_id uuid NOT NULL REFERENCES cases(id),
        seq int NOT NULL,
        name text NOT NULL,
        id_cipher text NOT NULL,
        id_index text NOT NULL,
        id_masked text NOT NULL,
        PRIMARY KEY (case_id, seq)
      );
      CREATE INDEX case_persons_index ON case_persons (id_index);
      ALTER TABLE payments DROP CONSTRAINT payments_status_check;
      ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN ('scheduled','held','paid','failed','cancelled'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE payments SET status = 'cancelled' WHERE status = 'held';
      ALTER TABLE payments DROP CONSTRAINT payments_status_check;
      ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN ('scheduled','paid','failed','cancelled'));
      DROP TABLE case_persons;
    `);
  }
}
