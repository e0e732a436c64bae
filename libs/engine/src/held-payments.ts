/**
 * Held periods of a payment schedule (paymentSchedule.holdWhile; 低保: months due while a terminate
 * proposal on fraud, ineligibility, death or moving away waits). The payment job leaves such a
 * period `held`; after each event this settles them: still holding → nothing; the case pays again
 * (proposal rejected) → back to `scheduled` with a payment job each; the case stopped paying or
 * finished (terminated) → `cancelled`, never paid.
 */
import type { Sql } from '@app/db';
import type { ProcessDefinition } from '@app/processes';
import type { OutboxMessage } from './repositories/outbox';
import type { CaseRow } from './case-row';
import { cancelHeldPeriods, releaseHeldPeriods } from './repositories/payments';
import { caseJob } from './repositories/outbox';

export async function settleHeldPayments(tx: Sql, def: ProcessDefinition, c: CaseRow, final: boolean, now: Date): Promise<OutboxMessage[]> {
  const ps = def.paymentSchedule;
  if (!ps?.holdWhile) return [];
  if (final || !ps.payingStates.includes(c.state)) {
    await cancelHeldPeriods(tx, c.id, now);
    return [];
  }
  if (ps.holdWhile(c.context)) return [];
  return (await releaseHeldPeriods(tx, c.id)).map((period) => caseJob('disbursement', c, undefined, period));
}
