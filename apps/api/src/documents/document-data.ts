/**
 * A printed form's content, resolved from the case: each declared field read from the case view
 * (or from when and by whom an event was applied), enum codes turned into the process's words and
 * usernames into names. Pure: the service reads the case, its history and the people, this decides
 * what the sheet says. The console only lays it out (amounts in figures and in words, dates).
 */
import type { DocumentField, DocumentFormat, DocumentSpec, ProcessDefinition, Text } from '@app/processes';
import type { CaseView } from '@app/engine';

/** The last applied event of each type: when, and the actor's display name. */
export type EventHistory = Record<string, { at: string; actor: string }>;

export interface ResolvedField {
  key: string;
  title: Text;
  format: DocumentFormat;
  wide: boolean;
  /** null when the case does not have it (yet): the sheet leaves the line blank to be filled by hand. */
  value: string | number | Text | Array<string | Text> | null;
}

const own = (o: unknown, k: string) => o !== null && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, k);

function readPath(root: unknown, path: string[]): unknown {
  let at: unknown = root;
  for (const k of path) {
    if (!own(at, k)) return undefined;
    at = (at as Record<string, unknown>)[k];
  }
  return at;
}

/** The short case number the console shows everywhere (the id's first 8 characters). */
export const caseNo = (id: string) => id.slice(0, 8);

export function fieldSource(view: CaseView, history: EventHistory, from: string): unknown {
  const [head, ...rest] = from.split('.');
  if (head === 'caseNo') return caseNo(view.id);
  if (head === 'history') return history[rest[0]]?.[rest[1] as 'at' | 'actor'];
  return readPath(view, [head, ...rest]);
}

export function resolveField(
  f: DocumentField, view: CaseView, history: EventHistory, def: ProcessDefinition, people: Record<string, string>,
): ResolvedField {
  const format = f.format ?? 'text';
  const raw = fieldSource(view, history, f.from);
  const word = (v: unknown): string | Text => (typeof v === 'string' && own(def.titles.values, v) ? def.titles.values[v] : String(v));
  let value: ResolvedField['value'] = null;
  if (raw !== undefined && raw !== null && raw !== '') {
    switch (format) {
      case 'money':
      case 'count':
        value = Number.isFinite(Number(raw)) ? Number(raw) : null;
        break;
      case 'value':
        value = Array.isArray(raw) ? raw.map(word) : word(raw);
        break;
      case 'list':
        value = (Array.isArray(raw) ? raw : [raw]).map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)));
        break;
      case 'person':
        value = people[String(raw)] ?? String(raw);
        break;
      default:
        value = typeof raw === 'object' ? JSON.stringify(raw) : typeof raw === 'number' ? raw : String(raw);
    }
  }
  return { key: f.key, title: f.title, format, wide: !!f.wide, value };
}

/** Usernames a document's `person` fields name, to look up once. */
export function peopleNamed(spec: DocumentSpec, view: CaseView, history: EventHistory): string[] {
  return spec.sections
    .flatMap((s) => s.fields)
    .filter((f) => f.format === 'person')
    .map((f) => fieldSource(view, history, f.from))
    .filter((v): v is string => typeof v === 'string' && v !== '');
}

/** Is the document printable for this case: the state reached, the process's condition met? */
export function printable(spec: DocumentSpec, view: CaseView, visited: Set<string>): boolean {
  const reached = spec.states.some((s) => s === view.state || visited.has(s));
  return reached && (!spec.when || spec.when(view.context as never));
}
