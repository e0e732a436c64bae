/**
 * The answers supervision-actions.ts (督办: overview, 催办, 改派, 督办意见) and assignable-people.ts
 * build, as JSON Schema (issue 18). Edit beside the builders; test/openapi.e2e-spec.ts validates
 * real answers of the running system against them.
 */
import { ROLES } from '@app/processes';
import { arrayOf, bool, instant, int, nullable, oneOfValues, record, str, title, uuid } from './response-schema';
import type { KeysMatch, SameKeys } from './response-schema';
import type { AssignablePeople, AssignablePerson } from './assignable-people';
import type { SupervisionActions } from './supervision-actions';

const role = oneOfValues(ROLES);

/** peopleWithCaseloads(): an active holder of the role at the node, with the cases they hold open work on. */
export const ASSIGNABLE_PERSON_SCHEMA = record({ username: str, displayName: str, openCases: int });

/** AssignablePeople.forEventField(): whom an `x-picks` payload field may name, least loaded first. */
export const ASSIGNABLE_PEOPLE_SCHEMA = record({ role, items: arrayOf(ASSIGNABLE_PERSON_SCHEMA) });

/** An urge as kept on the task (tasks.last_urge): when, by whom (display name), what it said. */
const URGE_MARK = record({ at: instant, by: str, message: str });

/** SupervisionActions.overview(): the caller's supervision tasks on the case and the work they watch. */
export const SUPERVISION_OVERVIEW_SCHEMA = record({
  caseId: uuid,
  supervisor: bool,
  supervisionTasks: arrayOf(record({ id: uuid, kind: str, role, dueAt: nullable(instant) })),
  supervised: arrayOf(record({
    id: uuid, kind: str, title, role, roleTitle: str, place: nullable(str), status: oneOfValues(['open', 'claimed']), dueAt: nullable(instant),
    claimedBy: nullable(record({ username: str, displayName: nullable(str) })), assignee: nullable(str),
    urges: int, lastUrge: nullable(URGE_MARK), candidates: arrayOf(ASSIGNABLE_PERSON_SCHEMA),
  })),
}, [], 'supervisor false (and both lists empty) when the caller holds no supervision task on the case');

/** SupervisionActions.urge(): 201, the urge now on the supervised task. */
export const URGED_SCHEMA = record({ taskId: uuid, urges: int, lastUrge: URGE_MARK });

/** SupervisionActions.reassign(): the task is the colleague's, claimed in their name. */
export const SUPERVISION_REASSIGNED_SCHEMA = record({
  taskId: uuid, status: { const: 'claimed' }, claimedBy: record({ username: str, displayName: str }),
});

/** SupervisionActions.opinion(): 201, the opinion's entry on the case's chain. */
export const OPINION_RECORDED_SCHEMA = record({ seq: int, at: instant, by: str, opinion: str });

// The builders and these schemas name the same fields (checked by the compiler).
type Overview = Awaited<ReturnType<SupervisionActions['overview']>>;
type Body<M extends 'urge' | 'reassign' | 'opinion'> = Awaited<ReturnType<SupervisionActions[M]>>['body'];
export type SupervisionSchemaChecks = [
  KeysMatch<SameKeys<AssignablePerson, typeof ASSIGNABLE_PERSON_SCHEMA>>,
  KeysMatch<SameKeys<Awaited<ReturnType<AssignablePeople['forEventField']>>, typeof ASSIGNABLE_PEOPLE_SCHEMA>>,
  KeysMatch<SameKeys<Overview, typeof SUPERVISION_OVERVIEW_SCHEMA>>,
  KeysMatch<SameKeys<Overview['supervisionTasks'][number], typeof SUPERVISION_OVERVIEW_SCHEMA.properties.supervisionTasks.items>>,
  KeysMatch<SameKeys<Overview['supervised'][number], typeof SUPERVISION_OVERVIEW_SCHEMA.properties.supervised.items>>,
  KeysMatch<SameKeys<Body<'urge'>, typeof URGED_SCHEMA>>,
  KeysMatch<SameKeys<Body<'reassign'>, typeof SUPERVISION_REASSIGNED_SCHEMA>>,
  KeysMatch<SameKeys<Body<'opinion'>, typeof OPINION_RECORDED_SCHEMA>>,
];
