import type { ProcessDefinition } from '@app/processes';
import { loadProcessRegistry } from '@app/processes';
import { membershipChange } from './registry-membership';

describe('registry membership changes (each its own audit entry)', () => {
  const def = loadProcessRegistry({}).all().find((d) => d.registryMembership)!;
  const m = def.registryMembership!;
  const outside = Object.keys(def.states).filter((s) => !m.states.includes(s));

  it('entering a declared state joins, leaving all of them leaves; moving among them or outside them changes nothing', () => {
    const [first, second] = m.states;
    const before = outside.find((s) => !def.states[s].final)!;
    const after = outside.find((s) => def.states[s].final)!;
    expect(membershipChange(def, before, first)).toEqual({ action: 'REGISTRY_JOINED', category: m.category });
    expect(membershipChange(def, first, after)).toEqual({ action: 'REGISTRY_LEFT', category: m.category });
    expect(membershipChange(def, first, second)).toBeNull();
    expect(membershipChange(def, before, after)).toBeNull();
  });

  it('a process without registryMembership never joins', () => {
    const plain = { ...def, registryMembership: undefined } as ProcessDefinition;
    expect(membershipChange(plain, outside[0], m.states[0])).toBeNull();
  });
});
