/**
 * The periods of the dispatch report (月调度, 季汇总, 半年通报) as the api names them: "2026-05",
 * "2026-Q3", "2026-H1". Offered in a select, newest first, like the months before.
 */
import { currentMonth, formatMonth } from './format';

export type PeriodKind = 'month' | 'quarter' | 'half';

export const PERIOD_KINDS: PeriodKind[] = ['month', 'quarter', 'half'];

/** How many periods of each kind the select offers: two years. */
export const PERIODS_OFFERED: Record<PeriodKind, number> = { month: 24, quarter: 8, half: 4 };

export function periodKindOf(label: string): PeriodKind {
  return /-Q[1-4]$/.test(label) ? 'quarter' : /-H[12]$/.test(label) ? 'half' : 'month';
}

/** The last `count` periods of a kind, the running one first. */
export function recentPeriods(kind: PeriodKind, count: number, now = new Date()): string[] {
  const y = now.getFullYear();
  const m = now.getMonth(); // 0-based
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (kind === 'month') out.push(currentMonth(new Date(y, m - i, 1)));
    else {
      const per = kind === 'quarter' ? 4 : 2;
      const index = y * per + Math.floor(m / (12 / per)) - i;
      out.push(`${Math.floor(index / per)}-${kind === 'quarter' ? 'Q' : 'H'}${(index % per) + 1}`);
    }
  }
  return out;
}

const QUARTER_ZH = ['一', '二', '三', '四'];

/** "2026年11月" / "2026年第三季度" / "2026年上半年" (en: "Nov 2026", "Q3 2026", "H1 2026"). */
export function formatPeriod(label: string, lang: 'zh' | 'en'): string {
  const q = /^([0-9]{4})-Q([1-4])$/.exec(label);
  if (q) return lang === 'zh' ? `${q[1]}年第${QUARTER_ZH[Number(q[2]) - 1]}季度` : `Q${q[2]} ${q[1]}`;
  const h = /^([0-9]{4})-H([12])$/.exec(label);
  if (h) return lang === 'zh' ? `${h[1]}年${h[2] === '1' ? '上' : '下'}半年` : `H${h[2]} ${h[1]}`;
  return formatMonth(label, lang);
}
