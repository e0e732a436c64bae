import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SLA clocks that pause and resume (issue 14 B, ClockSpec.pauseOn/resumeOn). While paused a clock's
 * warning and due times are not set (`due_at` = 'infinity', `warn_at` NULL unless it has already
 * warned), so nothing — job, reconciler, overdue listing — treats it as late; `remaining_ms` and
 * `warn_remaining_ms` hold the wall-clock time that was left, and resuming sets warning and due at
 * resume time + that. `paused_ms` sums the time spent paused (shown on the case).
 */
export class PausedClocks1765550000014 implements MigrationInterface {
  name = 'PausedClocks1765550000014';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sla_clocks
        ADD COLUMN paused_at timestamptz,
        ADD COLUMN resumed_at timestamptz,
        ADD COLUMN remaining_ms bigint,
        ADD COLUMN warn_remaining_ms bigint,
        ADD COLUMN paused_ms bigint NOT NULL DEFAULT 0;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE sla_clocks SET due_at = resumed_at WHERE paused_at IS NOT NULL;
      ALTER TABLE sla_clocks DROP COLUMN paused_at, DROP COLUMN resumed_at, DROP COLUMN remaining_ms,
        DROP COLUMN warn_remaining_ms, DROP COLUMN paused_ms;
    `);
  }
}
