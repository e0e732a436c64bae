/**
 * Filing a case about another case (ProcessDeclarations.subject: an audit finding). There is no
 * applicant and no villageCode (400 if sent); the subject decides the place: the new case lies at
 * the subject's jurisdiction path, so every subtree index and rule keeps working, and its own
 * `visibility` narrows who sees it. The subject is checked here, generically, before the process's
 * own check: inside the filer's subtree (else 404), of another process (422), the flag raised on it
 * and the audit entries of its chain (422), one open case per subject and `uniqueOpenBy` (422).
 */
import type { Principal } from '@app/access';
import { caseChain } from '@app/audit';
import { Sql } from '@app/db';
import { LEVELS, type Level, type ProcessDefinition, type ProcessRegistry, type Role, type SubjectFacts, type SubjectSpec } from '@app/processes';
import { CaseRow } from './case-row';
import { notFound, unprocessable } from './errors';
import { isUuid } from './uuid';
import { openCaseAbout, readCase } from './repositories/cases';
import { isVisibleTo } from './visibility';

export const SUBJECT_FILING_SCHEMA = {
  type: 'object',
  required: ['processKey', 'data'],
  // An applicant or a villageCode is a 400 naming the field: a finding has neither (PROCESSES.md §5).
  additionalProperties: false,
  properties: { processKey: { type: 'string', minLength: 1 }, data: { type: 'object' } },
};

const rolesAtCache = new WeakMap<ProcessDefinition, Record<Level, Role[]>>();

/** The roles that act in a process at each level: its events' actors and its tasks. */
export function rolesActingAt(def: ProcessDefinition): Record<Level, Role[]> {
  let out = rolesAtCache.get(def);
  if (!out) {
    const sets = Object.fromEntries(LEVELS.map((l) => [l, new Set<Role>()])) as Record<Level, Set<Role>>;
    for (const e of Object.values(def.events)) if (e.actors !== 'system') for (const a of e.actors) if (!a.unitsField) sets[a.level].add(a.role);
    for (const s of Object.values(def.states)) if (s.task?.role && s.task.level) sets[s.task.level].add(s.task.role);
    out = Object.fromEntries(LEVELS.map((l) => [l, [...sets[l]].sort()])) as Record<Level, Role[]>;
    rolesAtCache.set(def, out);
  }
  return out;
}

/**
 * Reads and checks the subject for a filing, in the filing's transaction. Two filings about the
 * same subject are serialised (an advisory lock) so that the one-open-case rule holds.
 */
export async function checkedSubject(
  tx: Sql, processes: ProcessRegistry, def: ProcessDefinition, spec: SubjectSpec, p: Principal, data: Record<string, any>,
): Promise<{ subject: CaseRow; facts: SubjectFacts }> {
  const subjectId = data[spec.caseField];
  if (typeof subjectId !== 'string' || !isUuid(subjectId)) throw notFound({ zh: '所涉案件不存在或不在您的辖区内', en: 'The related case does not exist or is outside your jurisdiction' });
  const subject = (await readCase(tx, subjectId)) as (CaseRow & { viewers: string[] | null }) | undefined;
  if (!subject || !isVisibleTo(p, subject)) throw notFound({ zh: '所涉案件不存在或不在您的辖区内', en: 'The related case does not exist or is outside your jurisdiction' });
  if (subject.process_key === def.key) throw unprocessable({ zh: `所涉案件不能是「${def.title.zh}」本身的案件`, en: `The related case cannot be a "${def.title.en}" case itself` });
  const flag = spec.flagField ? data[spec.flagField] : undefined;
  if (flag !== undefined && !(subject.flags as Array<{ code: string }>).some((f) => f.code === flag)) {
    throw unprocessable({ zh: `所涉案件没有预警「${flag}」`, en: `The related case has no "${flag}" warning` });
  }
  const entries = spec.entriesField ? data[spec.entriesField] : undefined;
  if (Array.isArray(entries) && entries.length) {
    const ids = entries.map((e) => String(e));
    const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM audit_entries WHERE id = ANY($1::bigint[]) AND chain_id = $2`, [ids, caseChain(subject.id)]);
    if (n !== new Set(ids).size) throw unprocessable({ zh: '所涉审计记录必须是所涉案件自己的审计记录', en: "The audit entry must be one of the related case's own entries" });
  }
  if (spec.uniqueOpenBy) {
    const value = data[spec.uniqueOpenBy] ?? null;
    const open = await openCaseAbout(tx, subject.id, def.key, spec.uniqueOpenBy, value);
    if (open) throw unprocessable({
        zh: `duplicate_finding：该案件${value ? `就「${value}」` : ''}已有未销号的${def.title.zh}（${open.id}）`,
        en: `duplicate_finding: the case already has an open ${def.title.en}${value ? ` about "${value}"` : ''} (${open.id})`,
      });
  }
  const subjectDef = processes.get(subject.process_key, subject.process_version);
  const facts: SubjectFacts = {
    caseId: subject.id,
    processKey: subject.process_key,
    state: subject.state,
    jurisdiction: { villageCode: subject.village_code, townshipCode: subject.township_code, countyCode: subject.county_code, cityCode: subject.city_code },
    flags: (subject.flags as Array<{ code: string }>).map((f) => f.code),
    rolesAt: rolesActingAt(subjectDef),
    supervisors: subjectDef.supervisors ?? {},
  };
  const reason = spec.check?.(data, facts);
  if (reason) throw unprocessable(reason);
  return { subject, facts };
}
