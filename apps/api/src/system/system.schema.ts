/** The answers system.controller.ts builds, as JSON Schema (issue 18); test/openapi.e2e-spec.ts validates real ones. */
import { LEVEL_SCHEMA, ROLE_SCHEMA, jsonSchema } from '@app/engine';
import { DECISION_KINDS, type ActorSpec, type describeProcess } from '@app/processes';

const { anyObject, arrayOf, int, mapOf, nullable, num, oneOfValues, record, str, title } = jsonSchema;

/** Readiness: 200 when PostgreSQL, the queue backend and the object store (ATTACHMENT_STORAGE=s3) answer, 503 (same body) otherwise. */
export const HEALTH_SCHEMA = record({
  status: oneOfValues(['ok', 'degraded']), postgres: oneOfValues(['up', 'down']), redis: oneOfValues(['up', 'down', 'not used']),
  objectStore: oneOfValues(['up', 'down', 'not used']),
});

const task = record({ kind: str, role: ROLE_SCHEMA, level: LEVEL_SCHEMA, unitsField: str, dueIn: num }, ['role', 'level', 'unitsField', 'dueIn'], 'The task a state opens (a computed due time is not shown)');

/** ActorSpec: who may send an event (a role at a level), maybe only in some states or at the units a case names. */
const ACTOR = record(
  { role: ROLE_SCHEMA, level: LEVEL_SCHEMA, assignee: oneOfValues(['required', 'excluded']), inStates: arrayOf(str), unitsField: str },
  ['assignee', 'inStates', 'unitsField'],
);

/** describeProcess() (libs/processes describe.ts): a definition as the console reads it. */
export const PROCESS_DESCRIPTION_SCHEMA = record({
  key: str, version: int, title, initial: nullable(str),
  filing: anyObject('The filing data\'s JSON Schema (components Filing.<process>)'),
  filedBy: anyObject('Who files: roles and level, or a subject case'),
  states: arrayOf(record({ id: str, title, final: record({ outcome: str }), task }, ['final', 'task'])),
  events: arrayOf(record({
    type: str, title, payload: anyObject('The payload\'s JSON Schema'), actors: { anyOf: [{ const: 'system' }, arrayOf(ACTOR)] }, decisionGroup: str,
    decision: { ...oneOfValues(DECISION_KINDS), description: 'What the event decides, as the case page groups the choices (undeclared = other)' },
  }, ['decisionGroup'])),
  clocks: arrayOf(record({ name: str, title, basis: title, lanes: arrayOf(str) }, ['basis', 'lanes'])),
  transitions: arrayOf(record({ from: str, event: str, to: arrayOf(str) })),
  notices: mapOf(record({ result: title, issuer: anyObject('level and department') })),
  flags: mapOf(anyObject('title and whether reviewers see it')),
  outcomes: mapOf(anyObject('title and the report category it counts in')),
  subject: nullable(record({ action: title, caseField: str, flagField: nullable(str), entriesField: nullable(str) })),
  titles: anyObject('Field and value titles for display'),
  standingList: nullable(record({ title, states: arrayOf(str) })),
});

export const PROCESS_LIST_SCHEMA = arrayOf(PROCESS_DESCRIPTION_SCHEMA);

// The builders and these schemas name the same fields (checked by the compiler).
export type SystemSchemaChecks = [
  jsonSchema.KeysMatch<jsonSchema.SameKeys<ReturnType<typeof describeProcess>, typeof PROCESS_DESCRIPTION_SCHEMA>>,
  jsonSchema.KeysMatch<jsonSchema.SameKeys<ActorSpec, typeof ACTOR>>,
];
