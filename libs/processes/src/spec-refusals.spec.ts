import { englishProblems, eventRules, inZh, unrefused } from './spec-refusals';

describe('the rules specs’ English check', () => {
  it('finds the refusals without plain English it is meant to catch', () => {
    expect(englishProblems({ zh: '补助金额必须大于 0 元', en: '' })).toHaveLength(1);
    expect(englishProblems({ zh: '补助金额必须大于 0 元', en: '   ' })).toHaveLength(1);
    expect(englishProblems({ zh: '补助金额必须大于 0 元', en: '补助金额必须大于 0 元' })).toHaveLength(1);
    expect(englishProblems({ zh: '回执号 A-1 已登记', en: 'Receipt no. A-1 已登记' })).toHaveLength(1);
    expect(englishProblems({ zh: '补助金额必须大于 0 元', en: 'The subsidy amount must be more than 0 yuan' })).toEqual([]);
    // A value the user typed is quoted, and may be Chinese.
    expect(englishProblems({ zh: '第 1 项特困转介（王老汉）已办理', en: 'Referral no. 1 ("王老汉") has already been dealt with' })).toEqual([]);
  });

  it('answers the Chinese, throws on a refusal without English, and counts refusals per rule', () => {
    const good = (n: number) => (n > 1 ? { zh: `超过 ${n}`, en: `Above ${n}` } : null);
    const bad = (n: number) => (n > 1 ? { zh: `超过 ${n}`, en: '' } : null);
    const silent = () => null;
    expect(inZh(good)(1)).toBeNull();
    expect(unrefused({ good })).toEqual(['good']);
    expect(inZh(good)(2)).toBe('超过 2');
    expect(() => inZh(bad)(2)).toThrow(/no English/);
    expect(unrefused({ good, bad, silent })).toEqual(['bad', 'silent']);
    expect(Object.keys(eventRules({ events: { A: { rule: good }, B: {} } }))).toEqual(['A']);
  });
});
