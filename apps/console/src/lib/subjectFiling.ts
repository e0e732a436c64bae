/**
 * Processes about another case (GET /api/processes: `subject`, e.g. the rectification ledger): the
 * action that opens their filing from a flag or audit entries, and the filing data it prefills. The
 * console knows no such process by name: the fields and the action's title come from the api.
 */
import type { JsonSchema, ProcessInfo, User } from '../api/types';
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
