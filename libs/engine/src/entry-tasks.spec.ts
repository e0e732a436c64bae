import { loadProcessRegistry } from '@app/processes';
import { entryTaskPlan } from './entry-tasks';
import { WorkflowClock } from './workflow-clock';

describe('entry tasks (a task per context list entry)', () => {
  const def = loadProcessRegistry({}).all().find((d) => d.entryTasks?.length)!;
  const spec = def.entryTasks![0];
  const place = { village_code: '370832001001', township_code: '370832001', county_code: '370832', city_code: '370800' };
  const clock = new WorkflowClock(1);
  const now = new Date('2026-11-30T02:00:00Z');
  const plan = (before: unknown[], after: unknown[], event = { type: 'X', payload: {} as Record<string, unknown> }) =>
    entryTaskPlan(def, clock, place, { [spec.listField]: before }, { [spec.listField]: after }, event, now);

  it('one task per entry the event added, at the declared level, numbered by the entry index', () => {
    const p = plan(['甲'], ['甲', '乙', '丙']);
    const column = { city: 'city_code', county: 'county_code', township: 'township_code', village: 'village_code' } as const;
    expect(p.open).toEqual([1, 2].map((index) => ({ kind: spec.kind, role: spec.role, jurisdictionCode: place[column[spec.level]], index, ownDue: null })));
    expect(p.done).toEqual([]);
  });

  it('nothing opened when the list did not grow; the done event names its entry', () => {
    const p = plan(['甲', '乙'], ['甲', '乙'], { type: spec.doneBy, payload: { [spec.indexField]: 1 } });
    expect(p.open).toEqual([]);
    expect(p.done).toEqual([{ kind: spec.kind, index: 1 }]);
    expect(plan([], [], { type: 'OTHER', payload: { [spec.indexField]: 1 } }).done).toEqual([]);
  });
});
