import type { Principal, SessionToConfirm } from '@app/access';
import { settingsInForce } from './change-setting';
import { actorChain, appendAudit } from '@app/audit';
import { inTransaction } from '@app/db';
import { maskIdNumber, validateIdNumber } from '@app/registry';
import { decideFiling } from '../decide/decide-filing';
import { FieldError, SessionNotConfirmed, forbidden, invalid, unprocessable } from '../errors';
import { alreadyInOpenCase, householdErrors, householdPersons, maskedHouseholdData, storeHouseholdPersons } from '../household-persons';
import { filingRefusal, filingRole } from '../filing-rule';
import { withIdempotency } from '../idempotency';
import { confirmSession } from '../session-confirmation';
import type { CaseView } from '../queries/case-queries';
import { filingFactsOf } from '../queries/filing-facts';
import { validateAgainst } from '../schema-validator';
import { writeFiling } from '../write/write-filing';
import { EngineParts } from './engine-parts';
import { fileAboutSubject } from './file-about-subject';

export interface FilingInput {
  processKey: string;
  villageCode: string;
  applicant: { name: string; idNumber: string; phone?: string; householdSize?: number };
  data: Record<string, unknown>;
}

export const FILING_SCHEMA = {
  type: 'object',
  required: ['processKey', 'villageCode', 'applicant', 'data'],
  additionalProperties: false,
  properties: {
    processKey: { type: 'string', minLength: 1 },
    villageCode: { type: 'string', pattern: '^[0-9]{12}$' },
    applicant: {
      type: 'object',
      required: ['name', 'idNumber'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 50 },
        idNumber: { type: 'string', minLength: 1, maxLength: 32 },
        phone: { type: 'string', pattern: '^[0-9+\\- ]{5,20}$' },
        householdSize: { type: 'integer', minimum: 1, maximum: 30 },
      },
    },
    data: { type: 'object' },
  },
};

/**
 * Files a case: validate (schema, process, ID number, the process's filing data, the village), check
 * who may file (definition.filedBy; a refusal is audited on the caller's chain), then, idempotent by
 * key, read the facts, decide (decide-filing.ts) and write (write-filing.ts) in one transaction.
 */
