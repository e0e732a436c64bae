import { eventRules, inZh, unrefused } from '../spec-refusals';
import * as rules from './rules';
import { assess, roundHalfUp } from './rules';
import { loadMinimumLivingAllowanceConfig } from './config';
import { minimumLivingAllowanceClocks } from './clocks';
import { initialTransition } from 'xstate';
import { config, def, ev, filing, machine, place, ruleEnv, run, send, toPayment } from './spec-support';
import type { MlaEvent } from './types';

// Each answers its Chinese reason; its English is checked on the way (spec-refusals.ts).
const submitInvestigationRule = inZh(rules.submitInvestigationRule);
const democraticReviewRule = inZh(rules.democraticReviewRule);
const confirmRule = inZh(rules.confirmRule);
const extendDeadlineRule = inZh(rules.extendDeadlineRule);
const requestMaterialsRule = inZh(rules.requestMaterialsRule);
const submitReviewRule = inZh(rules.submitReviewRule);
const approveAdjustmentRule = inZh(rules.approveAdjustmentRule);
const approveGradualExitRule = inZh(rules.approveGradualExitRule);
const terminateRule = inZh(rules.terminateRule);
const tekunReferralRule = inZh(rules.tekunReferralRule);

const f = (householdSize: number, monthlyIncomeYuan: number, rigidExpenditureYuan = 0, assetsWithinLimits = true) => ({ householdSize, monthlyIncomeYuan, rigidExpenditureYuan, assetsWithinLimits });

describe('低保 amount rule', () => {
  it('the contract example: 3 people, 900 yuan a month, line 600 → p = 300 → 900 yuan', () => {
    expect(assess(config, place.countyCode, f(3, 900))).toEqual({ lineYuan: 600, perCapitaIncomeYuan: 300, householdSize: 3, eligible: true, amountYuan: 900 });
  });
  it('rounds half up to whole yuan', () => {
    expect(roundHalfUp(100.5)).toBe(101);
    expect(roundHalfUp(100.49)).toBe(100);
    // 3 people, 1000 yuan: p = 333.33 → (600 − 333.33) × 3 = 800.01 → 800
    expect(assess(config, place.countyCode, f(3, 1000)).amountYuan).toBe(800);
    // 2 people, 199 yuan: p = 99.5 → (600 − 99.5) × 2 = 1001
    expect(assess(config, place.countyCode, f(2, 199)).amountYuan).toBe(1001);
  });
  it('never below DIBAO_MIN_MONTHLY_YUAN for an eligible household', () => {
    const a = assess(config, place.countyCode, f(1, 590));
    expect(a).toMatchObject({ eligible: true, amountYuan: config.minMonthlyYuan });
    expect(assess(loadMinimumLivingAllowanceConfig({ DIBAO_MIN_MONTHLY_YUAN: '5' }), place.countyCode, f(1, 590)).amountYuan).toBe(10);
  });
  it('p at or above the line, or assets over the limits, is not eligible (amount 0)', () => {
    expect(assess(config, place.countyCode, f(3, 1800))).toMatchObject({ perCapitaIncomeYuan: 600, eligible: false, amountYuan: 0 });
    expect(assess(config, place.countyCode, f(3, 900, 0, false))).toMatchObject({ eligible: false });
  });
  it('rigid expenditure is deducted unless switched off; a county line overrides the default', () => {
    expect(assess(config, place.countyCode, f(3, 1500, 900)).perCapitaIncomeYuan).toBe(200);
    expect(assess(loadMinimumLivingAllowanceConfig({ DIBAO_DEDUCT_RIGID_EXPENDITURE: '0' }), place.countyCode, f(3, 1500, 900)).perCapitaIncomeYuan).toBe(500);
    const c = loadMinimumLivingAllowanceConfig({ DIBAO_COUNTY_LINES: '370832=700' });
    expect(assess(c, '370832', f(3, 900)).amountYuan).toBe(1200);
    expect(assess(c, '370831', f(3, 900)).amountYuan).toBe(900);
  });
});

