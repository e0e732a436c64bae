import type { Principal } from '@app/access';
import { randomUUID } from 'node:crypto';
import { caseChain, openChainCtes } from '@app/audit';
import { CteStatement, Sql, lastStatement } from '@app/db';
import type { ProcessDefinition } from '@app/processes';
import { CaseRow } from '../case-row';
import type { FilingDecision } from '../decide/decide-filing';
import { ViewAnswer, ViewRow, decidedViewColumns } from '../queries/case-queries';
import { NewCase, insertCaseCte } from '../repositories/cases';
import { outboxCte } from '../repositories/outbox';
import { runClockPlan } from '../sla-clocks';
import { applyStatePlan, openUnitTasks, stateChangeCtes, statementIds } from '../state-effects';
import { isVisibleTo } from '../visibility';
import { WorkflowClock } from '../workflow-clock';

/** The applicant as stored: the ID number encrypted, its keyed index and masked form, never in clear. */
export type FiledApplicant = Pick<NewCase, 'applicantName' | 'idCipher' | 'idIndex' | 'idMasked' | 'phone' | 'householdSize'>;

/**
 * Persists a filing decision in its transaction, in one statement when filing starts no SLA clock
 * (issue 21: a filing was a statement per table): the case row (its id made here), the FILE entry
 * opening the case's chain, the initial state's task, timers and jobs, and, with `viewer`, the case
 * view's columns (as an event's statement answers, case-queries.ts decidedViewColumns). Clocks must
 * follow the case row (their foreign key) and precede the task (its due time reads them): with
 * clocks, the task, timers and jobs are a statement after them. Unit tasks follow (the view is then
 * read by the caller). Returns the stored row, with `viewRow` when the statement answered the view.
 * When the caller will add nothing to the transaction (`answer.endsTransaction`) and nothing follows
 * that statement, it carries the COMMIT (ADR 0012).
 */
export async function writeFiling(
  tx: Sql,
  clock: WorkflowClock,
  def: ProcessDefinition,
  filer: { principal: Principal; role: string },
  filing: { village: NewCase['village']; applicant: FiledApplicant; data: Record<string, unknown> },
  d: FilingDecision,
  now: Date,
  answer?: ViewAnswer,
): Promise<CaseRow & { viewRow?: ViewRow }> {
  const p = filer.principal;
  const viewer = answer?.viewer;
  const b = new CteStatement();
  const id = randomUUID();
  const ids = statementIds(b, id, now);
  const planned = insertCaseCte(b, ids, id, {
    processKey: def.key, processVersion: def.version, state: d.state, context: d.context, lane: d.lane, village: filing.village,
    ...filing.applicant, householdKey: d.householdKey, data: filing.data, flags: d.flags, filedBy: p.id, now,
  });
  const chain = openChainCtes({
    chainId: caseChain(id), caseId: id, at: now, actorId: p.id, actorUsername: p.username,
    actorRole: filer.role, jurisdictionCode: p.jurisdiction.code, action: 'FILE', outcome: 'ok',
    fromState: null, toState: d.state,
    payload: {
      processKey: def.key, processVersion: def.version, villageCode: planned.village_code, lane: d.lane,
      // Never the keyed index (issue 19): with PII_KEY it gives the number back from its masked form.
      applicant: { name: planned.applicant_name, idNumberMasked: planned.applicant_id_masked },
      data: filing.data, flags: d.flags.map((f) => f.code),
      ...(d.settings ? { settings: d.settings } : {}),
    },
  }, b.nextParam);
  b.raw(chain.sql, chain.params);
  const clocks = d.effects.clocks;
  const clockWork = clocks.start.length + clocks.stop.length + clocks.pause.length + clocks.resume.length > 0;
  const plan = d.effects.state;
  if (clockWork) {
    const [row] = (await tx.query(b.text('SELECT * FROM filed'), b.params)) as CaseRow[];
    const clockJobs = await runClockPlan(tx, clock, def, row, clocks, now);
    await applyStatePlan(tx, row, plan, p.id, now, clockJobs);
    return row;
  }
  outboxCte(b, stateChangeCtes(b, ids, planned, plan, p.id, now));
  const answered = viewer && (plan.final || plan.unitTasks.length === 0);
  const text = b.text(`SELECT f.*${answered ? `, ${decidedViewColumns(b, 'f', viewer, { context: d.context, subject_case_id: null })}` : ''} FROM filed f`);
  // Last unless the view would then refuse the filer (it would 404 and roll back).
  const last = Boolean(answered && answer.endsTransaction && isVisibleTo(answer.viewer, planned));
  const [row] = (await lastStatement(tx, text, b.params, last)) as ViewRow[];
  await openUnitTasks(tx, row, plan, now);
  return answered ? { ...row, viewRow: row } : row;
}
