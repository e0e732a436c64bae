import type { RegistryFact } from '../definition';
import { onRegistryLookup } from './identity';

const fact = (over: Partial<RegistryFact> = {}): RegistryFact => ({
  category: 'registered_poor',
  status: 'not_lifted',
  villageCode: '370832001001',
  householdId: 'HH-YNL-001',
  ...over,
});

describe('housing-renovation onRegistryLookup', () => {
  it.each(['not_lifted', 'lifted_with_policy', 'new'] as const)('same category, status %s → IDENTITY_VERIFIED with category and status', (status) => {
    expect(onRegistryLookup(fact({ status }), { category: 'registered_poor' })).toEqual({
      type: 'IDENTITY_VERIFIED',
      payload: { category: 'registered_poor', status },
    });
  });

  it('not in the registry → IDENTITY_UNVERIFIED saying so', () => {
    expect(onRegistryLookup(null, { category: 'dibao' })).toEqual({
      type: 'IDENTITY_UNVERIFIED',
      payload: { reason: '申请人不在扶贫部门帮扶对象名单中，需由县扶贫办人工认定身份' },
    });
  });

  it('another category → IDENTITY_UNVERIFIED naming both categories', () => {
    expect(onRegistryLookup(fact({ category: 'dibao' }), { category: 'registered_poor' })).toEqual({
      type: 'IDENTITY_UNVERIFIED',
      payload: { reason: '帮扶对象名单登记的类别为“低保户”，与申请填报的“建档立卡贫困户”不一致，需由县扶贫办人工认定身份' },
    });
  });
});
