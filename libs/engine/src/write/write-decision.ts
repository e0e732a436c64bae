import { appendAudit, caseChain } from '@app/audit';
import { CteStatement, Sql, lastStatement } from '@app/db';
import type { ProcessDefinition } from '@app/processes';
import { OutboxMessage } from '@app/queues';
import { CaseRow } from '../case-row';
import type { Decision } from '../decide/decide-event';
import { LockedCase, decidedCaseCtes, decidedCaseSelect } from '../repositories/cases';
import { ViewAnswer, ViewRow, decidedViewColumns } from '../queries/case-queries';
import { closeEntryTask, openEntryTask, setOpenTasksLane } from '../repositories/tasks';
import { runClockPlan } from '../sla-clocks';
import { caseJob, outboxCte } from '../repositories/outbox';
import { openUnitTasks, schedulePayment, stateChangeCtes, statementIds } from '../state-effects';
import { WorkflowClock } from '../workflow-clock';
import { settleHeldPayments } from '../held-payments';
import { membershipChange } from '../registry-membership';
import { isVisibleTo } from '../visibility';

/**
 * Persists a decision in the event's transaction (the case is locked). What only some events do
 * comes first, each a statement of its owner: the tasks' lane, the SLA clocks, a due payment, held
 * payments. Then one statement (issue 21: round trips were most of an event's cost) writes the
 * case row, its audit entry (the chain head locked and the entry sealed there), the left state's
 * work closed, the entered state's task and timers, and every outbox row. Unit tasks follow (they
 * must see the closed work), then a registry join or leave as its own audit entry and the entry
 * tasks done and opened. Returns the updated row; with `answer`, also the case view's row read in
 * that statement (`viewRow`), unless unit or entry tasks follow it (the view would miss them: read it after).
 * When the caller will add nothing to the transaction (`answer.endsTransaction`) and nothing of this
 * decision follows the statement, the statement carries the COMMIT (ADR 0012).
 */
export async function writeDecision(
  tx: Sql,
  clock: WorkflowClock,
  def: ProcessDefinition,
  locked: LockedCase,
  d: Decision,
  now: Date,
  answer?: ViewAnswer,
): Promise<CaseRow & { viewRow?: ViewRow }> {
  const viewer = answer?.viewer;
  const entry = { chainId: caseChain(locked.id), caseId: locked.id, at: now, outcome: 'ok' as const, ...d.auditEntry };
  // The row as the statement will leave it, known before it runs (the case is locked): what tasks,
  // timers and jobs are written from.
  const after: CaseRow = { ...locked, state: d.nextState, context: d.context, lane: d.lane, revision: locked.revision + 1, flags: d.flags };
  if (d.laneChanged) await setOpenTasksLane(tx, locked.id, d.lane);
  const outbox: OutboxMessage[] = await runClockPlan(tx, clock, def, after, d.effects.clocks, now);
  for (const kind of d.effects.jobs) outbox.push(caseJob(kind, after, d.event));
  if (d.effects.payment) outbox.push(...(await schedulePayment(tx, def, after, d.effects.payment.period, now)));
  outbox.push(...(await settleHeldPayments(tx, def, after, d.final, now)));

  const b = new CteStatement();
  const ids = statementIds(b, locked.id, now);
  decidedCaseCtes(b, ids, d, entry);
  outbox.push(...stateChangeCtes(b, ids, after, d.effects.state, d.principal.system ? null : d.principal.id, now));
  outboxCte(b, outbox);
  const plan = d.effects.state;
  const tasksAfter = (!plan.final && plan.unitTasks.length > 0) || d.effects.entryTasks.done.length > 0 || (!d.final && d.effects.entryTasks.open.length > 0);
  const answered = viewer && !tasksAfter;
  const select = decidedCaseSelect(answered ? decidedViewColumns(b, 'u', viewer, { context: d.context, subject_case_id: locked.subject_case_id }) : undefined);
  const joinLeave = membershipChange(def, d.fromState, d.nextState);
  // Last only when its audit entry cannot need the fallback below (the chain is open) and the answer
  // cannot be refused after it (the caller still sees the case: viewOf would 404 and roll back).
  const last = Boolean(answered && answer.endsTransaction && !joinLeave && locked.chain_open === true && isVisibleTo(answer.viewer, { ...after, viewers: d.viewers }));
  const text = b.text(select);
  const [{ audit_seq, ...updated }] = (await lastStatement(tx, text, b.params, last)) as Array<ViewRow & { audit_seq: number | null }>;
  if (audit_seq === null) await appendAudit(tx, entry);
  await openUnitTasks(tx, updated, plan, now);
  // Joining or leaving the assistance registry (registryMembership) is its own entry, after the event's,
  // recorded in the state the event led to: it moves nothing (a replay of the chain applies only the event).
  if (joinLeave) {
    await appendAudit(tx, { ...entry, action: joinLeave.action, fromState: d.nextState, toState: d.nextState, payload: { category: joinLeave.category, event: d.event.type } });
  }
  const actorId = d.principal.system ? null : d.principal.id;
  for (const t of d.effects.entryTasks.done) await closeEntryTask(tx, locked.id, t.kind, t.index, now, actorId);
  // A case that ended here has nothing left to refer (its open entry tasks were cancelled with the rest).
  if (!d.final) for (const t of d.effects.entryTasks.open) await openEntryTask(tx, updated, d.nextState, t, now);
  return answered ? { ...updated, viewRow: updated } : updated;
}
