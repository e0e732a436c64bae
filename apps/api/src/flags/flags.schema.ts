/** The answer flag-finder.ts builds, as JSON Schema (issue 18); test/openapi.e2e-spec.ts validates real ones. */
import { jsonSchema } from '@app/engine';
import type { FlagFinder } from './flag-finder';

const { anyObject, arrayOf, instant, int, mapOf, page, record, str, title, uuid } = jsonSchema;

/** One flag: a case flag, a refused or off-hours decision, or a run of rapid decisions, with the entries behind it. */
export const FLAG_SCHEMA = record({
  code: str, caseId: uuid, at: instant, detail: anyObject('What raised the flag (per code; ID numbers masked)'),
  auditEntryIds: arrayOf(int), caseIds: arrayOf(uuid), countyCode: str, processKey: str,
});

export const FLAG_PAGE_SCHEMA = page(FLAG_SCHEMA, {
  counts: mapOf(int, 'Flags by code over the whole filter'),
  people: mapOf(str, "Display names of the usernames the page's details name (actor, usernames)"),
  titles: mapOf(title, 'Title of every code the list may show'),
  settings: record({ rapidDecisions: record({ count: int, windowMinutes: int }), offHours: str, timeZone: str }),
}, 'Anomaly flags (异常线索), newest first');

// The builders and these schemas name the same fields (checked by the compiler).
type Flags = Awaited<ReturnType<FlagFinder['find']>>;
export type FlagSchemaChecks = [
  jsonSchema.KeysMatch<jsonSchema.SameKeys<Flags, typeof FLAG_PAGE_SCHEMA>>,
  jsonSchema.KeysMatch<jsonSchema.SameKeys<Flags['items'][number], typeof FLAG_SCHEMA>>,
];
