import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 21: an event cancels its case's armed timers and its answer lists them (`case_id = $1 AND
 * status = 'armed'`). With only (case_id) and the sweep's partial (due_at) WHERE status = 'armed',
 * a table without statistics (autovacuum off, a fresh database) was planned as a BitmapAnd that reads
 * every armed timer of every case: twice per event, growing with the cases waiting. (case_id, status)
 * answers both conditions from one index and still serves the reads by case alone; same index count.
 */
export class CaseTimersByCaseAndStatus1765900000200 implements MigrationInterface {
  name = 'CaseTimersByCaseAndStatus1765900000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_timers_case`);
    await q.query(`CREATE INDEX case_timers_case ON case_timers (case_id, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_timers_case`);
    await q.query(`CREATE INDEX case_timers_case ON case_timers (case_id)`);
  }
}
