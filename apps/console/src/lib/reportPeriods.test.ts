import { describe, expect, it } from 'vitest';
import { formatPeriod, periodKindOf, recentPeriods } from './reportPeriods';

describe('dispatch report periods (月调度, 季汇总, 半年通报)', () => {
  const now = new Date(2026, 10, 29); // 29 Nov 2026, local time

  it('offers the running period first, then the ones before, across year ends', () => {
    expect(recentPeriods('month', 3, now)).toEqual(['2026-11', '2026-10', '2026-09']);
    expect(recentPeriods('quarter', 5, now)).toEqual(['2026-Q4', '2026-Q3', '2026-Q2', '2026-Q1', '2025-Q4']);
    expect(recentPeriods('half', 3, now)).toEqual(['2026-H2', '2026-H1', '2025-H2']);
    expect(recentPeriods('quarter', 1, new Date(2026, 2, 31))).toEqual(['2026-Q1']);
    expect(recentPeriods('half', 2, new Date(2026, 5, 30))).toEqual(['2026-H1', '2025-H2']);
  });

  it('names them as people say them', () => {
    expect(formatPeriod('2026-Q3', 'zh')).toBe('2026年第三季度');
    expect(formatPeriod('2026-H1', 'zh')).toBe('2026年上半年');
    expect(formatPeriod('2026-H2', 'zh')).toBe('2026年下半年');
    expect(formatPeriod('2026-05', 'zh')).toBe('2026年5月');
    expect(formatPeriod('2026-Q3', 'en')).toBe('Q3 2026');
    expect([periodKindOf('2026-Q3'), periodKindOf('2026-H2'), periodKindOf('2026-05')]).toEqual(['quarter', 'half', 'month']);
  });
});
