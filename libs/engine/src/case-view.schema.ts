/**
 * The answers built in case-view.ts, inbox-parts.ts and task-queue.ts, as JSON Schema (issue 18):
 * the case view (GET /api/cases/:id, and the answer to a filing or an event), its history, a task
 * and an inbox page. Edit beside the builders; test/openapi.e2e-spec.ts validates real answers.
 */
import { JURISDICTION_LEVELS } from '@app/access';
import { LANES, ROLES } from '@app/processes';
import { anyObject, arrayOf, bool, instant, int, mapOf, nullable, num, oneOfValues, page, record, str, title, uuid } from './response-schema';
import type { KeysMatch, SameKeys } from './response-schema';
import type { caseView, clockView, taskView } from './case-view';
import type { TaskQueue } from './task-queue';

const lane = oneOfValues(LANES);
const role = oneOfValues(ROLES);

/** A case flag (case-row.ts Flag); `detail` is the flag's own (empty when the viewer may not see it). */
export const CASE_FLAG_SCHEMA = record({ code: str, at: instant, detail: anyObject('What raised the flag (per flag code)') });

/** taskView(): a task as the case view lists it. */
export const TASK_VIEW_SCHEMA = record({
  id: uuid, caseId: uuid, processKey: str, kind: str, title, role, jurisdictionCode: str, lane,
  laneReason: nullable(title), assignee: nullable(str), escalationOf: nullable(uuid), dueAt: nullable(instant), overdue: bool,
  status: oneOfValues(['open', 'claimed']), claimedBy: nullable(str), claimedAt: nullable(instant), createdAt: instant,
  entryIndex: nullable(int), claimedByName: nullable(str),
  urges: int, lastUrge: nullable(record({ at: instant, by: str, message: str })),
});

/** clockView(): an SLA clock. */
export const CLOCK_VIEW_SCHEMA = record({
  name: str, title, basis: nullable(title), startedAt: nullable(instant), warnAt: nullable(instant), dueAt: nullable(instant),
  status: str, warnedAt: nullable(instant), breachedAt: nullable(instant), stoppedAt: nullable(instant), stopEvent: nullable(str),
  paused: bool, pausedAt: nullable(instant), resumedAt: nullable(instant), remainingMs: nullable(num), pausedMs: num,
});

const code = nullable(str);

/** caseView(): the case as the caller sees it. */
export const CASE_VIEW_SCHEMA = record({
  id: uuid, processKey: str, processVersion: int, processTitle: title, state: str, stateTitle: title, lane, laneReason: nullable(title),
  outcome: nullable(str), revision: int,
  jurisdiction: record({ villageCode: code, villageName: code, townshipCode: code, townshipName: code, countyCode: code, countyName: code }),
  subjectCaseId: nullable(uuid),
  openCasesAbout: arrayOf(record({ id: uuid, processKey: str, state: str, stateTitle: title, filedAt: nullable(instant) })),
  applicant: nullable(record({ name: str, idNumberMasked: str, phone: nullable(str), householdSize: nullable(int), revealable: bool })),
  data: anyObject('The filing data (schema per process: components Filing.<process>)'),
  context: anyObject('What the process has recorded so far (per process)'),
  flags: arrayOf(CASE_FLAG_SCHEMA),
  filedBy: nullable(uuid), filedAt: instant, updatedAt: instant, stateEnteredAt: nullable(instant), closedAt: nullable(instant),
  deadlines: arrayOf(record({ event: str, dueAt: nullable(instant), status: str })),
  clocks: arrayOf(CLOCK_VIEW_SCHEMA),
  payments: arrayOf(record({ period: str, status: str, amount: num, paymentRef: nullable(str), paidAt: nullable(instant), error: nullable(str) })),
  availableEvents: arrayOf(str),
  eventHints: mapOf(anyObject('Limits, options and computed values the rule will enforce'), 'By event type the caller may send now'),
  people: mapOf(str, 'Display names of the usernames the context names'),
  places: mapOf(str, 'Names of the jurisdiction codes the data and context hold'),
  openTasks: arrayOf(TASK_VIEW_SCHEMA),
  overdue: bool,
}, [], 'A case as the caller sees it; availableEvents are the events the caller may send now');

/** CaseQueries.history(): the case's chain entries in order (a relative declaration's declarer redacted for non-reviewers). */
export const CASE_HISTORY_SCHEMA = record({
  caseId: uuid,
  items: arrayOf(record({
    seq: int, at: instant, actor: record({ username: nullable(str), displayName: nullable(str) }), onBehalfOf: nullable(str),
    role: nullable(str), jurisdictionCode: nullable(str), action: str, outcome: oneOfValues(['ok', 'refused']),
    fromState: nullable(str), toState: nullable(str), payload: anyObject('The entry\'s payload (ID numbers masked)'), redacted: bool,
    prevHash: str, hash: str,
  }, ['redacted'])),
});

/** escalatedTaskView(): the overdue task an escalation refers to. */
export const ESCALATED_TASK_SCHEMA = record({
  id: uuid, kind: str, title, state: str, role, dueAt: nullable(instant), overdue: bool, status: str, claimedBy: nullable(str), claimedAt: nullable(instant),
});

/** TaskQueue row(): an inbox row; also the answer to claim, release and reassign. */
export const INBOX_TASK_SCHEMA = record({
  ...TASK_VIEW_SCHEMA.properties,
  escalationOf: nullable(ESCALATED_TASK_SCHEMA),
  onBehalfOf: nullable(record({ username: str, displayName: str })),
  claimedByName: nullable(str),
  case: record({
    state: str, stateTitle: title, applicantName: nullable(str), villageName: nullable(str), filedAt: instant, waitingDays: int,
    amount: nullable(record({ amount: num, title })), previousHandler: nullable(record({ username: str, displayName: str, at: instant })),
  }),
});

/** TaskQueue.inbox(): a page of the caller's inbox with the counts by lane. */
export const INBOX_PAGE_SCHEMA = page(INBOX_TASK_SCHEMA, { counts: record({ emergency: int, fast: int, normal: int, overdue: int }) });

/** A jurisdiction's level (province above the city for administrators). */
export const LEVEL_SCHEMA = oneOfValues(JURISDICTION_LEVELS);
export const ROLE_SCHEMA = role;
export const LANE_SCHEMA = lane;

// The builders and these schemas name the same fields (checked by the compiler).
type InboxRow = Awaited<ReturnType<TaskQueue['one']>>;
export type CaseViewSchemaChecks = [
  KeysMatch<SameKeys<ReturnType<typeof caseView>, typeof CASE_VIEW_SCHEMA>>,
  KeysMatch<SameKeys<ReturnType<typeof taskView>, typeof TASK_VIEW_SCHEMA>>,
  KeysMatch<SameKeys<ReturnType<typeof clockView>, typeof CLOCK_VIEW_SCHEMA>>,
  KeysMatch<SameKeys<InboxRow, typeof INBOX_TASK_SCHEMA>>,
  KeysMatch<SameKeys<NonNullable<InboxRow['escalationOf']>, typeof ESCALATED_TASK_SCHEMA>>,
];
