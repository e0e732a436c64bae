import { LOCK_CHAIN_HEAD_SQL, appendAudit, caseChain } from '@app/audit';
import { Sql } from '@app/db';
import type { ProcessDefinition } from '@app/processes';
import { OutboxMessage } from '@app/queues';
import { CaseRow, LANE_RANK } from '../case-row';
import type { Decision } from '../decide/decide-event';
import { runClockPlan } from '../sla-clocks';
import { applyStatePlan, caseJob, schedulePayment } from '../state-effects';
import { WorkflowClock } from '../workflow-clock';

/**
 * Persists a decision in the event's transaction (the case is locked): the case row and the audit
 * entry (the chain head locked in the same statement), the tasks' lane, the SLA clocks, the
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
  // The case chain's head is locked and read in the same statement (the case is locked already).
  const [{ audit_head_seq, audit_head_hash, ...updated }] = (await tx.query(
    `WITH head AS (${LOCK_CHAIN_HEAD_SQL('$10')}),
       u AS (UPDATE cases SET state = $2, context = $3, lane = $4, revision = revision + 1, outcome = $5, decision_groups = $6,
         updated_at = $7, state_entered_at = CASE WHEN state <> $2 THEN $7 ELSE state_entered_at END,
         closed_at = CASE WHEN $8 THEN $7 ELSE closed_at END, flags = $9
       WHERE id = $1 RETURNING *)
     SELECT u.*, head.head_seq AS audit_head_seq, head.head_hash AS audit_head_hash FROM u LEFT JOIN head ON true`,
    [
      caseId, d.nextState, JSON.stringify(d.context), d.lane, d.outcome, JSON.stringify(d.decisionGroups), now, d.final,
      JSON.stringify(d.flags), caseChain(caseId),
    ],
  )) as Array<CaseRow & { audit_head_seq: number | null; audit_head_hash: string | null }>;
  const chainHead = audit_head_seq === null ? undefined : { head_seq: audit_head_seq, head_hash: audit_head_hash! };
  if (d.laneChanged) {
    await tx.query(`UPDATE tasks SET lane = $2, lane_rank = $3 WHERE case_id = $1 AND status IN ('open','claimed')`, [caseId, d.lane, LANE_RANK[d.lane]]);
  }
  await appendAudit(tx, { chainId: caseChain(caseId), caseId, at: now, outcome: 'ok', ...d.auditEntry }, chainHead);
  const outbox: OutboxMessage[] = await runClockPlan(tx, clock, def, updated, d.effects.clocks, now);
  for (const kind of d.effects.jobs) outbox.push(caseJob(kind, updated, d.event));
  if (d.effects.payment) outbox.push(...(await schedulePayment(tx, def, updated, d.effects.payment.period, now)));
  await applyStatePlan(tx, updated, d.effects.state, d.principal.system ? null : d.principal.id, now, outbox);
  return updated;
}
