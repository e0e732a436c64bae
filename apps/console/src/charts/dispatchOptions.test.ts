import { describe, expect, it } from 'vitest';
import type { DispatchRow } from '../api/types';
import { pct, stageUnit, stagesOption, stayParts, totalsByProcess, type Names } from './dispatchOptions';

const row = (processKey: string, countyCode: string, filed: number): DispatchRow => ({
  processKey, countyCode, countyName: countyCode, filed, completed: 1, rejected: 0, inProgress: filed - 1,
  slaMet: 1, slaBreached: 0, slaMetPct: 100, stageMedians: {},
});

describe('dispatch chart data', () => {
  it('sums counties per process', () => {
    const t = totalsByProcess([row('housing-renovation', '370832', 3), row('housing-renovation', '370831', 2), row('legal-aid', '370832', 1)]);
    expect(t.get('housing-renovation')).toMatchObject({ filed: 5, completed: 2, inProgress: 3 });
    expect(t.get('legal-aid')).toMatchObject({ filed: 1 });
  });

  it('formats compliance percentages', () => {
    expect(pct(93.333)).toBe('93.3%');
    expect(pct(null)).toBe('—');
  });
});

describe('stage times in days for long stages (issue 20)', () => {
  const one = row('p', '370832', 1);
  const names: Names = { process: (k) => k, state: (_p, s) => s, series: { filed: '', completed: '', rejected: '', inProgress: '', slaMetPct: '', slaMet: '', slaBreached: '' } };
  it('reads two days and more in days, shorter stays in hours', () => {
    expect(stayParts(168)).toEqual({ value: 7, unit: 'd' });
    expect(stayParts(47.5)).toEqual({ value: 47.5, unit: 'h' });
  });
  it('uses days for the whole chart when its longest stay is long', () => {
    const rows = [{ ...one, stageMedians: { a: 168, b: 12 } }];
    const option = stagesOption(rows, one.processKey, names) as any;
    expect(option.xAxis.name).toBe('d');
    expect(option.series[0].data).toEqual([7, 0.5]);
    expect(stageUnit([{ ...one, stageMedians: { a: 5 } }])).toBe('h');
  });
});
