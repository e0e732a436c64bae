import { workingDays } from '@app/processes';
import { DEFAULT_WORKDAY_HOLIDAYS, WorkingDayCalendar, loadWorkingDayCalendar, parseDateList } from './working-days';
import { WorkflowClock } from './workflow-clock';

/** Shanghai midnight at the start of a local date, as an instant. */
const shanghaiMidnight = (iso: string) => new Date(new Date(`${iso}T00:00:00Z`).getTime() - 8 * 3600 * 1000);

describe('working-day calendar (工作日)', () => {
  const calendar = loadWorkingDayCalendar({});

  it('国庆 2026: 10 working days from the day before the holiday skip 10-01..07 and count the 调休 Saturday 10-10', () => {
    const start = new Date('2026-09-30T02:00:00Z'); // Wed 10:00 in Shanghai
    // 10-08 Thu, 09 Fri, 10 Sat (调休), 12..16, 19, 20 → the 10th is Tue 10-20; ends 24:00 that day.
    expect(calendar.addWorkingDays(start, 10)).toEqual(shanghaiMidnight('2026-10-21'));
    expect(calendar.isWorkingDay('2026-10-07')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-11')).toBe(false);
  });

  it('a 调休 Sunday (2026-09-20) is a working day; without it the count runs to Monday', () => {
    const friday = new Date('2026-09-18T07:00:00Z');
    expect(calendar.addWorkingDays(friday, 1)).toEqual(shanghaiMidnight('2026-09-21'));
    const weekendsOnly = new WorkingDayCalendar([], []);
    expect(weekendsOnly.addWorkingDays(friday, 1)).toEqual(shanghaiMidnight('2026-09-22'));
  });

  it('counts from the local (Shanghai) date, not the UTC one', () => {
    const start = new Date('2026-10-09T16:30:00Z'); // Sat 10-10 00:30 in Shanghai (a 调休 workday): it does not count itself
    expect(calendar.addWorkingDays(start, 1)).toEqual(shanghaiMidnight('2026-10-13'));
  });

  it('an ordinary week: Monday + 5 working days ends at the end of next Monday', () => {
    expect(calendar.addWorkingDays(new Date('2026-11-30T01:00:00Z'), 5)).toEqual(shanghaiMidnight('2026-12-08'));
  });

  it('春节 2026 and the 2027 statutory days are in the default list', () => {
    for (const d of ['2026-02-16', '2026-02-23', '2027-02-08', '2027-10-01']) expect(calendar.isWorkingDay(d)).toBe(false);
    for (const d of ['2026-02-14', '2026-02-28', '2026-02-24']) expect(calendar.isWorkingDay(d)).toBe(true);
    expect(DEFAULT_WORKDAY_HOLIDAYS).toContain('2026-10-01..2026-10-07');
  });

  it('settings: ranges expand, bad dates name the setting, a date in both lists is refused', () => {
    expect(parseDateList('WORKDAY_HOLIDAYS', '2026-10-01..2026-10-03, 2026-12-25')).toEqual(['2026-10-01', '2026-10-02', '2026-10-03', '2026-12-25']);
    expect(() => parseDateList('WORKDAY_HOLIDAYS', '2026-02-30')).toThrow(/WORKDAY_HOLIDAYS.*2026-02-30/);
    expect(() => parseDateList('WORKDAY_EXTRA_WORKDAYS', '2026-10-07..2026-10-01')).toThrow(/WORKDAY_EXTRA_WORKDAYS/);
    expect(() => loadWorkingDayCalendar({ WORKDAY_EXTRA_WORKDAYS: '2026-10-03' })).toThrow(/2026-10-03/);
    // Empty is the default (as for every setting); `none` is weekends only.
    expect(loadWorkingDayCalendar({ WORKDAY_HOLIDAYS: '' }).isWorkingDay('2026-10-01')).toBe(false);
    expect(loadWorkingDayCalendar({ WORKDAY_HOLIDAYS: 'none', WORKDAY_EXTRA_WORKDAYS: 'none' }).isWorkingDay('2026-10-01')).toBe(true);
    expect(loadWorkingDayCalendar({ WORKDAY_HOLIDAYS: '2026-12-24' }).isWorkingDay('2026-10-01')).toBe(true);
  });
});

describe('the workflow clock with working days', () => {
  const start = new Date('2026-09-30T02:00:00Z');
  const end = shanghaiMidnight('2026-10-21');

  it('unscaled: a working-day duration ends where the calendar says; milliseconds are unchanged', () => {
    const clock = new WorkflowClock(1, loadWorkingDayCalendar({}));
    expect(clock.after(workingDays(10), start)).toEqual(end);
    expect(clock.after(3600_000, start)).toEqual(new Date(start.getTime() + 3600_000));
  });

  it('scaled: the real span from the start (20 days 14 hours across 国庆) divided by the scale', () => {
    const clock = new WorkflowClock(86400, loadWorkingDayCalendar({}));
    const span = end.getTime() - start.getTime();
    expect(span).toBe((20 * 24 + 14) * 3600_000);
    expect(clock.after(workingDays(10), start)).toEqual(new Date(start.getTime() + Math.round(span / 86400)));
  });
});
