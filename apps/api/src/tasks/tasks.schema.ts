/** The answer of 批量认领 (TaskQueue.claimMany through TasksController), as JSON Schema (issue 18); test/openapi.e2e-spec.ts validates real ones. */
import { INBOX_TASK_SCHEMA, jsonSchema } from '@app/engine';
import type { TasksController } from './tasks.controller';

const { arrayOf, int, record, str } = jsonSchema;

/** One id's outcome: 200 with the task (claimed now or already the caller's), or the refusal's status and why. */
export const BATCH_CLAIM_ITEM_SCHEMA = record(
  { id: str, status: { type: 'integer', enum: [200, 400, 403, 404, 409, 422] }, task: INBOX_TASK_SCHEMA, detail: str },
  ['task', 'detail'],
  'task with status 200; detail (in the caller\'s language) otherwise',
);

export const BATCH_CLAIM_RESULT_SCHEMA = record(
  { results: arrayOf(BATCH_CLAIM_ITEM_SCHEMA), claimed: int },
  [],
  'Per id, in the order asked (duplicates once): its outcome; claimed = how many are the caller\'s now',
);

// The controller's answer and these schemas name the same fields (checked by the compiler).
type Answer = Awaited<ReturnType<TasksController['claimMany']>>;
export type TasksSchemaChecks = [
  jsonSchema.KeysMatch<jsonSchema.SameKeys<Answer, typeof BATCH_CLAIM_RESULT_SCHEMA>>,
  jsonSchema.KeysMatch<jsonSchema.SameKeys<Answer['results'][number], typeof BATCH_CLAIM_ITEM_SCHEMA>>,
];
