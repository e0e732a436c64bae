/**
 * The periods of the seed's "月调度、季汇总、半年通报": a month ("2026-05"), a quarter ("2026-Q3",
 * 季汇总) or a half-year ("2026-H1", 半年通报), each a run of whole calendar months in
 * LOCAL_TIME_ZONE. A longer period is its months laid end to end, so every figure that counts
 * events by their time adds up over its months.
 */
export type PeriodKind = 'month' | 'quarter' | 'half';

export interface ReportPeriod {
  /** As asked and as printed: "2026-05", "2026-Q3", "2026-H1". */
  label: string;
  kind: PeriodKind;
  /** Its months, "YYYY-MM", in order. */
  months: string[];
}

const MONTH = /^([0-9]{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^([0-9]{4})-Q([1-4])$/;
const HALF = /^([0-9]{4})-H([12])$/;

const monthLabel = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

function run(year: number, first: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => monthLabel(year, first + i));
}

/** The period a label names, or null when it names none. */
export function parseReportPeriod(label: string): ReportPeriod | null {
  let m = MONTH.exec(label);
  if (m) return { label, kind: 'month', months: [label] };
  m = QUARTER.exec(label);
  if (m) return { label, kind: 'quarter', months: run(Number(m[1]), (Number(m[2]) - 1) * 3 + 1, 3) };
  m = HALF.exec(label);
  if (m) return { label, kind: 'half', months: run(Number(m[1]), (Number(m[2]) - 1) * 6 + 1, 6) };
  return null;
}

export const isMonthLabel = (s: string) => MONTH.test(s);
