import type { Principal } from '@app/access';
import { caseChain, openChain } from '@app/audit';
import { Sql } from '@app/db';
import type { ProcessDefinition } from '@app/processes';
import { CaseRow } from '../case-row';
import type { FilingDecision } from '../decide/decide-filing';
import { NewCase, insertCase } from '../repositories/cases';
import { runClockPlan } from '../sla-clocks';
import { applyStatePlan } from '../state-effects';
import { WorkflowClock } from '../workflow-clock';

/** The applicant as stored: the ID number encrypted, its keyed index and masked form, never in clear. */
export type FiledApplicant = Pick<NewCase, 'applicantName' | 'idCipher' | 'idIndex' | 'idMasked' | 'phone' | 'householdSize'>;

/**
 * Persists a filing decision in its transaction: the case row, the FILE entry opening the case's
 * chain, the clocks filing starts, then the initial state's task, timers and jobs. Returns the row.
 */
export async function writeFiling(
  tx: Sql,
  clock: WorkflowClock,
  def: ProcessDefinition,
  filer: { principal: Principal; role: string },
  filing: { village: NewCase['village']; applicant: FiledApplicant; data: Record<string, unknown> },
  d: FilingDecision,
  now: Date,
): Promise<CaseRow> {
  const p = filer.principal;
  const row = await insertCase(tx, {
    processKey: def.key, processVersion: def.version, state: d.state, context: d.context, lane: d.lane, village: filing.village,
    ...filing.applicant, householdKey: d.householdKey, data: filing.data, flags: d.flags, filedBy: p.id, now,
  });
  await openChain(tx, {
    chainId: caseChain(row.id), caseId: row.id, at: now, actorId: p.id, actorUsername: p.username,
    actorRole: filer.role, jurisdictionCode: p.jurisdiction.code, action: 'FILE', outcome: 'ok',
    fromState: null, toState: d.state,
    payload: {
      processKey: def.key, processVersion: def.version, villageCode: row.village_code, lane: d.lane,
      // Never the keyed index (issue 19): with PII_KEY it gives the number back from its masked form.
      applicant: { name: row.applicant_name, idNumberMasked: row.applicant_id_masked },
      data: filing.data, flags: d.flags.map((f) => f.code),
      ...(d.settings ? { settings: d.settings } : {}),
    },
  });
  const clockJobs = await runClockPlan(tx, clock, def, row, d.effects.clocks, now);
  await applyStatePlan(tx, row, d.effects.state, p.id, now, clockJobs);
  return row;
}
