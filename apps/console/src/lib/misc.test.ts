import { describe, expect, it } from 'vitest';
import { durationParts, formatDuration, formatMonth, recentMonths } from './format';
import { SubmissionKeys } from './idempotency';
import { treeOrder } from './jurisdictions';

describe('durations', () => {
  it('rounds minutes up and shows the two largest units', () => {
    expect(durationParts(90 * 60_000 + 1)).toEqual({ days: 0, hours: 1, minutes: 31 });
    const unit = (u: string, n: number) => `${n}${u}`;
    expect(formatDuration(26 * 3600_000, unit)).toBe('1d2h');
    expect(formatDuration(-45 * 60_000, unit)).toBe('45m');
  });
});

describe('idempotency keys', () => {
  it('reuses the key only to retry an unanswered identical body', () => {
    const keys = new SubmissionKeys();
    const a = keys.keyFor({ x: 1 });
    keys.settle(false); // network failure
    expect(keys.keyFor({ x: 1 })).toBe(a);
    keys.settle(true); // answered (e.g. 400)
    const b = keys.keyFor({ x: 1 });
    expect(b).not.toBe(a);
    keys.settle(false);
    expect(keys.keyFor({ x: 2 })).not.toBe(b);
  });
});

describe('jurisdiction tree order', () => {
  it('lists each node before its children', () => {
    const out = treeOrder([
      { code: '370832001001', name: '闫那里村', level: 'village', parentCode: '370832001' },
      { code: '370832', name: '梁山县', level: 'county', parentCode: '370800' },
      { code: '370832001', name: '小路口镇', level: 'township', parentCode: '370832' },
    ]);
    expect(out.map((j) => j.code)).toEqual(['370832', '370832001', '370832001001']);
  });
});

describe('months for the dispatch filter', () => {
  it('counts back across the year boundary, newest first, and names months in either language', () => {
    expect(recentMonths(3, new Date(2027, 0, 31))).toEqual(['2027-01', '2026-12', '2026-11']);
    expect(formatMonth('2026-11', 'zh')).toBe('2026年11月');
    expect(formatMonth('2026-11', 'en')).toBe('Nov 2026');
  });
});
