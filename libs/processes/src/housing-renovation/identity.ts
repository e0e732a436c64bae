/**
 * 身份识别以扶贫部门认定为准: the registry lookup job hands the applicant's registry row (or null)
 * to `onRegistryLookup`, which names the system event the engine then applies in identity_check.
 * Any status counts (not lifted, lifted with policy, new); the category must be the one filed.
 */
import type { RegistryFact } from '../definition';
import { CATEGORY_ZH, HousingRenovationContext } from './types';

export function onRegistryLookup(
  fact: RegistryFact | null,
  context: Pick<HousingRenovationContext, 'category'>,
): { type: 'IDENTITY_VERIFIED' | 'IDENTITY_UNVERIFIED'; payload: Record<string, unknown> } {
  if (!fact) {
    return {
      type: 'IDENTITY_UNVERIFIED',
      payload: { reason: '申请人不在扶贫部门帮扶对象名单中，需由县扶贫办人工认定身份' },
    };
  }
  if (fact.category !== context.category) {
    return {
      type: 'IDENTITY_UNVERIFIED',
      payload: {
        reason: `帮扶对象名单登记的类别为“${CATEGORY_ZH[fact.category]}”，与申请填报的“${CATEGORY_ZH[context.category]}”不一致，需由县扶贫办人工认定身份`,
      },
    };
  }
  return { type: 'IDENTITY_VERIFIED', payload: { category: fact.category, status: fact.status } };
}