export async function fileCase(
  parts: EngineParts,
  p: Principal,
  body: unknown,
  idempotencyKey?: string,
  toConfirm?: SessionToConfirm,
): Promise<{ status: number; body: CaseView }> {
  // A process about another case files without applicant and village (file-about-subject.ts); it
  // does not confirm a remembered session itself, so the session is read first (ADR 0013).
  const key = body && typeof body === 'object' ? (body as { processKey?: unknown }).processKey : undefined;
  const about = typeof key === 'string' ? parts.processes.latest(key) : undefined;
  if (about?.subject) {
    if (toConfirm) throw new SessionNotConfirmed();
    return fileAboutSubject(parts, p, about, body, idempotencyKey);
  }
  const errors = validateAgainst(FILING_SCHEMA, body, '');
  if (errors.length) throw invalid(errors);
  const input = body as FilingInput;
  const def = parts.processes.latest(input.processKey);
  if (!def) throw invalid([{ field: 'processKey', message: `未知流程，可选：${parts.processes.keys().join('、')}`, en: `unknown process; one of: ${parts.processes.keys().join(', ')}` }]);
  const id = validateIdNumber(input.applicant.idNumber);
  const fieldErrors: FieldError[] = [];
  if (!id.ok) fieldErrors.push({ field: 'applicant.idNumber', message: id.reason, en: id.reasonEn });
  fieldErrors.push(...validateAgainst(def.filing, input.data, 'data'));
  fieldErrors.push(...householdErrors(def, input.data, input.applicant));
  const found = await parts.directory.find(input.villageCode);
  if (!found || found.level !== 'village') fieldErrors.push({ field: 'villageCode', message: '村（社区）代码不存在', en: 'no such village (community) code' });
  if (fieldErrors.length) throw invalid(fieldErrors);
  const village = found!;
  const idNumber = (id as { ok: true; value: string }).value;
  // Who may file comes from the definition (filedBy: roles and level).
  const filerRole = filingRole(p, def.filedBy, village);
  if (!filerRole) {
    // A refusal is recorded for the caller as read now, not as remembered.
    if (toConfirm) throw new SessionNotConfirmed();
    const err = forbidden(filingRefusal(def.filedBy));
    // A refused filing is evidence too (issue 17): on the caller's chain, the applicant masked as in FILE.
    await inTransaction(parts.ds, (tx) => appendAudit(tx, {
      chainId: actorChain(p.id), caseId: null, at: parts.clock.now(), actorId: p.id, actorUsername: p.username,
      actorRole: p.roles.join(','), jurisdictionCode: p.jurisdiction.code, action: 'FILE', outcome: 'refused', fromState: null, toState: null,
      payload: {
        status: err.status, reason: err.message, processKey: def.key, villageCode: input.villageCode,
        applicant: { name: input.applicant.name, idNumberMasked: maskIdNumber(idNumber) },
      },
    })).catch(() => undefined);
    throw err;
  }
  const request = { op: 'file', body: { ...input, applicant: { ...input.applicant, idNumber } } };

  const now = parts.clock.now();
  const idIndex = parts.cipher.indexOf(idNumber);
  // Members' ID numbers leave the data here: encrypted in case_persons, masked in data and audit.
  const persons = householdPersons(def, input.data, parts.cipher);
  const data = maskedHouseholdData(def, input.data);
  const everyone = [idIndex, ...persons.map((m) => m.index)];
  const codes = { village_code: village.code, township_code: village.townshipCode!, county_code: village.countyCode!, city_code: village.cityCode };

  return inTransaction(parts.ds, (tx) => withIdempotency(tx, p, idempotencyKey, request, async ({ taken, settings, facts }) => {
    if (taken) {
      throw unprocessable({
        zh: `${def.personFields!.uniqueOpenCase}：申请人或家庭成员已在办理中或正在享受的「${def.title.zh}」案件中`,
        en: `${def.personFields!.uniqueOpenCase}: the applicant or a household member is already in an open or current "${def.title.en}" case`,
      });
    }
    const decision = await decideFiling(def, { data, village: codes, settings }, { ...facts, clock: parts.clock }, now);
    const row = await writeFiling(tx, parts.clock, def, { principal: p, role: filerRole }, {
      village,
      applicant: {
        applicantName: input.applicant.name, idCipher: parts.cipher.encrypt(idNumber), idIndex, idMasked: maskIdNumber(idNumber),
        phone: input.applicant.phone ?? null, householdSize: input.applicant.householdSize ?? null,
      },
      data,
    }, decision, now, { viewer: p, endsTransaction: !idempotencyKey && persons.length === 0 });
    await storeHouseholdPersons(tx, row.id, persons, parts.cipher);
    // The write statement answered the view when it could (write-filing.ts); the view shows no household persons.
    return { status: 201, body: row.viewRow ? parts.queries.viewOf(p, row.viewRow) : await parts.queries.viewInTx(tx, p, row.id) };
  }, async () => {
    // Everything the decision reads, asked for in one turn: one round trip with BEGIN (and the
    // Idempotency-Key's claim, and the remembered session's confirmation, ADR 0013).
    const [, taken, settings, facts] = await Promise.all([
      toConfirm && confirmSession(tx, toConfirm),
      alreadyInOpenCase(tx, def, everyone),
      settingsInForce(tx, def, codes),
      // The registry's household, declaring relatives and earlier cases: one read (filing-facts.ts).
      filingFactsOf(tx, idIndex, everyone, village, now, !!def.filingChecks),
    ]);
    return { taken, settings, facts };
  }));
}
