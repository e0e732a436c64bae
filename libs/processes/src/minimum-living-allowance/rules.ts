/**
 * The amount rule and the business rules of 低保 (PROCESSES.md §6). Each rule returns a reason, `{ zh, en }`
 * (→ 422), or null; pure functions of context, payload and env. The refusals the contract names by
 * code start with the code (`not_eligible：…`, `amount_mismatch：…`; `not_eligible: …` in English) so clients and tests can tell
 * them apart in the problem's detail.
 */
import type { RuleEnv, Text } from '../definition';
import { lineFor, MinimumLivingAllowanceConfig } from './config';
import { Assessment, HOLDING_GROUNDS, Investigation, MlaContext, Review, TerminationGround } from './types';

export type MlaRuleEnv = Pick<RuleEnv<MinimumLivingAllowanceConfig>, 'now' | 'config' | 'flags'>;
type Rule<P> = (context: MlaContext, payload: P, env: MlaRuleEnv) => Text | null;

/** Half-up to whole yuan, on cents first so that 0.5 written as 0.49999… still rounds up. */
export const roundHalfUp = (yuan: number): number => Math.floor(Math.round(yuan * 100) / 100 + 0.5);

/**
 * p = max(0, income − rigid expenditure) / household size (expenditure deducted only where
 * configured); eligible when p < line and assets within limits; amount = max(minimum, round((line −
 * p) × size)). Example: 3 people, 900 yuan, line 600 → p 300 → 900 yuan a month.
 */
export function assess(
  config: MinimumLivingAllowanceConfig,
  countyCode: string | undefined,
  f: { householdSize: number; monthlyIncomeYuan: number; rigidExpenditureYuan: number; assetsWithinLimits: boolean },
  /** The county's line in force as data (jurisdictionSettings), when the case knows it; else the configured one. */
  lineInForceYuan?: number,
): Assessment {
  const lineYuan = lineInForceYuan ?? lineFor(config, countyCode);
  const deducted = config.deductRigidExpenditure ? f.rigidExpenditureYuan : 0;
  const size = Math.max(1, f.householdSize);
  const perCapitaIncomeYuan = Math.round((Math.max(0, f.monthlyIncomeYuan - deducted) / size) * 100) / 100;
  const eligible = perCapitaIncomeYuan < lineYuan && f.assetsWithinLimits;
  const amountYuan = eligible ? Math.max(config.minMonthlyYuan, roundHalfUp((lineYuan - perCapitaIncomeYuan) * size)) : 0;
  return { lineYuan, perCapitaIncomeYuan, householdSize: size, eligible, amountYuan };
}

const notEligible = (a: Assessment, what: Text): Text => ({
  zh: `not_eligible：家庭人均收入 ${a.perCapitaIncomeYuan} 元${a.perCapitaIncomeYuan < a.lineYuan ? '低于' : '不低于'}低保标准 ${a.lineYuan} 元，${what.zh}`,
  en: `not_eligible: the household's per-capita income of ${a.perCapitaIncomeYuan} yuan is ${a.perCapitaIncomeYuan < a.lineYuan ? 'below' : 'not below'} the dibao line of ${a.lineYuan} yuan; ${what.en}`,
});

/** The same amount_mismatch refusal for confirming and for adjusting. */
const amountMismatch = (a: Assessment, submitted: number): Text => ({
  zh: `amount_mismatch：按低保标准 ${a.lineYuan} 元、人均收入 ${a.perCapitaIncomeYuan} 元、${a.householdSize} 人计算，月保障金额应为 ${a.amountYuan} 元（提交 ${submitted} 元）`,
  en: `amount_mismatch: with the dibao line at ${a.lineYuan} yuan, per-capita income of ${a.perCapitaIncomeYuan} yuan and ${a.householdSize} people, the monthly amount must be ${a.amountYuan} yuan (${submitted} yuan was sent)`,
});

const distinct = (names: string[]) => new Set(names.map((n) => n.trim()).filter(Boolean)).size;

function investigatorsRule(names: string[], config: MinimumLivingAllowanceConfig): Text | null {
  const k = distinct(names);
  return k < config.minInvestigators
    ? {
        zh: `入户调查须不少于 ${config.minInvestigators} 名工作人员（当前 ${k} 人，重复姓名只计一次）`,
        en: `A home visit needs at least ${config.minInvestigators} staff (${k} now; a name listed twice counts once)`,
      }
    : null;
}

