import { appendAudit, caseChain } from '@app/audit';
import { Sql } from '@app/db';
import type { ProcessDefinition } from '@app/processes';
import { OutboxMessage } from '@app/queues';
import { CaseRow } from '../case-row';
import type { Decision } from '../decide/decide-event';
import { updateDecidedCase } from '../repositories/cases';
import { setOpenTasksLane } from '../repositories/tasks';
import { runClockPlan } from '../sla-clocks';
import { caseJob } from '../repositories/outbox';
import { applyStatePlan, schedulePayment } from '../state-effects';
import { WorkflowClock } from '../workflow-clock';

/**
 * Persists a decision in the event's transaction (the case is locked): the case row and the audit
 * entry in one statement (the chain head locked and the entry sealed there), the tasks' lane, the SLA clocks, the
 * event's jobs, a due payment, then the state change's tasks, timers and jobs. Returns the row.
 */
export async function writeDecision(
  tx: Sql,
  clock: WorkflowClock,
  def: ProcessDefinition,
  caseId: string,
  d: Decision,
  now: Date,
): Promise<CaseRow> {
  const entry = { chainId: caseChain(caseId), caseId, at: now, outcome: 'ok' as const, ...d.auditEntry };
  const { updated, audited } = await updateDecidedCase(tx, caseId, d, entry, now);
  if (!audited) await appendAudit(tx, entry);
  if (d.laneChanged) await setOpenTasksLane(tx, caseId, d.lane);
  const outbox: OutboxMessage[] = await runClockPlan(tx, clock, def, updated, d.effects.clocks, now);
  for (const kind of d.effects.jobs) outbox.push(caseJob(kind, updated, d.event));
  if (d.effects.payment) outbox.push(...(await schedulePayment(tx, def, updated, d.effects.payment.period, now)));
  await applyStatePlan(tx, updated, d.effects.state, d.principal.system ? null : d.principal.id, now, outbox);
  return updated;
}