describe('低保 rules', () => {
  const atConfirmation = run([ev.accept, ev.investigate('approve'), ev.vote(true), ev.noticeEnded]).context;
  it('an approving investigation of an ineligible household is not_eligible; two investigators at least', () => {
    const ctx = run([ev.accept]).context;
    const p = (ev.investigate('approve', 1800) as any).payload;
    expect(submitInvestigationRule(ctx, p, ruleEnv())).toMatch(/^not_eligible：/);
    expect(submitInvestigationRule(ctx, { ...(ev.investigate('approve') as any).payload, investigators: ['李干事', '李干事 '] }, ruleEnv())).toMatch(/不少于 2 名/);
    expect(submitInvestigationRule(ctx, (ev.investigate('reject', 1800) as any).payload, ruleEnv())).toBeNull();
  });
  it('CONFIRM_DIBAO must carry the computed amount (amount_mismatch otherwise)', () => {
    expect(confirmRule(atConfirmation, { amountYuan: 900 }, ruleEnv())).toBeNull();
    expect(confirmRule(atConfirmation, { amountYuan: 950 }, ruleEnv())).toMatch(/^amount_mismatch：.*900 元/);
  });
  it('a relative, an objection or a fraud report needs a county visit by two staff', () => {
    expect(confirmRule(atConfirmation, { amountYuan: 900 }, ruleEnv(['relative_filed']))).toMatch(/县级入户核查/);
    expect(confirmRule(atConfirmation, { amountYuan: 900, countyVisit: { investigators: ['县甲', '县乙'] } } as any, ruleEnv(['relative_filed']))).toBeNull();
    const objected = run([ev.accept, ev.investigate('approve'), ev.vote(true), ev.objection, ev.investigate('approve'), ev.vote(true), ev.noticeEnded]).context;
    expect(confirmRule(objected, { amountYuan: 900 }, ruleEnv())).toMatch(/县级入户核查/);
  });
  it('one extension, one materials notice', () => {
    expect(extendDeadlineRule(atConfirmation, {}, ruleEnv())).toBeNull();
    expect(extendDeadlineRule(run([ev.accept, ev.investigate('approve'), ev.vote(true), ev.noticeEnded, ev.extend]).context, {}, ruleEnv())).toMatch(/只能延长一次/);
    expect(requestMaterialsRule(run([ev.request, ev.supplied]).context, {}, ruleEnv())).toMatch(/一次性告知/);
  });
  it('votes for and against may not exceed attendees', () => {
    expect(democraticReviewRule(atConfirmation, { attendees: 5, votesFor: 4, votesAgainst: 2 }, ruleEnv())).toMatch(/超过参会人数/);
    expect(democraticReviewRule(atConfirmation, { attendees: 6, votesFor: 4, votesAgainst: 2 }, ruleEnv())).toBeNull();
  });
  it('a review with income above the line may only propose gradual exit or termination', () => {
    const paying = run(toPayment).context;
    expect(submitReviewRule(paying, (ev.review('continue', 2100) as any).payload, ruleEnv())).toMatch(/^not_eligible：/);
    expect(submitReviewRule(paying, (ev.review('adjust', 2100) as any).payload, ruleEnv())).toMatch(/^not_eligible：/);
    expect(submitReviewRule(paying, (ev.review('gradual_exit', 2100) as any).payload, ruleEnv())).toBeNull();
    expect(submitReviewRule(paying, (ev.review('terminate', 2100) as any).payload, ruleEnv())).toMatch(/ground/);
  });
  it('an adjustment carries the recomputed amount; gradual exit only for registered-poor households by default', () => {
    const adj = run([...toPayment, ev.review('adjust', 1200)]).context;
    expect(approveAdjustmentRule(adj, { amountYuan: 600 }, ruleEnv())).toBeNull();
    expect(approveAdjustmentRule(adj, { amountYuan: 900 }, ruleEnv())).toMatch(/^amount_mismatch：/);
    const exitNotPoor = run([...toPayment, ev.review('gradual_exit', 2100)]).context;
    expect(approveGradualExitRule(exitNotPoor, { months: 3 }, ruleEnv())).toMatch(/建档立卡/);
    const exitPoor = run([ev.registry(true), ...toPayment, ev.review('gradual_exit', 2100)]).context;
    expect(approveGradualExitRule(exitPoor, { months: 3 }, ruleEnv())).toBeNull();
    expect(approveGradualExitRule(exitPoor, { months: config.gradualExitMaxMonths + 1 }, ruleEnv())).toMatch(/渐退期须为/);
  });
  it('termination follows a terminate proposal, and a fraud termination names the amount to repay', () => {
    const terminating = run([...toPayment, ev.review('terminate', 2100, 'fraud')]).context;
    expect(terminateRule(terminating, { ground: 'fraud', recoveryYuan: 1800 }, ruleEnv())).toBeNull();
    expect(terminateRule(terminating, { ground: 'fraud' }, ruleEnv())).toMatch(/责令退回金额/);
    const adjusting = run([...toPayment, ev.review('adjust', 1200)]).context;
    expect(terminateRule(adjusting, { ground: 'income_above_line' }, ruleEnv())).toBe('待决定的复核建议不是停保');
  });
});

describe('低保 config', () => {
  it('refuses inconsistent settings', () => {
    expect(() => loadMinimumLivingAllowanceConfig({ DIBAO_GRADUAL_EXIT_MONTHS: '7' })).toThrow(/上限/);
    expect(() => loadMinimumLivingAllowanceConfig({ DIBAO_PAY_DAY: '31' })).toThrow(/DIBAO_PAY_DAY/);
    expect(() => loadMinimumLivingAllowanceConfig({ DIBAO_DEMOCRATIC_REVIEW: 'sometimes' })).toThrow(/DIBAO_DEMOCRATIC_REVIEW/);
    expect(() => loadMinimumLivingAllowanceConfig({ DIBAO_COUNTY_LINES: '3708=abc' })).toThrow(/DIBAO_COUNTY_LINES/);
  });
});

