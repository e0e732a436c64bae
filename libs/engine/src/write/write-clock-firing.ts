import { appendAudit, caseChain } from '@app/audit';
import { Sql } from '@app/db';
import { CaseRow } from '../case-row';
import type { ClockFiring } from '../decide/decide-clock';
import { setCaseFlags } from '../repositories/cases';
import { recordClockPhase } from '../repositories/clocks';
import { openEscalationTask } from '../repositories/tasks';

/**
 * Persists a clock's warning or breach (the case is locked): the phase on the clock, the case's
 * flags (a new revision), the escalation task, then the system's entries on the case's chain.
 */
export async function writeClockFiring(tx: Sql, c: CaseRow, clockId: string, f: ClockFiring, now: Date): Promise<void> {
  await recordClockPhase(tx, clockId, f.phase, now, f.warnedNow);
  await setCaseFlags(tx, c.id, f.flags, now);
  if (f.escalation) await openEscalationTask(tx, c, f.escalation, now);
  for (const e of f.audit) {
    await appendAudit(tx, {
      chainId: caseChain(c.id), caseId: c.id, at: now, actorId: null, actorUsername: 'system', actorRole: null,
      jurisdictionCode: null, action: e.action, outcome: 'ok', fromState: c.state, toState: c.state, payload: e.payload,
    });
  }
}
