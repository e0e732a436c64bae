import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payment schedules (issue 14 B, ProcessDeclarations.paymentSchedule): many payments per case, one
 * per (case, period) — the period a recurring timer fired for ('2026-12'), or 'single' for the
 * one-off disbursement every payment before this was (the old rows get it). A scheduled period has
 * no reference yet: it goes scheduled → paid (reference, time) | failed (error) | cancelled (the
 * case no longer pays when its job runs).
 */
export class PaymentSchedules1765600000014 implements MigrationInterface {
  name = 'PaymentSchedules1765600000014';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE payments
        ADD COLUMN period text NOT NULL DEFAULT 'single',
        ADD COLUMN status text NOT NULL DEFAULT 'paid' CHECK (status IN ('scheduled','paid','failed','cancelled')),
        ADD COLUMN scheduled_at timestamptz,
        ADD COLUMN closed_at timestamptz,
        ADD COLUMN error text,
        ALTER COLUMN payment_ref DROP NOT NULL,
        ALTER COLUMN job_id DROP NOT NULL,
        ALTER COLUMN paid_at DROP NOT NULL,
        ALTER COLUMN paid_at DROP DEFAULT,
        DROP CONSTRAINT payments_pkey,
        ADD PRIMARY KEY (case_id, period),
        ADD CONSTRAINT payments_paid_has_ref CHECK (status <> 'paid' OR (payment_ref IS NOT NULL AND paid_at IS NOT NULL));
      UPDATE payments SET closed_at = paid_at;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM payments WHERE period <> 'single';
      ALTER TABLE payments DROP CONSTRAINT payments_paid_has_ref, DROP CONSTRAINT payments_pkey, ADD PRIMARY KEY (case_id),
        DROP COLUMN period, DROP COLUMN status, DROP COLUMN scheduled_at, DROP COLUMN closed_at, DROP COLUMN error,
        ALTER COLUMN payment_ref SET NOT NULL, ALTER COLUMN job_id SET NOT NULL, ALTER COLUMN paid_at SET NOT NULL,
        ALTER COLUMN paid_at SET DEFAULT now();
    `);
  }
}
