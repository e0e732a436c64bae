/**
 * The answers case-documents.ts (printed forms) and notice-tables.ts (a village's 公示 table)
 * build, as JSON Schema (issue 18). Edit beside the builders; test/openapi.e2e-spec.ts validates
 * real answers of the running system against them.
 */
import { DOCUMENT_FORMATS } from '@app/processes';
import { jsonSchema } from '@app/engine';
import { NOTICE_LINE_SCHEMA } from '../cases/cases.schema';
import type { CaseDocuments } from './case-documents';
import type { ResolvedField } from './document-data';
import type { NoticeTables } from './notice-tables';

const { arrayOf, bool, instant, int, nullable, num, oneOfValues, record, str, title, uuid } = jsonSchema;

const caseNo = { type: 'string', pattern: '^[0-9a-f]{8}$', description: 'The short case number: the id\'s first 8 characters' };
const issuerLevel = oneOfValues(['village', 'township', 'county']);

/** CaseDocuments.list(): the forms the caller may print for the case now. */
export const DOCUMENT_LIST_SCHEMA = record({ caseId: uuid, items: arrayOf(record({ key: str, title })) });

/** resolveField(): one labelled line of a form; `value` null when the case does not have it yet (left blank to fill by hand). */
export const DOCUMENT_FIELD_SCHEMA = record({
  key: str, title, format: oneOfValues(DOCUMENT_FORMATS), wide: bool,
  value: { anyOf: [str, num, title, arrayOf({ anyOf: [str, title] }), { type: 'null' }] },
});

/** CaseDocuments.document(): one printed form's content (the print is audited). */
export const DOCUMENT_SCHEMA = record({
  key: str, caseId: uuid, caseNo, processKey: str, processTitle: title, title,
  issuer: record({ level: issuerLevel, name: nullable(str), department: title }),
  intro: nullable(title),
  sections: arrayOf(record({ title: nullable(title), fields: arrayOf(DOCUMENT_FIELD_SCHEMA) })),
  closing: nullable(title),
  signatures: arrayOf(title),
  seal: { const: true },
  printedAt: instant,
});

/** NoticeTables.table(): a village's 公示 table of one notice stage (names and ID numbers masked; the print is audited). */
export const NOTICE_TABLE_SCHEMA = record({
  processKey: str, processTitle: title, stage: record({ state: str, title }), result: title,
  village: str, township: str, county: str,
  issuer: record({ level: issuerLevel, name: str, department: title }),
  hotline: str, printedAt: instant,
  rows: arrayOf(record({
    caseNo, nameMasked: str, idNumberMasked: str, householdSize: nullable(int),
    details: arrayOf(NOTICE_LINE_SCHEMA),
    period: record({ from: nullable(instant), to: nullable(instant) }),
  })),
});

// The builders and these schemas name the same fields (checked by the compiler; the table's rows are
// mapped from SQL results, `any` to it, so their fields are the OpenAPI test's to check).
type Document = Awaited<ReturnType<CaseDocuments['document']>>;
type NoticeTable = Awaited<ReturnType<NoticeTables['table']>>;
export type DocumentsSchemaChecks = [
  jsonSchema.KeysMatch<jsonSchema.SameKeys<Awaited<ReturnType<CaseDocuments['list']>>, typeof DOCUMENT_LIST_SCHEMA>>,
  jsonSchema.KeysMatch<jsonSchema.SameKeys<Awaited<ReturnType<CaseDocuments['list']>>['items'][number], typeof DOCUMENT_LIST_SCHEMA.properties.items.items>>,
  jsonSchema.KeysMatch<jsonSchema.SameKeys<Document, typeof DOCUMENT_SCHEMA>>,
  jsonSchema.KeysMatch<jsonSchema.SameKeys<Document['issuer'], typeof DOCUMENT_SCHEMA.properties.issuer>>,
  jsonSchema.KeysMatch<jsonSchema.SameKeys<ResolvedField, typeof DOCUMENT_FIELD_SCHEMA>>,
  jsonSchema.KeysMatch<jsonSchema.SameKeys<NoticeTable, typeof NOTICE_TABLE_SCHEMA>>,
  jsonSchema.KeysMatch<jsonSchema.SameKeys<NoticeTable['rows'][number], typeof NOTICE_TABLE_SCHEMA.properties.rows.items>>,
];
