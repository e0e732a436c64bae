/**
 * The answers built in queue-stats.ts, dispatch-report.ts and delegations.ts, as JSON Schema
 * (issue 18). Edit beside the builders; test/openapi.e2e-spec.ts validates real answers.
 */
import { ROLES } from '@app/processes';
import { ADDITIVE_COLUMNS, RECOMPUTED_COLUMNS } from './dispatch-report';
import { arrayOf, bool, instant, int, mapOf, nullable, num, oneOfValues, record, str, title, uuid } from './response-schema';
import type { KeysMatch, SameKeys } from './response-schema';
import type { QueueStats } from './queue-stats';
import type { changeSetting, readSettings } from './commands/change-setting';
import type { DispatchReports, DispatchRow } from './dispatch-report';

const role = oneOfValues(ROLES);
const count = int;

/** QueueStats.stats(): per role and node, open/claimed/overdue and ages. */
export const QUEUE_STATS_SCHEMA = record({
  asOf: instant,
  items: arrayOf(record({
    role, roleTitle: str, jurisdictionCode: str, jurisdictionName: nullable(str), open: count, claimed: count, overdue: count,
    oldestAgeHours: num, medianAgeHours: num,
  })),
  totals: record({ open: count, claimed: count, overdue: count }),
});

/** One row of the dispatch report (DispatchRow). */
export const DISPATCH_ROW_SCHEMA = record({
  processKey: str, processTitle: str, countyCode: str, countyName: str,
  filed: count, completed: count, rejected: count, withdrawnOrTerminated: count, inProgress: count,
  slaMet: count, slaBreached: count, slaMetPct: nullable(num), slaCasesMet: count, slaCasesBreached: count,
  stageMedians: mapOf(num, 'Median hours in each state'), byOutcome: mapOf(count), entered: mapOf(count), flags: mapOf(count),
  moneyGrantedYuan: num, moneyPaidYuan: num, casesInPayment: count,
});

/** DispatchReports.get(): 月调度 / 季汇总 / 半年通报 as JSON (`format=csv` answers text/csv instead). */
export const DISPATCH_REPORT_SCHEMA = record({
  period: str, kind: oneOfValues(['month', 'quarter', 'half']), months: arrayOf({ type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$' }),
  month: str, countyCode: nullable(str),
  columns: record({ additive: { type: 'array', items: oneOfValues(ADDITIVE_COLUMNS) }, recomputed: { type: 'array', items: oneOfValues(RECOMPUTED_COLUMNS) } }),
  titles: record({ outcomes: mapOf(mapOf(title)), states: mapOf(mapOf(title)), flags: mapOf(title) }),
  source: oneOfValues(['kept', 'live']), builtAt: nullable(instant),
  rows: arrayOf(DISPATCH_ROW_SCHEMA),
  townships: arrayOf(record({
    processKey: str, countyCode: str, townshipCode: str, townshipName: str, filed: count, completed: count, rejected: count,
    withdrawnOrTerminated: count, inProgress: count, slaCasesBreached: count,
  })),
}, ['month'], 'A period\'s report per process and county; `month` only for a monthly report');

/** DispatchReports.requestBuild(): the build is queued for the worker. */
export const DISPATCH_BUILD_SCHEMA = record({ month: str, countyCodes: arrayOf(str), queued: { const: true } });

const person = record({ username: str, displayName: str });

/** Delegations rows(): a delegation as its parties and supervisors see it. */
export const DELEGATION_VIEW_SCHEMA = record({
  id: uuid, direction: oneOfValues(['given', 'received', 'supervised']), delegator: person, delegate: person, role, roleTitle: str,
  from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' }, active: bool, createdAt: instant,
  ended: nullable(record({ at: instant, byUsername: nullable(str), reason: nullable(str) })),
});

export const DELEGATION_LIST_SCHEMA = record({ items: arrayOf(DELEGATION_VIEW_SCHEMA) });

const settingValue = { processKey: str, name: str, jurisdictionCode: str, value: num, set: bool, setAt: nullable(instant) };

/** readSettings() (commands/change-setting.ts): a jurisdiction setting at the caller's nodes of its level, set or default. */
export const JURISDICTION_SETTINGS_SCHEMA = record({ items: arrayOf(record(settingValue)) });

/** changeSetting(): the value in force now and how many of the node's cases were sent the declared event. */
export const SETTING_CHANGED_SCHEMA = record({ ...settingValue, casesNotified: int, casesUnchanged: int });

// The builders and these schemas name the same fields (checked by the compiler; rows mapped from SQL
// results are `any` to it, so their fields are the OpenAPI test's to check).
type Stats = Awaited<ReturnType<QueueStats['stats']>>;
type Report = Awaited<ReturnType<DispatchReports['get']>>;
export type WorkQueueSchemaChecks = [
  KeysMatch<SameKeys<Stats, typeof QUEUE_STATS_SCHEMA>>,
  KeysMatch<SameKeys<DispatchRow, typeof DISPATCH_ROW_SCHEMA>>,
  KeysMatch<SameKeys<Report, typeof DISPATCH_REPORT_SCHEMA>>,
  KeysMatch<SameKeys<Awaited<ReturnType<DispatchReports['requestBuild']>>, typeof DISPATCH_BUILD_SCHEMA>>,
  KeysMatch<SameKeys<Awaited<ReturnType<typeof readSettings>>[number], typeof JURISDICTION_SETTINGS_SCHEMA.properties.items.items>>,
  KeysMatch<SameKeys<Awaited<ReturnType<typeof changeSetting>>, typeof SETTING_CHANGED_SCHEMA>>,
];
