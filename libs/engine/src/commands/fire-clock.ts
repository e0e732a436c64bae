import { inTransaction } from '@app/db';
import { ClockPhase, decideClockPhase } from '../decide/decide-clock';
import { lockCase } from '../repositories/cases';
import { clockCaseId, readClock } from '../repositories/clocks';
import { isUuid } from '../uuid';
import { writeClockFiring } from '../write/write-clock-firing';
import { EngineParts } from './engine-parts';

/**
 * An SLA clock reached its warning or due time: the case locked, then the clock read under that
 * lock, decided (decide-clock.ts) and written. A clock that no longer applies changes nothing.
 */
export async function fireClock(parts: EngineParts, clockId: string, phase: ClockPhase, armedFor?: string): Promise<{ changed: boolean }> {
  if (!isUuid(clockId)) return { changed: false };
  return inTransaction(parts.ds, async (tx) => {
    const caseId = await clockCaseId(tx, clockId);
    if (!caseId) return { changed: false };
    const c = (await lockCase(tx, caseId))!;
    const k = (await readClock(tx, clockId))!;
    const def = parts.processes.get(c.process_key, c.process_version);
    const now = parts.clock.now();
    const firing = decideClockPhase(def, c, k, phase, armedFor, now);
    if (!firing.applies) return { changed: false };
    await writeClockFiring(tx, c, clockId, firing, now);
    return { changed: true };
  });
}