describe('低保 clocks in working days', () => {
  const byName = (env: Record<string, string> = {}) => Object.fromEntries(minimumLivingAllowanceClocks(loadMinimumLivingAllowanceConfig(env)).map((c) => [c.name, c]));
  it('初审 10, 总时限 30 (+15 after an extension), 审核确认 10 working days; warnings at half, rounded up', () => {
    const k = byName();
    expect([k.initial_review.due, k.initial_review.warnAfter]).toEqual([{ workingDays: 10 }, { workingDays: 5 }]);
    expect([k.overall.due, k.overall.warnAfter]).toEqual([{ workingDays: 30 }, { workingDays: 15 }]);
    expect(k.overall_extended.due).toEqual({ workingDays: 15 });
    expect(k.county_step.due).toEqual({ workingDays: 10 });
    expect(byName({ DIBAO_COUNTY_STEP_WORKING_DAYS: '7' }).county_step.warnAfter).toEqual({ workingDays: 4 });
  });
  it('working-day settings must be whole days', () => {
    expect(() => loadMinimumLivingAllowanceConfig({ DIBAO_OVERALL_WORKING_DAYS: '30.5' })).toThrow(/overallWorkingDays/);
  });
});

describe('特困 referrals', () => {
  const withCandidates = (names: string[]) => {
    const inv = ev.investigate('approve') as Extract<MlaEvent, { type: 'SUBMIT_INVESTIGATION' }>;
    return { ...inv, payload: { ...inv.payload, tekunCandidates: names } } as MlaEvent;
  };
  const settle = (index: number): MlaEvent => ({ type: 'RECORD_TEKUN_REFERRAL', payload: { index, outcome: 'referred', note: '转县特困供养审核' } });

  it('each candidate is one referral; a re-investigation naming them again adds only new ones', () => {
    const s = run([ev.accept, withCandidates(['王老汉', '王老汉']), ev.vote(true), ev.objection, withCandidates(['王老汉', '李奶奶'])]);
    expect(s.context.tekunReferrals).toEqual(['王老汉', '李奶奶']);
  });

  it('the county settles each referral once, at any stage, including while paying', () => {
    const s = run([ev.accept, withCandidates(['王老汉', '李奶奶']), settle(1), ev.vote(true), ev.noticeEnded, ev.confirm(), settle(0)]);
    expect(s.value).toBe('in_payment');
    expect(s.context.tekunOutcomes.map((o: { index: number }) => o.index)).toEqual([1, 0]);
    expect(tekunReferralRule(s.context, { index: 0 }, ruleEnv())).toMatch(/已办理/);
    expect(tekunReferralRule(s.context, { index: 2 }, ruleEnv())).toMatch(/没有第 3 项/);
    // The machine refuses it too (defence in depth).
    expect(send(s, settle(0)).context.tekunOutcomes).toHaveLength(2);
  });
});

describe('the county line as data', () => {
  it('a filing starts from the line in force; a line change arrives as REVIEW_DUE, and the review is assessed against it', () => {
    const [s0] = initialTransition(machine, { data: filing, place, settings: { line: 700 } });
    expect(s0.context.lineInForceYuan).toBe(700);
    const paying = [...toPayment.slice(0, -1), ev.confirm(1200)].reduce((s, e) => send(s, e), s0);
    // 3 people, 900 yuan: p = 300 → (700 − 300) × 3 = 1200 at the county's line.
    expect(paying.value).toBe('in_payment');
    expect(paying.context.amountYuan).toBe(1200);
    const changed = send(paying, { type: 'REVIEW_DUE', payload: { period: '2026-12', lineYuan: 650 } });
    expect(changed.value).toBe('review');
    expect(changed.context.lineInForceYuan).toBe(650);
    // The amount is unchanged until the adjustment is decided.
    expect(changed.context.amountYuan).toBe(1200);
    const proposed = send(changed, ev.review('adjust', 900));
    expect(proposed.context.pendingProposal.assessment).toMatchObject({ lineYuan: 650, amountYuan: 1050 });
    expect(submitReviewRule(changed.context, (ev.review('continue', 2000) as any).payload, ruleEnv())).toMatch(/低保标准 650 元/);
  });
});

// Last, so that it sees every case above (jest runs a file's tests in order).
describe('the refusals in English (issue 18)', () => {
  it('every rule of the process refused in a case above, each time with plain English beside the Chinese', () => {
    expect(unrefused(eventRules(def))).toEqual([]);
  });
});
