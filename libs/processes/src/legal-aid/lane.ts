/**
 * The fast lane (三优服务: 优先受理、优先审查、优先指派). The registry — the poverty office's list,
 * "身份识别以扶贫部门认定为准" — decides who is exempt from the economic check; the lane follows.
 */
import type { Lane, RegistryFact, Text } from '../definition';
import { isExemptCategory } from './machine';
import type { ExemptCategory, LegalAidContext } from './types';

const CATEGORY: Record<RegistryFact['category'], Text> = {
  registered_poor: { zh: '建档立卡贫困人口', en: 'registered poor household' },
  dibao: { zh: '最低生活保障对象', en: 'minimum-living-allowance (dibao) recipient' },
  tekun: { zh: '特困供养人员', en: 'extreme-poverty (tekun) support recipient' },
  poor_disabled: { zh: '贫困残疾人家庭', en: 'poor household with a disabled member' },
};

/** The legal basis recorded with the exemption (法律援助法 Art. 42 and the seed's 三优服务). */
export function exemptionBasis(category: ExemptCategory): string {
  return (
    `${CATEGORY[category].zh}：属《中华人民共和国法律援助法》第四十二条规定的免予核查经济困难状况人员；` +
    '济扶贫组发〔2019〕3号：贫困人口申请法律援助免于经济困难审查，实行优先受理、优先审查、优先指派的“三优服务”'
  );
}

/**
 * What the registry_lookup job sends. Every status of an exempt category counts — not_lifted,
 * lifted_with_policy (脱贫不脱政策: support continues after leaving poverty) and new — because the
 * registry only lists people the poverty office still supports.
 */
export function onRegistryLookup(
  fact: RegistryFact | null,
  _context: LegalAidContext,
): { type: 'FAST_LANE_CONFIRMED' | 'ECONOMIC_REVIEW_REQUIRED'; payload: Record<string, unknown> } {
  if (fact && isExemptCategory(fact.category)) {
    const category = fact.category as ExemptCategory;
    return { type: 'FAST_LANE_CONFIRMED', payload: { category, basis: exemptionBasis(category) } };
  }
  const reason = fact
    ? `申请人在帮扶对象名单中的类别为“${CATEGORY[fact.category].zh}”，不属于免于经济困难审查的类别，需进行经济困难审查`
    : '帮扶对象名单中未查到申请人，需进行经济困难审查';
  return { type: 'ECONOMIC_REVIEW_REQUIRED', payload: { reason } };
}

export const laneOf = (context: LegalAidContext): Lane => context.lane ?? 'normal';

export function laneReason(context: LegalAidContext): Text | null {
  if (laneOf(context) !== 'fast' || !context.exemption) return null;
  const c = CATEGORY[context.exemption.category];
  return {
    zh: `三优服务：${c.zh}，免于经济困难审查（法律援助法第四十二条）`,
    en: `Fast lane (priority intake, review and assignment): ${c.en}, exempt from the economic-hardship check (Legal Aid Law Art. 42)`,
  };
}
