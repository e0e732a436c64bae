/** Date, duration and money formatting shared by the pages (local time, 24 h clock). */

const pad = (n: number) => String(n).padStart(2, '0');

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${formatDate(iso)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A date-only string (YYYY-MM-DD) is shown as is: it is a calendar fact, not an instant. */
export function formatDateOrDateTime(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : formatDateTime(value);
}

export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
}

/** Splits an absolute duration into whole days, hours and minutes (minutes rounded up). */
export function durationParts(ms: number): DurationParts {
  const totalMinutes = Math.ceil(Math.abs(ms) / 60000);
  return {
    days: Math.floor(totalMinutes / 1440),
    hours: Math.floor((totalMinutes % 1440) / 60),
    minutes: totalMinutes % 60,
  };
}

/** The two most significant units, e.g. "2天3小时" or "45分钟". */
export function formatDuration(ms: number, unit: (u: 'd' | 'h' | 'm', n: number) => string): string {
  const { days, hours, minutes } = durationParts(ms);
  if (days > 0) return unit('d', days) + (hours ? unit('h', hours) : '');
  if (hours > 0) return unit('h', hours) + (minutes ? unit('m', minutes) : '');
  return unit('m', minutes);
}

export function formatMoney(amount: number | null | undefined, lang: 'zh' | 'en'): string {
  if (amount == null || Number.isNaN(Number(amount))) return '';
  const n = Number(amount).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: 2 });
  return lang === 'zh' ? `${n} 元` : `¥${n}`;
}

/** The current month as YYYY-MM (the dispatch report's parameter). */
export function currentMonth(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}`;
}

/**
 * The last `count` months, newest first, as "YYYY-MM". The dispatch page offers these in a select
 * rather than <input type="month">, whose picker follows the browser's UI language and is missing
 * in some browsers.
 */
export function recentMonths(count: number, now = new Date()): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(currentMonth(new Date(now.getFullYear(), now.getMonth() - i, 1)));
  return out;
}

/** "2026年11月" / "Nov 2026" for a "YYYY-MM" month. */
export function formatMonth(month: string, lang: 'zh' | 'en'): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  return lang === 'zh' ? `${y}年${m}月` : new Date(y, m - 1, 1).toLocaleDateString('en', { year: 'numeric', month: 'short' });
}

/** A datetime-local input value (local time, minutes) from an ISO instant, and back. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${formatDate(iso)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** A short, readable id (cases use UUIDs): the first 8 characters. */
export function shortId(id: string): string {
  return id.length > 12 ? id.slice(0, 8) : id;
}
