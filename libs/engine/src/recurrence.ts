import type { RecurringTimerSpec } from '@app/processes';
import { DAY } from '@app/processes';
import { WorkflowClock } from './workflow-clock';

/**
 * When the n-th firing (n ≥ 1) of a recurring timer falls and the period it stands for, counted from
 * `anchor` (the time the case entered the state): always from the anchor, never from the previous
 * firing, so firings do not drift and a late firing does not move the next one.
 *
 * - `every: { days }`: every N business days, divided by WORKFLOW_TIME_SCALE like any duration;
 *   the period is the firing's sequence number ('1', '2', …).
 * - `every: { months }`: every N calendar months in LOCAL_TIME_ZONE; the period is the local month
 *   'YYYY-MM'. Unscaled (scale 1) the firing falls on `dayOfMonth` of that month at 00:00 local time,
 *   or, without `dayOfMonth`, on the anchor's day and time of day (the 31st becomes the month's last
 *   day). Under a time scale a calendar month cannot be divided, so a month is 30 business days
 *   divided by the scale (PROCESSES.md §6): firing n is at anchor + n × months × 30 days / scale, and
 *   its period is still the calendar month it stands for (the anchor's month + n × months).
 */
export function nthFiring(spec: RecurringTimerSpec, anchor: Date, n: number, clock: WorkflowClock, timeZone: string): { dueAt: Date; period: string } {
  if ('days' in spec.every) return { dueAt: clock.after(n * spec.every.days * DAY, anchor), period: String(n) };
  const months = n * spec.every.months;
  const local = localParts(anchor, timeZone);
  const monthIndex = local.year * 12 + (local.month - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const period = `${year}-${String(month).padStart(2, '0')}`;
  if (clock.scale !== 1) return { dueAt: clock.after(months * 30 * DAY, anchor), period };
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const dueAt = spec.dayOfMonth
    ? localToUtc({ year, month, day: Math.min(spec.dayOfMonth, lastDay), hour: 0, minute: 0, second: 0, ms: 0 }, timeZone)
    : localToUtc({ ...local, year, month, day: Math.min(local.day, lastDay) }, timeZone);
  return { dueAt, period };
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
export function localParts(d: Date, timeZone: string): LocalParts {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  return { year: +p.year, month: +p.month, day: +p.day, hour: +p.hour, minute: +p.minute, second: +p.second, ms: d.getUTCMilliseconds() };
}

/** The instant that reads `t` on a wall clock in `timeZone` (twice corrected, for offsets that change). */
export function localToUtc(t: LocalParts, timeZone: string): Date {
  const wanted = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.ms);
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(guess), timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.ms);
    guess += wanted - shown;
  }
  return new Date(guess);
}
