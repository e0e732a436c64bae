/**
 * The hints a case view publishes (EventSpec.hints) say what the rules will enforce: a payload at
 * the hinted limit passes the event's rule, one above it is refused, and a computed amount is the
 * one the rule accepts. A form that enforces the hints therefore never sends what the rule refuses.
 */
import { def as housing, ruleEnv as housingEnv } from './housing-renovation/spec-support';
import type { HousingRenovationContext } from './housing-renovation/types';
import { def as mla, ruleEnv as mlaEnv } from './minimum-living-allowance/spec-support';
import type { MlaContext } from './minimum-living-allowance/types';
import { def as temp, normalFiling, ruleEnv as tempEnv } from './temporary-assistance/spec-support';
import type { TemporaryAssistanceContext } from './temporary-assistance/types';

/** The event's rule as the engine calls it; these rules read only now, config and flags. */
const full = (env: object) => env as never;

describe('event hints agree with the rules', () => {
  it('temporary assistance: the township and county caps, the recommended amount prefilled within the cap', () => {
    const base: TemporaryAssistanceContext = { data: normalFiling, lane: 'normal', objections: [], charityReferrals: [] };
    for (const stage of ['township', 'county'] as const) {
      const ctx = { ...base, approvalStage: stage, recommendedAmount: 999999 };
      const h = temp.events.APPROVE.hints!(ctx, { config: temp.config, flags: [] });
      const max = h.amount.maximum!;
      expect(max).toBe(stage === 'township' ? 3000 : 20000);
      expect(h.amount.value).toBe(max);
      expect(temp.events.APPROVE.rule!(ctx, { amount: max }, full(tempEnv()))).toBeNull();
      expect(temp.events.APPROVE.rule!(ctx, { amount: max + 1 }, full(tempEnv()))).not.toBeNull();
    }
    const first = temp.events.GRANT_FIRST_RELIEF.hints!(base, { config: temp.config, flags: [] });
    expect(first.amount).toMatchObject({ maximum: 3000, note: { zh: '乡镇先行救助上限 3,000 元' } });
    expect(temp.events.APPROVE.hints!({ ...base, approvalStage: 'township' }, { config: temp.config, flags: ['repeat_within_12_months'] }).overrideReason?.note?.zh)
      .toContain('特批理由');
  });

  it('housing: only the methods the grade allows, each capped at its subsidy maximum', () => {
    const cases: Array<[HousingRenovationContext['grade'], string[]]> = [['C', ['reinforce']], ['D', ['rebuild', 'rent']], ['NO_HOUSE', ['new_build', 'rent']]];
    for (const [grade, methods] of cases) {
      const ctx = { grade } as HousingRenovationContext;
      const h = housing.events.COUNTY_APPROVE.hints!(ctx, { config: housing.config, flags: [] });
      expect(h.method.options).toEqual(methods);
      for (const m of methods) {
        const max = h.subsidyAmount.maximumBy!.values[m];
        expect(housing.events.COUNTY_APPROVE.rule!(ctx, { method: m, subsidyAmount: max }, full(housingEnv()))).toBeNull();
        expect(housing.events.COUNTY_APPROVE.rule!(ctx, { method: m, subsidyAmount: max + 1 }, full(housingEnv()))).not.toBeNull();
      }
      for (const m of ['reinforce', 'rebuild', 'new_build', 'rent'].filter((x) => !methods.includes(x))) {
        expect(housing.events.COUNTY_APPROVE.rule!(ctx, { method: m, subsidyAmount: 1000 }, full(housingEnv()))).not.toBeNull();
      }
    }
    expect(housing.events.COUNTY_APPROVE.hints!({ grade: 'D' } as HousingRenovationContext, { config: housing.config, flags: [] }).subsidyAmount.note?.zh)
      .toBe('补助上限：拆除重建 35,000 元，租赁安置 10,000 元');
  });

  it('meetings: votes within attendees and a meeting not in the future, as the rules refuse them', () => {
    const now = new Date('2026-11-28T04:00:00Z');
    const h = housing.events.RECORD_COLLECTIVE_REVIEW.hints!({} as HousingRenovationContext, { config: housing.config, flags: [] });
    expect(h).toEqual({ votesAgainst: { sumAtMost: { fields: ['votesFor'], field: 'attendees' } }, meetingDate: { notAfterToday: true } });
    const review = { meetingDate: '2026-11-28', attendees: 31, votesFor: 29, votesAgainst: 2, minutesRef: 'x', passed: true };
    const rule = housing.events.RECORD_COLLECTIVE_REVIEW.rule!;
    expect(rule({} as HousingRenovationContext, review, full(housingEnv(now)))).toBeNull();
    expect(rule({} as HousingRenovationContext, { ...review, votesAgainst: 3 }, full(housingEnv(now)))).not.toBeNull();
    expect(rule({} as HousingRenovationContext, { ...review, meetingDate: '2026-11-29' }, full(housingEnv(now)))).not.toBeNull();
    expect(mla.events.RECORD_DEMOCRATIC_REVIEW.hints!({} as MlaContext, { config: mla.config, flags: [] }).votesAgainst.sumAtMost).toEqual({ fields: ['votesFor'], field: 'attendees' });
    expect(temp.events.RECORD_DELIBERATION.hints!({} as TemporaryAssistanceContext, { config: temp.config, flags: [] }).meetingDate.notAfterToday).toBe(true);
  });

  it('低保: the computed amount is prefilled and is the one confirmation accepts', () => {
    const assessment = { lineYuan: 600, perCapitaIncomeYuan: 300, householdSize: 3, eligible: true, amountYuan: 900 };
    const ctx = { assessment, objections: [], fraudReported: false, data: { relativeDeclaration: { declared: false } } } as unknown as MlaContext;
    const h = mla.events.CONFIRM_DIBAO.hints!(ctx, { config: mla.config, flags: [] });
    expect(h.amountYuan).toMatchObject({ equals: 900, value: 900, note: { zh: '按低保标准 600 元、人均收入 300 元、3 人计算：每月 900 元' } });
    expect(mla.events.CONFIRM_DIBAO.rule!(ctx, { amountYuan: 900 }, full(mlaEnv()))).toBeNull();
    expect(mla.events.CONFIRM_DIBAO.rule!(ctx, { amountYuan: 901 }, full(mlaEnv()))).toMatchObject({ zh: expect.stringMatching(/^amount_mismatch/) });
    expect(mla.events.CONFIRM_DIBAO.hints!({ ...ctx, assessment: { ...assessment, eligible: false, amountYuan: 0 } }, { config: mla.config, flags: [] })).toEqual({});
  });
});
