/** The answers case-listing.ts and notice-board.ts build, as JSON Schema (issue 18); test/openapi.e2e-spec.ts validates real ones. */
import { LANE_SCHEMA, LEVEL_SCHEMA, jsonSchema } from '@app/engine';
import type { CaseListing } from './case-listing';
import type { NoticeBoard } from './notice-board';

const { arrayOf, bool, instant, nullable, page, record, str, title, uuid } = jsonSchema;

/** CaseListing.list(): one row of GET /api/cases. */
export const CASE_SUMMARY_SCHEMA = record({
  id: uuid, processKey: str, state: str, stateTitle: title, lane: LANE_SCHEMA, outcome: nullable(str),
  applicant: nullable(record({ name: str, idNumberMasked: str })), villageCode: nullable(str), villageName: nullable(str),
  filedAt: instant, updatedAt: instant, flags: arrayOf(str), overdue: bool,
});

export const CASE_LIST_SCHEMA = page(CASE_SUMMARY_SCHEMA, {}, 'Cases visible to the caller, newest first');

/** A line a process adds to a notice (NoticeLine); the 公示 table's rows carry them too. */
export const NOTICE_LINE_SCHEMA = record({ key: str, title, value: { anyOf: [title, { type: 'number' }] }, money: bool }, ['money']);

/** NoticeBoard.notice(): the public notice (公示) of a notice state. */
export const NOTICE_SCHEMA = record({
  processKey: str, processTitle: title, caseId: uuid, stage: record({ state: str, title }),
  applicant: nullable(record({ name: str, idNumberMasked: str })), village: nullable(str), township: nullable(str), county: nullable(str),
  result: title,
  details: arrayOf(NOTICE_LINE_SCHEMA),
  issuer: record({ level: LEVEL_SCHEMA, name: nullable(str), department: title }),
  period: record({ from: instant, to: nullable(instant) }), hotline: str,
});

/** NoticeBoard.standingList(): 长期公布, a village's standing list of a process (masked names). */
export const STANDING_LIST_SCHEMA = record({
  processKey: str, processTitle: title, title, village: str, villageCode: str,
  items: arrayOf(record({ caseId: uuid, name: str, since: nullable(instant), details: arrayOf(NOTICE_LINE_SCHEMA) })),
  hotline: str,
});

/** The audited reveal of the applicant's full ID number. */
export const ID_NUMBER_SCHEMA = record({ idNumber: { type: 'string', pattern: '^[0-9]{17}[0-9X]$' } });

// The builders and these schemas name the same fields (checked by the compiler).
export type CasesSchemaChecks = [
  jsonSchema.KeysMatch<jsonSchema.SameKeys<Awaited<ReturnType<CaseListing['list']>>, typeof CASE_LIST_SCHEMA>>,
  jsonSchema.KeysMatch<jsonSchema.SameKeys<Awaited<ReturnType<NoticeBoard['notice']>>, typeof NOTICE_SCHEMA>>,
  jsonSchema.KeysMatch<jsonSchema.SameKeys<Awaited<ReturnType<NoticeBoard['standingList']>>, typeof STANDING_LIST_SCHEMA>>,
];
