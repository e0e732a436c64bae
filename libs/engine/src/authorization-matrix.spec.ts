/**
 * The authorization matrix, generated from the process definitions: every role × every event of
 * every process × inside / outside the case's jurisdiction. A new event or role cannot escape it.
 * Expected: allowed exactly when the role is one the event names, held at the named level of the
 * case's own jurisdiction (and, for assignee-bound events, by the assignee; for unit actors, when
 * the context names the caller's role at that node).
 */
import type { Principal } from '@app/access';
import { LEVELS, ROLES, loadProcessRegistry } from '@app/processes';
import type { Level, Role } from '@app/processes';
import { CaseFacts, authorizeEvent } from './authorization';

const CASE_AT = { village: '370832001001', township: '370832001', county: '370832', city: '370800' } as const;
const ELSEWHERE = { village: '370831001001', township: '370831001', county: '370831', city: '370900' } as const;

function principal(role: Role, level: Level, inside: boolean): Principal {
  const code = (inside ? CASE_AT : ELSEWHERE)[level];
  return {
    id: `u-${role}-${level}-${inside}`,
    username: `u.${role}.${level}`,
    displayName: role,
    roles: [role],
    jurisdiction: { code, name: code, level, cityCode: '370800', countyCode: null, townshipCode: null },
  };
}

const registry = loadProcessRegistry({});

describe.each(registry.all().map((d) => [d.key, d] as const))('%s authorization matrix', (_key, def) => {
  it.each(Object.keys(def.events))('%s: every role × level × inside/outside gets the declared answer', (type) => {
    const spec = def.events[type];
    const mismatches: string[] = [];
    for (const role of ROLES) {
      for (const level of LEVELS) {
        for (const inside of [true, false]) {
          const expected = spec.actors !== 'system' && inside && spec.actors.some((a) => a.role === role && a.level === level);
          const p = principal(role, level, inside);
          // Put the case in a state where the actor applies; make the caller the assignee where one is required.
          const actor = spec.actors === 'system' ? undefined : spec.actors.find((a) => a.role === role && a.level === level);
          const facts: CaseFacts = {
            state: actor?.inStates?.[0] ?? 'any',
            village_code: CASE_AT.village,
            township_code: CASE_AT.township,
            county_code: CASE_AT.county,
            city_code: CASE_AT.city,
            filed_by: 'someone-else',
            context: {
              ...(def.assigneeField ? { [def.assigneeField]: actor?.assignee === 'required' ? p.username : 'another.user' } : {}),
              // A unit the case names (ActorSpec.unitsField): the caller's own role and node.
              ...(actor?.unitsField ? { [actor.unitsField]: [{ role, jurisdictionCode: p.jurisdiction.code }] } : {}),
            },
            flags: [],
            decision_groups: {},
          };
          const verdict = authorizeEvent(p, type, spec, facts, def);
          if (verdict.ok !== expected) mismatches.push(`${role}@${level} inside=${inside}: expected ${expected}, got ${verdict.ok}`);
          if (!verdict.ok && !verdict.reason) mismatches.push(`${role}@${level}: refusal without a reason`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('unit actors: only the role at the node the context names', () => {
    for (const [type, spec] of Object.entries(def.events)) {
      if (spec.actors === 'system') continue;
      for (const a of spec.actors.filter((x) => x.unitsField)) {
        const p = principal(a.role, a.level, true);
        const facts = (units: unknown[]): CaseFacts => ({
          state: a.inStates?.[0] ?? 'any', village_code: CASE_AT.village, township_code: CASE_AT.township, county_code: CASE_AT.county,
          city_code: CASE_AT.city, filed_by: 'x', context: { [a.unitsField!]: units }, flags: [], decision_groups: {},
        });
        const other = ROLES.find((r) => r !== a.role)!;
        expect([type, a.role, authorizeEvent(p, type, spec, facts([{ role: a.role, jurisdictionCode: p.jurisdiction.code }]), def).ok]).toEqual([type, a.role, true]);
        expect([type, a.role, authorizeEvent(p, type, spec, facts([]), def).ok]).toEqual([type, a.role, false]);
        expect([type, a.role, authorizeEvent(p, type, spec, facts([{ role: other, jurisdictionCode: p.jurisdiction.code }]), def).ok]).toEqual([type, a.role, false]);
      }
    }
  });

  it('the assignee rules hold: only the assignee for required, anyone but the assignee for excluded', () => {
    for (const [type, spec] of Object.entries(def.events)) {
      if (spec.actors === 'system') continue;
      for (const a of spec.actors.filter((x) => x.assignee)) {
        const p = principal(a.role, a.level, true);
        const facts = (assignee: string): CaseFacts => ({
          state: a.inStates?.[0] ?? 'any', village_code: CASE_AT.village, township_code: CASE_AT.township, county_code: CASE_AT.county,
          city_code: CASE_AT.city, filed_by: 'x', context: { [def.assigneeField!]: assignee }, flags: [], decision_groups: {},
        });
        expect([type, authorizeEvent(p, type, spec, facts(p.username), def).ok]).toEqual([type, a.assignee === 'required']);
        expect([type, authorizeEvent(p, type, spec, facts('another.user'), def).ok]).toEqual([type, a.assignee === 'excluded']);
      }
    }
  });
});
