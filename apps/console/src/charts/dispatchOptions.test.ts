import { describe, expect, it } from 'vitest';
import type { DispatchRow } from '../api/types';
import { pct, totalsByProcess } from './dispatchOptions';

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
