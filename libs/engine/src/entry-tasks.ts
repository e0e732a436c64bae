/**
 * ProcessDefinition.entryTasks: a task per entry of a context list. Decided without the database:
 * which entries an event added (each gets its task, for the declared role at the case's node) and
 * which entry the event names as done. Written by write-decision.ts in the event's transaction.
 */
import { LEVEL_COLUMN } from '@app/access';
import type { ProcessDefinition } from '@app/processes';
import type { CaseRow } from './case-row';
import type { WorkflowClock } from './workflow-clock';

export interface EntryTaskPlan {
  open: Array<{ kind: string; role: string; jurisdictionCode: string; index: number; ownDue: Date | null }>;
  done: Array<{ kind: string; index: number }>;
}

const length = (list: unknown) => (Array.isArray(list) ? list.length : 0);

export function entryTaskPlan(
  def: ProcessDefinition,
  clock: WorkflowClock,
  c: Pick<CaseRow, 'village_code' | 'township_code' | 'county_code' | 'city_code'>,
  before: Record<string, any>,
  after: Record<string, any>,
  event: { type: string; payload: Record<string, unknown> },
  now: Date,
): EntryTaskPlan {
  const plan: EntryTaskPlan = { open: [], done: [] };
  for (const spec of def.entryTasks ?? []) {
    const ownDue = spec.dueIn !== undefined ? clock.after(spec.dueIn, now) : null;
    for (let index = length(before[spec.listField]); index < length(after[spec.listField]); index++) {
      plan.open.push({ kind: spec.kind, role: spec.role, jurisdictionCode: c[LEVEL_COLUMN[spec.level]], index, ownDue });
    }
    const named = event.payload[spec.indexField];
    if (event.type === spec.doneBy && Number.isInteger(named)) plan.done.push({ kind: spec.kind, index: named as number });
  }
  return plan;
}
