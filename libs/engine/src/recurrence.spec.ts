import { DAY } from '@app/processes';
import { nthFiring } from './recurrence';
import { WorkflowClock } from './workflow-clock';

describe('recurring timer firings (nthFiring)', () => {
  const tz = 'Asia/Shanghai';
  const real = new WorkflowClock(1);

  it('calendar months, unscaled: the same local day and time, the 31st clamped to the month end, the period the local month', () => {
    const anchor = new Date('2026-01-30T16:30:00Z'); // 2026-01-31 00:30 in Shanghai
    expect(nthFiring({ event: 'E', every: { months: 1 } }, anchor, 1, real, tz)).toEqual({ dueAt: new Date('2026-02-27T16:30:00Z'), period: '2026-02' });
    expect(nthFiring({ event: 'E', every: { months: 1 } }, anchor, 2, real, tz)).toEqual({ dueAt: new Date('2026-03-30T16:30:00Z'), period: '2026-03' });
    expect(nthFiring({ event: 'E', every: { months: 3 } }, anchor, 4, real, tz).period).toBe('2027-01');
  });

  it('calendar months on a pay day: 00:00 local on that day of the month after', () => {
    const anchor = new Date('2026-11-20T03:00:00Z');
    expect(nthFiring({ event: 'E', every: { months: 1 }, dayOfMonth: 10 }, anchor, 1, real, tz)).toEqual({ dueAt: new Date('2026-12-09T16:00:00Z'), period: '2026-12' });
    expect(nthFiring({ event: 'E', every: { months: 1 }, dayOfMonth: 10 }, anchor, 2, real, tz).period).toBe('2027-01');
  });

  it('under a time scale a month is 30 days divided by the scale, still labelled with its calendar month', () => {
    const fast = new WorkflowClock(86400);
    const anchor = new Date('2026-12-15T00:00:00Z');
    expect(nthFiring({ event: 'E', every: { months: 1 } }, anchor, 2, fast, tz)).toEqual({ dueAt: new Date(anchor.getTime() + 60 * 1000), period: '2027-02' });
  });

  it('every N days: scaled like any duration, the period is the firing number', () => {
    const anchor = new Date('2026-12-15T00:00:00Z');
    expect(nthFiring({ event: 'E', every: { days: 7 } }, anchor, 3, new WorkflowClock(1), tz)).toEqual({ dueAt: new Date(anchor.getTime() + 21 * DAY), period: '3' });
  });
});
