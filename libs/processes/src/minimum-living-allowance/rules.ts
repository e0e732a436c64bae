/**
 * The amount rule and the business rules of 低保 (PROCESSES.md §6). Each rule returns a zh-CN reason
 * (→ 422) or null; pure functions of context, payload and env. The refusals the contract names by
 * code start with the code (`not_eligible：…`, `amount_mismatch：…`) so clients and tests can tell
 * them apart in the problem's detail.
 */
import type { RuleEnv } from '../definition';
import { lineFor, MinimumLivingAllowanceConfig } from './config';
import { Assessment, HOLDING_GROUNDS, Investigation, MlaContext, Review, TerminationGround } from './types';

export type MlaRuleEnv = Pick<RuleEnv<MinimumLivingAllowanceConfig>, 'now' | 'config' | 'flags'>;
type Rule<P> = (context: MlaContext, payload: P, env: MlaRuleEnv) => string | null;

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

const notEligible = (a: Assessment, what: string) =>
  `not_eligible：家庭人均收入 ${a.perCapitaIncomeYuan} 元${a.perCapitaIncomeYuan < a.lineYuan ? '低于' : '不低于'}低保标准 ${a.lineYuan} 元，${what}`;

const distinct = (names: string[]) => new Set(names.map((n) => n.trim()).filter(Boolean)).size;

function investigatorsRule(names: string[], config: MinimumLivingAllowanceConfig): string | null {
  const k = distinct(names);
  return k < config.minInvestigators ? `入户调查须不少于 ${config.minInvestigators} 名工作人员（当前 ${k} 人，重复姓名只计一次）` : null;
}

export const submitInvestigationRule: Rule<Investigation> = (ctx, p, { config }) => {
  const bad = investigatorsRule(p.investigators, config);
  if (bad) return bad;
  if (p.householdSize !== ctx.householdSize) {
    return `调查的家庭人口 ${p.householdSize} 人与申请登记的共同生活家庭成员 ${ctx.householdSize} 人不一致，请核实成员后重新申请或在异议复查中更正`;
  }
  const a = assess(config, ctx.place.countyCode, p, ctx.lineInForceYuan);
  if (p.recommendation === 'approve' && !a.eligible) {
    return notEligible(a, p.assetsWithinLimits ? '不符合低保条件，不能建议纳入' : '且家庭财产超出规定，不能建议纳入');
  }
  return null;
};

export const democraticReviewRule: Rule<{ attendees: number; votesFor: number; votesAgainst: number }> = (_ctx, p) =>
  p.votesFor + p.votesAgainst > p.attendees ? `赞成票 ${p.votesFor} 与反对票 ${p.votesAgainst} 之和超过参会人数 ${p.attendees}` : null;

/** The county visits relatives' cases and complained-about ones (单独登记备案; PROCESSES.md §6). */
export const needsCountyVisit = (ctx: MlaContext, flags: string[]): boolean =>
  flags.includes('relative_filed') || ctx.data.relativeDeclaration.declared || ctx.objections.length > 0 || ctx.fraudReported;

export const confirmRule: Rule<{ amountYuan: number; countyVisit?: { investigators: string[] } }> = (ctx, p, { config, flags }) => {
  const a = ctx.assessment;
  if (!a || !a.eligible) return 'not_eligible：最近一次调查结论为不符合条件，不能确认纳入低保';
  if (p.amountYuan !== a.amountYuan) {
    return `amount_mismatch：按低保标准 ${a.lineYuan} 元、人均收入 ${a.perCapitaIncomeYuan} 元、${a.householdSize} 人计算，月保障金额应为 ${a.amountYuan} 元（提交 ${p.amountYuan} 元）`;
  }
  if (needsCountyVisit(ctx, flags)) {
    if (!p.countyVisit) return '近亲属备案、有公示异议或被举报的家庭，须由县级入户核查后确认（countyVisit）';
    const bad = investigatorsRule(p.countyVisit.investigators, config);
    if (bad) return `县级核查：${bad}`;
  }
  return null;
};

