/**
 * The filing decision without a database: each process's filing gives its initial state, lane,
 * flags and effects (task, jobs, clocks) from the definition, the filing data and the facts read
 * for it (registry household, declared relatives, earlier cases), all passed in.
 */
import type { PriorCase, ProcessDefinition } from '@app/processes';
import * as housing from '@app/processes/housing-renovation/spec-support';
import * as temporary from '@app/processes/temporary-assistance/spec-support';
import * as legal from '@app/processes/legal-aid/spec-support';
import { WorkflowClock } from '../workflow-clock';
import { FilingFacts, decideFiling } from './decide-filing';

const VILLAGE = { village_code: '370832001001', township_code: '370832001', county_code: '370832', city_code: '3708' };
const NOW = new Date('2024-06-15T04:00:00Z');

function facts(over: Partial<FilingFacts> = {}): FilingFacts & { asked: string[] } {
  const asked: string[] = [];
  return {
    idIndex: 'index-1',
    registryHouseholdId: null,
    relatives: [],
    priorCases: async (householdKey) => {
      asked.push(householdKey);
      return [];
    },
    clock: new WorkflowClock(1),
    asked,
    ...over,
  };
}

const file = (def: ProcessDefinition, data: unknown, f = facts(), now = NOW) => decideFiling(def, { data: data as Record<string, unknown>, village: VILLAGE }, f, now);

describe('decideFiling (no database)', () => {
  it('housing renovation: identity check first, the registry lookup queued, no task or clock yet, no earlier cases asked', async () => {
    const f = facts({ registryHouseholdId: 'HH-42' });
    const d = await file(housing.def, housing.filing, f);
    expect(d).toMatchObject({ state: 'identity_check', lane: 'normal', householdKey: 'hh:HH-42', flags: [] });
    expect(d.context).toMatchObject(housing.start().context as object);
    expect(d.effects.state).toMatchObject({ from: null, to: 'identity_check', entered: true, closeOpenWork: false, task: null, jobs: ['registry_lookup'] });
    expect(d.effects.clocks).toMatchObject({ trigger: 'filing', start: [], stop: [] });
    // The process has no filing checks: its earlier cases are not read.
    expect(f.asked).toEqual([]);
  });

  it('temporary assistance, emergency: the emergency lane, the relief task at the township due by its own time, the relief clock started', async () => {
    const d = await file(temporary.def, temporary.emergencyFiling);
    expect(d).toMatchObject({ state: 'emergency_relief', lane: 'emergency', householdKey: 'id:index-1' });
    const spec = temporary.def.states.emergency_relief.task!;
    expect(d.effects.state.task).toEqual({
      kind: spec.kind, role: 'township_officer', jurisdictionCode: VILLAGE.township_code, assignee: null,
      ownDue: new WorkflowClock(1).after(spec.dueIn as number, NOW),
    });
    expect(d.effects.clocks.start).toEqual(['relief']);
  });

  it('temporary assistance, emergency: durations follow the workflow clock scale', async () => {
    const fast = new WorkflowClock(1440);
    const d = await file(temporary.def, temporary.emergencyFiling, facts({ clock: fast }));
    const due = d.effects.state.task!.ownDue!.getTime() - NOW.getTime();
    expect(due).toBe((temporary.def.states.emergency_relief.task!.dueIn as number) / 1440);
  });

  it('temporary assistance, normal: township review, no clock; the household’s earlier cases are read by household key and flag a repeat', async () => {
    const prior: PriorCase = {
      caseId: 'case-earlier', processKey: temporary.def.key, filedAt: new Date(NOW.getTime() - 30 * 86400000), sameApplicant: true, sameHousehold: true,
      state: 'paid', data: { ...temporary.normalFiling }, context: { approvedAmount: 3000 },
    };
    const f = facts({ registryHouseholdId: 'HH-7', priorCases: async (key) => (f.asked.push(key), [prior]) });
    const d = await file(temporary.def, temporary.normalFiling, f);
    expect(d).toMatchObject({ state: 'township_review', lane: 'normal' });
    expect(d.effects.state.task).toMatchObject({ kind: 'township_review', role: 'township_officer', ownDue: null });
    expect(d.effects.clocks.start).toEqual([]);
    expect(f.asked).toEqual(['hh:HH-7']);
    const repeat = d.flags.find((x) => x.code === 'repeat_within_12_months');
    expect(repeat).toMatchObject({ at: NOW.toISOString(), detail: { priorCaseIds: ['case-earlier'] } });
  });

  it('temporary assistance: an earlier case that was rejected is no repeat', async () => {
    const prior: PriorCase = {
      caseId: 'case-rejected', processKey: temporary.def.key, filedAt: new Date(NOW.getTime() - 30 * 86400000), sameApplicant: true, sameHousehold: true,
      state: 'rejected', data: { ...temporary.normalFiling }, context: {},
    };
    const d = await file(temporary.def, temporary.normalFiling, facts({ priorCases: async () => [prior] }));
    expect(d.flags.map((x) => x.code)).not.toContain('repeat_within_12_months');
  });

  it('legal aid: eligibility check with the registry lookup, the statutory decision clock started at filing', async () => {
    const d = await file(legal.def, legal.filing);
    expect(d).toMatchObject({ state: 'eligibility_check', lane: 'normal', flags: [] });
    expect(d.effects.state.jobs).toEqual(['registry_lookup']);
    expect(d.effects.clocks.start).toEqual(['decision']);
  });

  it('a relative declared by staff who could act on the case flags it, naming them', async () => {
    const relatives = [
      { userId: 'u-1', username: 'clerk.a', relation: 'spouse' },
      { userId: 'u-2', username: 'officer.b', relation: 'child' },
    ];
    const d = await file(legal.def, legal.filing, facts({ relatives }));
    expect(d.flags).toEqual([
      { code: 'relative_filed', at: NOW.toISOString(), detail: { userIds: ['u-1', 'u-2'], usernames: ['clerk.a', 'officer.b'], relations: ['spouse', 'child'] } },
    ]);
  });
});
