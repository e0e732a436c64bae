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
