import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Work queues (issue 5): delegations while absent, the kept monthly dispatch reports, and an index
 * that lets the idle-claim job find old claims without scanning every open task.
 */
export class WorkQueues1764700000005 implements MigrationInterface {
  name = 'WorkQueues1764700000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- 委托办理: an officer's role handed to a colleague of the same jurisdiction for a date range.
      -- Dates are calendar days in LOCAL_TIME_ZONE; a delegation ends by itself (checked per request).
      CREATE TABLE delegations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        delegator_id uuid NOT NULL REFERENCES users(id),
        delegate_id uuid NOT NULL REFERENCES users(id),
        role text NOT NULL,
        jurisdiction_code text NOT NULL REFERENCES jurisdictions(code),
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_on >= starts_on),
        CHECK (delegator_id <> delegate_id)
      );
      CREATE INDEX delegations_delegate ON delegations (delegate_id, ends_on);
      CREATE INDEX delegations_delegator ON delegations (delegator_id, ends_on);

      -- 月调度: one kept report per month and county (rows: one per process), rebuilt on demand.
      CREATE TABLE dispatch_reports (
        month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        county_code text NOT NULL REFERENCES jurisdictions(code),
        built_at timestamptz NOT NULL DEFAULT now(),
        built_by text NOT NULL,
        rows jsonb NOT NULL,
        PRIMARY KEY (month, county_code)
      );

      CREATE INDEX tasks_claimed_at ON tasks (claimed_at) WHERE status = 'claimed';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX tasks_claimed_at;
      DROP TABLE dispatch_reports, delegations;
    `);
  }
}
