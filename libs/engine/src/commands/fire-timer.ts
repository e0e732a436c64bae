import { SYSTEM_PRINCIPAL } from '@app/access';
import { inTransaction } from '@app/db';
import { lockCase } from '../repositories/cases';
import { RecurringTimerRow, markTimerFired, readTimer, timerStatus } from '../repositories/timers';
import { armNextFiring, armRepeat } from '../state-effects';
import { isUuid } from '../uuid';
import { applyLocked } from './apply-event';
import { EngineParts, SystemApplyResult } from './engine-parts';

/**
 * A deadline fired. Stale (the case moved on, it was cancelled, or this period already fired: a
 * duplicate job or a reconciler re-fire) → nothing happens. Otherwise the timer is marked fired and
 * its event applied as the system's, in one transaction; a recurring timer's firing carries its
 * period and arms the next one in the same transaction.
 */
export async function fireTimer(parts: EngineParts, timerId: string): Promise<SystemApplyResult> {
  if (!isUuid(timerId)) return { applied: false, reason: 'bad timer id' };
  return inTransaction(parts.ds, async (tx) => {
    const timer = await readTimer(tx, timerId);
    if (!timer) return { applied: false, reason: 'timer not found' };
    const c = await lockCase(tx, timer.case_id);
    // Read again under the case's lock: an event that left the state meanwhile cancelled it.
    if (!c || (await timerStatus(tx, timerId)) !== 'armed' || c.state !== timer.state) return { applied: false, reason: 'stale timer' };
    await markTimerFired(tx, timerId);
    const payload = timer.series_id ? { period: timer.period } : {};
    const updated = await applyLocked(parts, tx, SYSTEM_PRINCIPAL, c, { type: timer.event_type, payload }, { timerId });
    const def = parts.processes.get(c.process_key, c.process_version);
    if (timer.series_id) await armNextFiring(tx, parts.clock, def, updated, timer as RecurringTimerRow, parts.clock.now());
    else await armRepeat(tx, parts.clock, def, updated, timer, parts.clock.now());
    return { applied: true, state: updated.state };
  });
}
