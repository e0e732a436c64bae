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
import { closeEntryTask, openEntryTask } from '../repositories/tasks';
import { applyStatePlan, schedulePayment } from '../state-effects';
import { WorkflowClock } from '../workflow-clock';
import { settleHeldPayments } from '../held-payments';
import { membershipChange } from '../registry-membership';

/**
 * Persists a decision in the event's transaction (the case is locked): the case row and the audit
 * entry in one statement (the chain head locked and the entry sealed there; a registry join or leave
 * its own entry after it), the tasks' lane, the SLA clocks, the
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
  // Joining or leaving the assistance registry (registryMembership) is its own entry, after the event's.
  const joinLeave = membershipChange(def, d.fromState, d.nextState);
  if (joinLeave) {
    // Recorded in the state the event led to: the entry moves nothing (a replay of the chain applies only the event).
    const at = d.nextState;
    await appendAudit(tx, { ...entry, action: joinLeave.action, fromState: at, toState: at, payload: { category: joinLeave.category, event: d.event.type } });
  }
  if (d.laneChanged) await setOpenTasksLane(tx, caseId, d.lane);
  const outbox: OutboxMessage[] = await runClockPlan(tx, clock, def, updated, d.effects.clocks, now);
  for (const kind of d.effects.jobs) outbox.push(caseJob(kind, updated, d.event));
  if (d.effects.payment) outbox.push(...(await schedulePayment(tx, def, updated, d.effects.payment.period, now)));
  outbox.push(...(await settleHeldPayments(tx, def, updated, d.final, now)));
  const actorId = d.principal.system ? null : d.principal.id;
  for (const t of d.effects.entryTasks.done) await closeEntryTask(tx, caseId, t.kind, t.index, now, actorId);
  // Opened before the state's work: a case that ends here cancels them with the rest.
  for (const t of d.effects.entryTasks.open) await openEntryTask(tx, updated, d.nextState, t, now);
  await applyStatePlan(tx, updated, d.effects.state, d.principal.system ? null : d.principal.id, now, outbox);
  return updated;
}
