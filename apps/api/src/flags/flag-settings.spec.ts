import { loadFlagSettings } from './flag-settings';
import { maskIdNumbersIn } from '../audit/pii-scrub';
import { makeIdNumber } from '@app/registry';

describe('flag settings', () => {
  it('defaults: 10 decisions in 10 minutes, off hours 22:00–06:00 in Asia/Shanghai', () => {
    expect(loadFlagSettings({})).toMatchObject({
      rapidDecisionsCount: 10, rapidDecisionsWindowMinutes: 10, offHoursStart: 22 * 60, offHoursEnd: 6 * 60, timeZone: 'Asia/Shanghai',
    });
  });

  it('bad values stop the start with what to fix', () => {
    expect(() => loadFlagSettings({ FLAG_OFF_HOURS: '22-6' })).toThrow(/HH:MM-HH:MM/);
    expect(() => loadFlagSettings({ FLAG_RAPID_DECISIONS_COUNT: '1' })).toThrow(/FLAG_RAPID_DECISIONS_COUNT/);
    expect(() => loadFlagSettings({ FLAG_RAPID_DECISIONS_WINDOW_MINUTES: 'ten' })).toThrow(/FLAG_RAPID_DECISIONS_WINDOW_MINUTES/);
    expect(() => loadFlagSettings({ LOCAL_TIME_ZONE: 'Mars/Olympus' })).toThrow(/LOCAL_TIME_ZONE/);
  });
});

describe('ID numbers in exported text', () => {
  const id = makeIdNumber('37083219900606503');
  it('masks valid numbers and leaves hashes, dates, amounts and invalid look-alikes alone', () => {
    const text = JSON.stringify({ note: `号码${id}。`, hash: 'a1'.repeat(32), idIndex: '3'.repeat(64), at: '2026-11-28T12:00:00.000Z', amount: 123456789012345678, typo: id.slice(0, 17) + (id[17] === '1' ? '2' : '1') });
    const out = maskIdNumbersIn(text);
    expect(out.masked).toBe(1);
    expect(out.text).not.toContain(id);
    expect(out.text).toContain(`${id.slice(0, 6)}********${id.slice(14)}`);
    expect(out.text.replace(`${id.slice(0, 6)}********${id.slice(14)}`, id)).toBe(text);
  });
});