export const submitInvestigationRule: Rule<Investigation> = (ctx, p, { config }) => {
  const bad = investigatorsRule(p.investigators, config);
  if (bad) return bad;
  if (p.householdSize !== ctx.householdSize) {
    return {
      zh: `调查的家庭人口 ${p.householdSize} 人与申请登记的共同生活家庭成员 ${ctx.householdSize} 人不一致，请核实成员后重新申请或在异议复查中更正`,
      en: `The household size found by the investigation (${p.householdSize}) differs from the ${ctx.householdSize} household members in the application; check the members, then apply again or correct it in the objection review`,
    };
  }
  const a = assess(config, ctx.place.countyCode, p, ctx.lineInForceYuan);
  if (p.recommendation === 'approve' && !a.eligible) {
    return notEligible(
      a,
      p.assetsWithinLimits
        ? { zh: '不符合低保条件，不能建议纳入', en: 'the household does not qualify for dibao, so approval cannot be recommended' }
        : { zh: '且家庭财产超出规定，不能建议纳入', en: 'and its assets exceed the limits, so approval cannot be recommended' },
    );
  }
  return null;
};

export const democraticReviewRule: Rule<{ attendees: number; votesFor: number; votesAgainst: number }> = (_ctx, p) =>
  p.votesFor + p.votesAgainst > p.attendees
    ? {
        zh: `赞成票 ${p.votesFor} 与反对票 ${p.votesAgainst} 之和超过参会人数 ${p.attendees}`,
        en: `Votes for (${p.votesFor}) and votes against (${p.votesAgainst}) together exceed the ${p.attendees} attendees`,
      }
    : null;

/** The county visits relatives' cases and complained-about ones (单独登记备案; PROCESSES.md §6). */
export const needsCountyVisit = (ctx: MlaContext, flags: string[]): boolean =>
  flags.includes('relative_filed') || ctx.data.relativeDeclaration.declared || ctx.objections.length > 0 || ctx.fraudReported;

export const confirmRule: Rule<{ amountYuan: number; countyVisit?: { investigators: string[] } }> = (ctx, p, { config, flags }) => {
  const a = ctx.assessment;
  if (!a || !a.eligible) {
    return {
      zh: 'not_eligible：最近一次调查结论为不符合条件，不能确认纳入低保',
      en: 'not_eligible: the latest investigation found the household not eligible, so dibao cannot be confirmed',
    };
  }
  if (p.amountYuan !== a.amountYuan) return amountMismatch(a, p.amountYuan);
  if (needsCountyVisit(ctx, flags)) {
    if (!p.countyVisit) {
      return {
        zh: '近亲属备案、有公示异议或被举报的家庭，须由县级入户核查后确认（countyVisit）',
        en: 'A household with a declared relative of staff, an objection to the notice or a fraud report is confirmed only after a county home visit (countyVisit)',
      };
    }
    const bad = investigatorsRule(p.countyVisit.investigators, config);
    if (bad) return { zh: `县级核查：${bad.zh}`, en: `County visit: ${bad.en}` };
  }
  return null;
};

export const extendDeadlineRule: Rule<unknown> = (ctx) =>
  ctx.deadlineExtended ? { zh: '审核确认期限只能延长一次', en: 'The deadline for review and confirmation can be extended only once' } : null;

export const requestMaterialsRule: Rule<unknown> = (ctx) =>
  ctx.materialsRequested
    ? {
        zh: '须一次性告知需补齐的全部材料：本案已告知过一次，不能再次要求补充',
        en: 'All missing materials must be requested in one notice: this case already had one, so no further materials can be requested',
      }
    : null;

export const submitReviewRule: Rule<Review> = (ctx, p, { config }) => {
  const bad = investigatorsRule(p.investigators, config);
  if (bad) return bad;
  const a = assess(config, ctx.place.countyCode, p, ctx.lineInForceYuan);
  if ((p.proposal === 'continue' || p.proposal === 'adjust') && !a.eligible) {
    return notEligible(a, {
      zh: '不再符合条件：复核建议只能是渐退（gradual_exit）或停保（terminate）',
      en: 'the household no longer qualifies: the review can only propose a gradual exit (gradual_exit) or termination (terminate)',
    });
  }
  if (p.proposal === 'terminate' && !p.ground) {
    return { zh: '建议停保须写明停保事由（ground）', en: 'A termination proposal must give the ground for termination (ground)' };
  }
  if (p.proposal === 'gradual_exit' && ctx.gradualExit) {
    return {
      zh: '本户已在渐退期：复核建议只能是恢复正常保障（adjust）或停保（terminate）',
      en: 'The household is already in gradual exit: the review can only propose restoring regular support (adjust) or termination (terminate)',
    };
  }
  if (p.proposal === 'continue' && ctx.gradualExit) {
    return {
      zh: '渐退期内重新符合条件的，建议应为恢复正常保障（adjust）',
      en: 'A household that qualifies again during gradual exit should be proposed for regular support again (adjust)',
    };
  }
  return null;
};

