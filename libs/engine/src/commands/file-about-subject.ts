import type { Principal } from '@app/access';
import { actorChain, appendAudit, caseChain } from '@app/audit';
import { inTransaction } from '@app/db';
import type { ProcessDefinition } from '@app/processes';
import { CaseRow, withFlags } from '../case-row';
import { RELATIVE_CONFLICT_REASON } from '../conflict-of-interest';
import { stateIdOf } from '../decide/decide-event';
import { initialSnapshot } from '../decide/machine-steps';
import { DomainError, forbidden, invalid } from '../errors';
import { withIdempotency } from '../idempotency';
import type { CaseView } from '../queries/case-queries';
import { insertSubjectCase } from '../repositories/cases';
import { ROLE_TITLES, ROLE_TITLES_EN } from '../role-titles';
import { validateAgainst } from '../schema-validator';
import { clockPlan, runClockPlan } from '../sla-clocks';
import { applyStatePlan, stateChangePlan } from '../state-effects';
import { SUBJECT_FILING_SCHEMA, checkedSubject } from '../subject-filing';
import { viewersOf } from '../visibility';
import { EngineParts } from './engine-parts';

/**
 * Files a case about another case (ProcessDeclarations.subject, subject-filing.ts): no applicant,
 * placed at the subject's path, visible as the definition declares. The machine starts from the
 * filing data and the subject facts, and the FILE entry records both, so the chain replays alone.
 * Refusals (403, 422) are audited on the caller's chain like any refused filing.
 */
export async function fileAboutSubject(
  parts: EngineParts, p: Principal, def: ProcessDefinition, body: unknown, idempotencyKey?: string,
): Promise<{ status: number; body: CaseView }> {
  const errors = validateAgainst(SUBJECT_FILING_SCHEMA, body, '');
  if (errors.length) throw invalid(errors);
  const input = body as { processKey: string; data: Record<string, any> };
  const dataErrors = validateAgainst(def.filing, input.data, 'data');
  if (dataErrors.length) throw invalid(dataErrors);
  const filerRole = def.filedBy.roles.find((r) => p.roles.includes(r));
  const refused = (err: DomainError) =>
    inTransaction(parts.ds, (tx) => appendAudit(tx, {
      chainId: actorChain(p.id), caseId: null, at: parts.clock.now(), actorId: p.id, actorUsername: p.username,
      actorRole: p.roles.join(','), jurisdictionCode: p.jurisdiction.code, action: 'FILE', outcome: 'refused', fromState: null, toState: null,
      payload: { status: err.status, reason: err.message, processKey: def.key, data: input.data },
    })).catch(() => undefined);
  if (!filerRole) {
    const err = forbidden({
      zh: `只有${def.filedBy.roles.map((r) => ROLE_TITLES[r]).join('或')}可以登记「${def.title.zh}」`,
      en: `Only ${def.filedBy.roles.map((r) => ROLE_TITLES_EN[r]).join(' or ')} may file "${def.title.en}"`,
    });
    await refused(err);
    throw err;
  }
  const request = { op: 'file', body: input };
  try {
    return await inTransaction(parts.ds, (tx) => withIdempotency(tx, p, idempotencyKey, request, async () => {
      const now = parts.clock.now();
      const { subject, facts } = await checkedSubject(tx, parts.processes, def, def.subject!, p, input.data);
      // A staff member who declared the subject's applicant a close relative may not open a finding on it either.
      const [related] = await tx.query(
        `SELECT 1 FROM staff_relatives WHERE user_id = $1 AND id_index = $2 AND withdrawn_at IS NULL`, [p.id, subject.applicant_id_index],
      );
      if (related) throw forbidden(RELATIVE_CONFLICT_REASON);
      const snapshot = initialSnapshot(def.machine, { data: input.data, subject: facts });
      const state = stateIdOf(snapshot.value);
      const context = snapshot.context as Record<string, any>;
      const lane = (def.laneOf ? def.laneOf(context) : 'normal') as CaseRow['lane'];
      const flags = def.flagsOf ? withFlags([], def.flagsOf(context), now) : [];
      const row = await insertSubjectCase(tx, {
        processKey: def.key, processVersion: def.version, state, context, lane, subject, viewers: viewersOf(def, context),
        data: input.data, flags, filedBy: p.id, now,
      });
      await appendAudit(tx, {
        chainId: caseChain(row.id), caseId: row.id, at: now, actorId: p.id, actorUsername: p.username,
        actorRole: filerRole, jurisdictionCode: p.jurisdiction.code, action: 'FILE', outcome: 'ok', fromState: null, toState: state,
        payload: {
          processKey: def.key, processVersion: def.version, subjectCaseId: subject.id, villageCode: row.village_code, lane,
          data: input.data, subject: facts, flags: flags.map((f) => f.code),
        },
      });
      const clockJobs = await runClockPlan(tx, parts.clock, def, row, clockPlan(def, row, 'filing'), now);
      await applyStatePlan(tx, row, stateChangePlan(def, parts.clock, row, null, now), p.id, now, clockJobs);
      return { status: 201, body: await parts.queries.viewInTx(tx, p, row.id) };
    }));
  } catch (err) {
    if (err instanceof DomainError && (err.status === 403 || err.status === 422)) await refused(err);
    throw err;
  }
}
