import { DAY, PriorCase } from '../definition';
import { grantedAmount, repeatCheck, splitCheck, temporaryAssistanceFilingChecks } from './filing-checks';
import { config, def, normalFiling } from './spec-support';
import type { FilingData } from './types';

const now = new Date('2024-06-15T00:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);

function prior(over: Partial<PriorCase> & { caseId: string }): PriorCase {
  return {
    processKey: 'temporary-assistance',
    filedAt: daysAgo(30),
    sameApplicant: false,
    sameHousehold: true,
    state: 'closed',
    data: { hardshipType: 'other' },
    context: {},
    ...over,
  };
}
const check = (prior: PriorCase[], data: Partial<FilingData> = {}) => ({
  data: { ...normalFiling, ...data } as unknown as Record<string, unknown>,
  now,
  config,
  prior,
});

describe('temporary-assistance filing checks', () => {
  it('are the definition hook', () => {
    expect(def.filingChecks).toBe(temporaryAssistanceFilingChecks);
  });

  describe('repeat_within_12_months', () => {
    const same = (over: Partial<PriorCase>) => prior({ caseId: 'c1', sameApplicant: true, data: { hardshipType: 'expenditure' }, ...over });

    it('flags an earlier case of the same applicant and hardship type within 365 days, naming it', () => {
      expect(repeatCheck(check([same({ filedAt: daysAgo(365) })]))).toEqual({
        code: 'repeat_within_12_months',
        detail: { hardshipType: 'expenditure', windowDays: 365, priorCaseIds: ['c1'] },
      });
    });

    it.each([
      ['older than the window', { filedAt: daysAgo(366) }],
      ['another hardship type', { data: { hardshipType: 'fire' } }],
      ['another applicant of the household', { sameApplicant: false }],
      ['rejected', { state: 'rejected' }],
      ['withdrawn', { state: 'withdrawn' }],
      ['another process', { processKey: 'housing-renovation' }],
    ])('does not flag a prior case that is %s', (_why, over) => {
      expect(repeatCheck(check([same(over as Partial<PriorCase>)]))).toBeNull();
    });

    it('counts a case still in progress', () => {
      expect(repeatCheck(check([same({ state: 'county_approval' })]))?.detail.priorCaseIds).toEqual(['c1']);
    });
  });

  describe('possible_split (化整为零)', () => {
    const grant = (caseId: string, amount: number, over: Partial<PriorCase> = {}) =>
      prior({ caseId, context: { approvedAmount: amount }, ...over });

    it('three grants of 2,500 within 90 days raise possible_split with the totals', () => {
      const flag = splitCheck(check([grant('a', 2500, { filedAt: daysAgo(80) }), grant('b', 2500)], { requestedAmount: 2500 }));
      expect(flag).toEqual({
        code: 'possible_split',
        detail: {
          priorCaseIds: ['a', 'b'], priorAmounts: [2500, 2500], priorTotal: 5000, requestedAmount: 2500, total: 7500,
          townshipLimit: 3000, windowDays: 90,
        },
      });
    });

    it('two grants (one earlier, this one) exceeding the limit together are enough', () => {
      expect(splitCheck(check([grant('a', 1500)], { requestedAmount: 1600 }))?.detail.total).toBe(3100);
    });

    it('counts first relief in the emergency lane as a grant', () => {
      const p = prior({ caseId: 'e', context: { firstRelief: { amount: 2000, form: 'cash', grantedAt: 'x' } } });
      expect(grantedAmount(p)).toBe(2000);
      expect(splitCheck(check([p], { requestedAmount: 2000 }))?.detail.priorCaseIds).toEqual(['e']);
    });

    it.each([
      ['the total stays within the limit', [grant('a', 1000)], 2000],
      ['there is no earlier grant', [], 2900],
      ['the earlier grant is outside 90 days', [grant('a', 2500, { filedAt: daysAgo(91) })], 2500],
      ['the earlier case granted nothing', [prior({ caseId: 'r', state: 'rejected' })], 2500],
      ['the earlier grant was above the limit (county approval, not a split)', [grant('a', 8000)], 2500],
      ['this request is above the limit (it goes to the county anyway)', [grant('a', 2500)], 3500],
      ['the earlier grant is from another household', [grant('a', 2500, { sameHousehold: false })], 2500],
      ['the earlier grant belongs to another process', [grant('a', 2500, { processKey: 'housing-renovation' })], 2500],
    ])('does not flag when %s', (_why, priors, requestedAmount) => {
      expect(splitCheck(check(priors as PriorCase[], { requestedAmount: requestedAmount as number }))).toBeNull();
    });

    it('follows the configured limit and window', () => {
      const wide = { ...config, townshipLimit: 6000, splitWindowDays: 120 };
      const input = { ...check([grant('a', 2500, { filedAt: daysAgo(100) })], { requestedAmount: 2500 }), config: wide };
      expect(splitCheck(input)).toBeNull(); // 5000 ≤ 6000
      expect(splitCheck({ ...input, config: { ...wide, townshipLimit: 4000 } })?.detail.windowDays).toBe(120);
    });
  });

  it('returns both flags when both apply, and none for a first application', () => {
    const p = prior({ caseId: 'x', sameApplicant: true, data: { hardshipType: 'expenditure' }, context: { approvedAmount: 2500 } });
    expect(temporaryAssistanceFilingChecks(check([p], { requestedAmount: 2500 })).map((f) => f.code)).toEqual([
      'repeat_within_12_months',
      'possible_split',
    ]);
    expect(temporaryAssistanceFilingChecks(check([]))).toEqual([]);
  });
});