export const approveAdjustmentRule: Rule<{ amountYuan: number }> = (ctx, p) => {
  const pp = ctx.pendingProposal;
  if (!pp || pp.proposal !== 'adjust') {
    return { zh: '待决定的复核建议不是调整保障金额', en: 'The review proposal awaiting decision is not an adjustment of the amount' };
  }
  if (!pp.assessment.eligible) {
    return notEligible(pp.assessment, { zh: '不能调整为继续保障', en: 'support cannot be adjusted to continue' });
  }
  if (p.amountYuan !== pp.assessment.amountYuan) return amountMismatch(pp.assessment, p.amountYuan);
  return null;
};

export const approveGradualExitRule: Rule<{ months: number }> = (ctx, p, { config }) => {
  const pp = ctx.pendingProposal;
  if (!pp || pp.proposal !== 'gradual_exit') {
    return { zh: '待决定的复核建议不是渐退', en: 'The review proposal awaiting decision is not a gradual exit' };
  }
  if (!Number.isInteger(p.months) || p.months < 1 || p.months > config.gradualExitMaxMonths) {
    return {
      zh: `渐退期须为 1–${config.gradualExitMaxMonths} 个月（一般为 ${config.gradualExitMonths} 个月）`,
      en: `The gradual exit period must be 1–${config.gradualExitMaxMonths} months (usually ${config.gradualExitMonths} months)`,
    };
  }
  if (config.gradualExitScope === 'registered_poor' && !ctx.registeredPoor) {
    return {
      zh: '仅建档立卡贫困户可渐退退出（DIBAO_GRADUAL_EXIT_SCOPE）；其他家庭收入超过标准的应以 income_above_line 停保',
      en: 'Only registered poor households may exit gradually (DIBAO_GRADUAL_EXIT_SCOPE); terminate other households whose income is above the line with the ground income_above_line',
    };
  }
  return null;
};

export const terminateRule: Rule<{ ground: TerminationGround; recoveryYuan?: number }> = (ctx, p) => {
  const pp = ctx.pendingProposal;
  if (!pp || pp.proposal !== 'terminate') {
    return { zh: '待决定的复核建议不是停保', en: 'The review proposal awaiting decision is not a termination' };
  }
  if (p.ground === 'fraud' && p.recoveryYuan === undefined) {
    return { zh: '以骗取低保停保的，须写明责令退回金额（recoveryYuan）', en: 'A termination for fraud must give the amount ordered to be repaid (recoveryYuan)' };
  }
  return null;
};

/** Payments wait while a terminate proposal on these grounds waits for its decision. */
export const holdsPayments = (proposal: { proposal: string; ground?: TerminationGround } | undefined): boolean =>
  !!proposal && proposal.proposal === 'terminate' && !!proposal.ground && HOLDING_GROUNDS.includes(proposal.ground);

/** A referral the investigation named, not settled yet (one outcome each). */
export const tekunReferralRule: Rule<{ index: number }> = (ctx, p) => {
  if (!Number.isInteger(p.index) || p.index < 0 || p.index >= ctx.tekunReferrals.length) {
    return {
      zh: `没有第 ${p.index + 1} 项特困转介（本案共 ${ctx.tekunReferrals.length} 项）`,
      en: `There is no extreme-poverty support (tekun) referral no. ${p.index + 1} (the case has ${ctx.tekunReferrals.length})`,
    };
  }
  if (ctx.tekunOutcomes.some((o) => o.index === p.index)) {
    return {
      zh: `第 ${p.index + 1} 项特困转介（${ctx.tekunReferrals[p.index]}）已办理`,
      en: `Extreme-poverty support (tekun) referral no. ${p.index + 1} ("${ctx.tekunReferrals[p.index]}") has already been dealt with`,
    };
  }
  return null;
};
