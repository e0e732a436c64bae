/**
 * Held periods of a payment schedule (paymentSchedule.holdWhile; 低保: months due while a terminate
 * proposal on fraud, ineligibility, death or moving away waits). The payment job leaves such a
 * period `held`; after each event this settles them: still holding → nothing; the case pays again
 * (proposal rejected) → back to `scheduled` with a payment job each; the case stopped paying or
 * finished (terminated) → `cancelled`, never paid.
 */
import type { Sql } from '@app/db';
import type { ProcessDefinition } from '@app/processes';
import type { OutboxMessage } from '@app/queues';
import type { CaseRow } from './case-row';
import { caseJob } from './state-effects';

export async function settleHeldPayments(tx: Sql, def: ProcessDefinition, c: CaseRow, final: boolean, now: Date): Promise<OutboxMessage[]> {
  const ps = def.paymentSchedule;
  if (!ps?.holdWhile) return [];
  if (final || !ps.payingStates.includes(c.state)) {
    await tx.query(`UPDATE payments SET status = 'cancelled', closed_at = $2 WHERE case_id = $1 AND status = 'held'`, [c.id, now]);
    return [];
  }
  if (ps.holdWhile(c.context)) return [];
  const released = await tx.query(`UPDATE payments SET status = 'scheduled' WHERE case_id = $1 AND status = 'held' RETURNING period`, [c.id]);
  return released.map((r: { period: string }) => caseJob('disbursement', c, undefined, r.period));
}
