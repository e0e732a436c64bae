import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 月调度's township rows are kept with the county's rows they add up to: a kept report is one
 * snapshot, and reading it no longer groups the cases again (1.6 s for the whole city at 1M cases,
 * against milliseconds for the kept rows). NULL: kept before township rows existed, computed live.
 */
export class KeptDispatchTownships1765900000300 implements MigrationInterface {
  name = 'KeptDispatchTownships1765900000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dispatch_reports ADD COLUMN townships jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dispatch_reports DROP COLUMN townships`);
  }
}
