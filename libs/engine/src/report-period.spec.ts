import { isMonthLabel, parseReportPeriod } from './report-period';

describe('report periods (月调度, 季汇总, 半年通报)', () => {
  it('a month is itself', () => {
    expect(parseReportPeriod('2026-05')).toEqual({ label: '2026-05', kind: 'month', months: ['2026-05'] });
  });

  it('a quarter is its three months, a half-year its six', () => {
    expect(parseReportPeriod('2026-Q1')!.months).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(parseReportPeriod('2026-Q3')).toEqual({ label: '2026-Q3', kind: 'quarter', months: ['2026-07', '2026-08', '2026-09'] });
    expect(parseReportPeriod('2026-Q4')!.months).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(parseReportPeriod('2026-H1')).toEqual({ label: '2026-H1', kind: 'half', months: ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'] });
    expect(parseReportPeriod('2026-H2')!.months).toEqual(['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
  });

  it('anything else names no period', () => {
    for (const bad of ['2026-Q5', '2026-Q0', '2026-H3', '2026-13', '2026-q3', '26-Q1', '2026-Q1 ', '2026', '']) expect(parseReportPeriod(bad)).toBeNull();
    expect(isMonthLabel('2026-Q3')).toBe(false);
    expect(isMonthLabel('2026-11')).toBe(true);
  });
});
