import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recurring timers (issue 14 B, StateSpec.recurring): each firing of a recurring timer is its own
 * `case_timers` row, armed when the previous one fires (in that transaction). `series_id` is the
 * first row's id (one series per entry into the state), `seq` the firing's number (1, 2, …),
 * `period` what the firing stands for ('2026-12' or the sequence number; the event carries it) and
 * `anchor_at` the time the case entered the state, from which every firing time is counted. One row
 * per (series, period): a period is armed once, and fires once (its row goes armed → fired).
 * One-shot timers leave the four columns NULL.
 */
export class RecurringTimers1765580000014 implements MigrationInterface {
  name = 'RecurringTimers1765580000014';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE case_timers
        ADD COLUMN series_id uuid,
        ADD COLUMN seq integer,
        ADD COLUMN period text,
        ADD COLUMN anchor_at timestamptz,
        ADD CONSTRAINT case_timers_recurring_complete CHECK (
          (series_id IS NULL AND seq IS NULL AND period IS NULL AND anchor_at IS NULL) OR
          (series_id IS NOT NULL AND seq >= 1 AND period IS NOT NULL AND anchor_at IS NOT NULL));
      CREATE UNIQUE INDEX case_timers_series_period ON case_timers (series_id, period) WHERE series_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX case_timers_series_period;
      ALTER TABLE case_timers DROP CONSTRAINT case_timers_recurring_complete,
        DROP COLUMN series_id, DROP COLUMN seq, DROP COLUMN period, DROP COLUMN anchor_at;
    `);
  }
}
