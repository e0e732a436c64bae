/**
 * The working-day calendar (工作日): Monday to Friday in LOCAL_TIME_ZONE, less the public holidays
 * (WORKDAY_HOLIDAYS), plus the weekend days worked in exchange (调休, WORKDAY_EXTRA_WORKDAYS). Statutory
 * time limits (低保 初审 10 working days, 审核确认 30/45) are counted on it: a definition writes
 * `workingDays(n)` and the workflow clock turns it into a moment (workflow-clock.ts).
 *
 * Counting: n working days from a moment end at the end (24:00 local) of the n-th working day after
 * that moment's local date (the day of the start does not count, as in 期间 rules: 开始的当日不计入).
 */
import { CORE_SETTINGS, Env, environment, settingDefault, textSetting } from '@app/settings';
import { localParts, localToUtc } from './recurrence';

/** The defaults, as the settings schema declares them (2026's arrangement, 2027's statutory days; core-settings.ts). */
export const DEFAULT_WORKDAY_HOLIDAYS = settingDefault(CORE_SETTINGS, 'WORKDAY_HOLIDAYS') as string;
export const DEFAULT_WORKDAY_EXTRA_WORKDAYS = settingDefault(CORE_SETTINGS, 'WORKDAY_EXTRA_WORKDAYS') as string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Longest run of non-working days the count will skip before calling the calendar wrong. */
const MAX_GAP_DAYS = 60;

export class WorkingDayCalendar {
  private readonly holidays: ReadonlySet<string>;
  private readonly extraWorkdays: ReadonlySet<string>;

  constructor(holidays: Iterable<string>, extraWorkdays: Iterable<string>, readonly timeZone = textSetting('LOCAL_TIME_ZONE')!) {
    this.holidays = new Set(holidays);
    this.extraWorkdays = new Set(extraWorkdays);
    for (const d of this.extraWorkdays) {
      if (this.holidays.has(d)) throw new Error(`工作日配置错误：${d} 同时列为节假日（WORKDAY_HOLIDAYS）和调休上班日（WORKDAY_EXTRA_WORKDAYS）`);
    }
  }

  /** Whether the local date 'YYYY-MM-DD' is a working day. */
  isWorkingDay(isoDate: string): boolean {
    if (this.extraWorkdays.has(isoDate)) return true;
    if (this.holidays.has(isoDate)) return false;
    const weekday = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** The moment `n` working days after `from` end: 24:00 local of the n-th working day after from's local date. */
  addWorkingDays(from: Date, n: number): Date {
    if (!Number.isInteger(n) || n < 0) throw new Error(`working days must be a whole number ≥ 0 (got ${n})`);
    const start = localParts(from, this.timeZone);
    let day = Date.UTC(start.year, start.month - 1, start.day);
    if (n === 0) return from;
    let counted = 0;
    let gap = 0;
    while (counted < n) {
      day += DAY_MS;
      if (this.isWorkingDay(isoOf(day))) {
        counted++;
        gap = 0;
      } else if (++gap > MAX_GAP_DAYS) {
        throw new Error(`工作日配置错误：${isoOf(day)} 前连续 ${MAX_GAP_DAYS} 天没有工作日`);
      }
    }
    const next = new Date(day + DAY_MS);
    return localToUtc({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 0, minute: 0, second: 0, ms: 0 }, this.timeZone);
  }
}

const isoOf = (utcMidnight: number) => new Date(utcMidnight).toISOString().slice(0, 10);

/** A comma list of ISO dates and 'from..to' ranges, as days; a bad entry names the setting. */
export function parseDateList(name: string, raw: string): string[] {
  const days: string[] = [];
  for (const item of raw.split(',').map((x) => x.trim()).filter(Boolean)) {
    const [a, b = a] = item.split('..').map((x) => x.trim());
    const from = isoDay(a);
    const to = isoDay(b);
    if (from === null || to === null || to < from || to - from > 366 * DAY_MS) {
      throw new Error(`配置项 ${name} 的 "${item}" 应为 YYYY-MM-DD 或 YYYY-MM-DD..YYYY-MM-DD（英文逗号分隔）`);
    }
    for (let d = from; d <= to; d += DAY_MS) days.push(isoOf(d));
  }
  return days;
}

function isoDay(s: string | undefined): number | null {
  const m = ISO_DATE.exec(s ?? '');
  if (!m) return null;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  return isoOf(t) === s ? t : null;
}

/**
 * WORKDAY_HOLIDAYS, WORKDAY_EXTRA_WORKDAYS and LOCAL_TIME_ZONE (README, configuration table). Unset or
 * empty: the defaults above (as every setting); `none`: no such days.
 */
export function loadWorkingDayCalendar(env: Env = environment()): WorkingDayCalendar {
  const days = (name: string) => {
    const value = textSetting(name, env)!.trim();
    return value.toLowerCase() === 'none' ? '' : value;
  };
  return new WorkingDayCalendar(
    parseDateList('WORKDAY_HOLIDAYS', days('WORKDAY_HOLIDAYS')),
    parseDateList('WORKDAY_EXTRA_WORKDAYS', days('WORKDAY_EXTRA_WORKDAYS')),
    textSetting('LOCAL_TIME_ZONE', env)!,
  );
}