export const extendDeadlineRule: Rule<unknown> = (ctx) => (ctx.deadlineExtended ? '审核确认期限只能延长一次' : null);

export const requestMaterialsRule: Rule<unknown> = (ctx) =>
  ctx.materialsRequested ? '须一次性告知需补齐的全部材料：本案已告知过一次，不能再次要求补充' : null;

export const submitReviewRule: Rule<Review> = (ctx, p, { config }) => {
  const bad = investigatorsRule(p.investigators, config);
  if (bad) return bad;
  const a = assess(config, ctx.place.countyCode, p, ctx.lineInForceYuan);
  if ((p.proposal === 'continue' || p.proposal === 'adjust') && !a.eligible) {
    return notEligible(a, '不再符合条件：复核建议只能是渐退（gradual_exit）或停保（terminate）');
  }
  if (p.proposal === 'terminate' && !p.ground) return '建议停保须写明停保事由（ground）';
  if (p.proposal === 'gradual_exit' && ctx.gradualExit) return '本户已在渐退期：复核建议只能是恢复正常保障（adjust）或停保（terminate）';
  if (p.proposal === 'continue' && ctx.gradualExit) return '渐退期内重新符合条件的，建议应为恢复正常保障（adjust）';
  return null;
};

export const approveAdjustmentRule: Rule<{ amountYuan: number }> = (ctx, p) => {
  const pp = ctx.pendingProposal;
  if (!pp || pp.proposal !== 'adjust') return '待决定的复核建议不是调整保障金额';
  if (!pp.assessment.eligible) return notEligible(pp.assessment, '不能调整为继续保障');
  if (p.amountYuan !== pp.assessment.amountYuan) {
    return `amount_mismatch：按低保标准 ${pp.assessment.lineYuan} 元、人均收入 ${pp.assessment.perCapitaIncomeYuan} 元、${pp.assessment.householdSize} 人计算，月保障金额应为 ${pp.assessment.amountYuan} 元（提交 ${p.amountYuan} 元）`;
  }
  return null;
};

export const approveGradualExitRule: Rule<{ months: number }> = (ctx, p, { config }) => {
  const pp = ctx.pendingProposal;
  if (!pp || pp.proposal !== 'gradual_exit') return '待决定的复核建议不是渐退';
  if (!Number.isInteger(p.months) || p.months < 1 || p.months > config.gradualExitMaxMonths) {
    return `渐退期须为 1–${config.gradualExitMaxMonths} 个月（一般为 ${config.gradualExitMonths} 个月）`;
  }
  if (config.gradualExitScope === 'registered_poor' && !ctx.registeredPoor) {
    return '仅建档立卡贫困户可渐退退出（DIBAO_GRADUAL_EXIT_SCOPE）；其他家庭收入超过标准的应以 income_above_line 停保';
  }
  return null;
};

export const terminateRule: Rule<{ ground: TerminationGround; recoveryYuan?: number }> = (ctx, p) => {
  const pp = ctx.pendingProposal;
  if (!pp || pp.proposal !== 'terminate') return '待决定的复核建议不是停保';
  if (p.ground === 'fraud' && p.recoveryYuan === undefined) return '以骗取低保停保的，须写明责令退回金额（recoveryYuan）';
  return null;
};

/** Payments wait while a terminate proposal on these grounds waits for its decision. */
export const holdsPayments = (proposal: { proposal: string; ground?: TerminationGround } | undefined): boolean =>
  !!proposal && proposal.proposal === 'terminate' && !!proposal.ground && HOLDING_GROUNDS.includes(proposal.ground);

/** A referral the investigation named, not settled yet (one outcome each). */
export const tekunReferralRule: Rule<{ index: number }> = (ctx, p) => {
  if (!Number.isInteger(p.index) || p.index < 0 || p.index >= ctx.tekunReferrals.length) {
    return `没有第 ${p.index + 1} 项特困转介（本案共 ${ctx.tekunReferrals.length} 项）`;
  }
  if (ctx.tekunOutcomes.some((o) => o.index === p.index)) return `第 ${p.index + 1} 项特困转介（${ctx.tekunReferrals[p.index]}）已办理`;
  return null;
};
