/**
 * Processes about another case (GET /api/processes: `subject`, e.g. the rectification ledger): the
 * action that opens their filing from a flag or audit entries, and the filing data it prefills. The
 * console knows no such process by name: the fields and the action's title come from the api.
 */
import type { CaseView, JsonSchema, ProcessInfo, User } from '../api/types';
import { initialDraft, setAt, type Draft } from '../schema-form/draft';

/** What a flag row or audit entries say about a case: the case, the flag raised, the entries behind it. */
export interface SubjectRef {
  caseId: string;
  flagCode?: string;
  entryIds?: Array<number | string>;
}

/** The processes this user may file about another case (their role is one that files it). */
export function subjectProcessesFor(processes: ProcessInfo[], user: User | null): ProcessInfo[] {
  if (!user) return [];
  return processes.filter((p) => p.subject && p.filedBy.roles.some((r) => user.roles.includes(r)));
}

/** The filing page's address, the subject, flag and entries in its query. */
export function fileAboutLink(process: ProcessInfo, ref: SubjectRef): string {
  const q = new URLSearchParams({ subject: ref.caseId });
  if (ref.flagCode) q.set('flag', ref.flagCode);
  if (ref.entryIds?.length) q.set('entries', ref.entryIds.join(','));
  return `/file/${encodeURIComponent(process.key)}?${q.toString()}`;
}

/**
 * The filing data the query prefills, under the process's own field names. An entry id that is not
 * a number is dropped (the api would refuse it); a flag only when the process takes one.
 */
export function subjectPrefill(process: ProcessInfo, search: URLSearchParams): Record<string, unknown> {
  const s = process.subject;
  const subject = search.get('subject');
  if (!s || !subject) return {};
  const out: Record<string, unknown> = { [s.caseField]: subject };
  const flag = search.get('flag');
  if (flag && s.flagField) out[s.flagField] = flag;
  const entries = (search.get('entries') ?? '').split(',').map((e) => e.trim()).filter((e) => /^[1-9][0-9]{0,17}$/.test(e)).map(Number);
  if (entries.length && s.entriesField) out[s.entriesField] = entries;
  return out;
}

/** The filing form's empty draft, with what the address prefills for a process about another case. */
export function prefilledDraft(filing: JsonSchema, def: ProcessInfo | undefined, search: URLSearchParams): Draft {
  let draft = initialDraft(filing);
  if (!def?.subject) return draft;
  for (const [field, value] of Object.entries(subjectPrefill(def, search))) {
    draft = setAt(draft, [field], Array.isArray(value) ? value.map(String) : String(value));
  }
  return draft;
}

/** A filing field declaring `'x-picks': 'subject-jurisdiction'`: one of the subject case's units, chosen by name. */
export const picksSubjectPlace = (schema: Record<string, unknown>) => schema['x-picks'] === 'subject-jurisdiction';

/** One unit of the subject case a filing may name: its code is the value, its name and level what is shown. */
export interface SubjectPlace {
  code: string;
  name: string;
  level: 'village' | 'township' | 'county';
}

/** The subject case's village, township and county, nearest first (the units a finding may hold responsible). */
export function subjectPlaces(j: CaseView['jurisdiction'] | undefined): SubjectPlace[] {
  if (!j) return [];
  return ([
    { code: j.villageCode, name: j.villageName, level: 'village' },
    { code: j.townshipCode, name: j.townshipName, level: 'township' },
    { code: j.countyCode, name: j.countyName, level: 'county' },
  ] as SubjectPlace[]).filter((p) => !!p.code);
}

/** The subject case the filing draft names (under the process's case field), when it is a case id. */
export function subjectCaseOf(def: ProcessInfo | undefined, draft: Draft): string | null {
  const field = def?.subject?.caseField;
  const v = field && draft && typeof draft === 'object' && !Array.isArray(draft) ? (draft as Record<string, Draft>)[field] : undefined;
  return typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v.trim()) ? v.trim() : null;
}
