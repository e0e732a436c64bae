import type { DispatchRow, DispatchTownshipRow } from '@app/engine';
import type { Text } from '@app/processes';
import type { Sheet } from '../exports/xlsx';
import { fileStamp } from '../exports/xlsx';

interface Report {
  period: string;
  kind: string;
  countyCode: string | null;
  rows: DispatchRow[];
  townships: DispatchTownshipRow[];
  titles: { outcomes: Record<string, Record<string, Text>>; states: Record<string, Record<string, Text>>; flags: Record<string, Text> };
}

const KIND_WORDS: Record<string, string> = { month: '月调度', quarter: '季汇总', half: '半年通报' };

/** A median stay as people say it: days for long stages (two days and more), hours for short ones. */
export function stayText(hours: number): string {
  return hours >= 48 ? `${(hours / 24).toFixed(1)} 天` : `${hours.toFixed(1)} 小时`;
}

/** Counts as words: "已办结 3；不予救助 2", largest first. */
function countsText(counts: Record<string, number>, title: (k: string) => string): string {
  return Object.entries(counts).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, n]) => `${title(k)} ${n}`).join('；');
}

const SUMMED = ['filed', 'completed', 'rejected', 'withdrawnOrTerminated', 'inProgress', 'slaCasesMet', 'slaCasesBreached', 'slaMet', 'slaBreached', 'moneyGrantedYuan', 'moneyPaidYuan', 'casesInPayment'] as const;

/**
 * Rows add up across counties and processes (a case belongs to one county and one process), so a
 * total is their sum; the rate is recomputed from the summed clocks.
 */
export function totalOf(rows: DispatchRow[]): Record<(typeof SUMMED)[number], number> & { slaMetPct: number | null } {
  const t = Object.fromEntries(SUMMED.map((k) => [k, rows.reduce((s, r) => s + Number(r[k] ?? 0), 0)])) as Record<(typeof SUMMED)[number], number>;
  const rate = t.slaMet + t.slaBreached > 0 ? Math.round((t.slaMet * 1000) / (t.slaMet + t.slaBreached)) / 10 : null;
  return { ...t, moneyGrantedYuan: Math.round(t.moneyGrantedYuan * 100) / 100, moneyPaidYuan: Math.round(t.moneyPaidYuan * 100) / 100, slaMetPct: rate };
}

/**
 * 月调度 as a spreadsheet: per county its process rows, the township rows under them, then the
 * county's subtotal; a grand total last. Cases, not deadlines; stage times in days for long stages.
 */
export function dispatchSheet(report: Report, processTitle: (key: string) => string, placeName: string): Sheet {
  const columns = [
    '县（市、区）', '乡镇（街道）', '业务', '受理（件）', '办结（件）', '不予（件）', '撤回或终止（件）', '期末在办（件）',
    '按时办结（件）', '超时（件）', '时限达标率（%）', '各环节用时（中位数）', '发放金额（元）', '已支付（元）', '发放案件（件）', '办理结果', '异常线索',
  ].map((header) => ({ header, width: header.length > 6 ? 18 : 12 }));
  const out: unknown[][] = [];
  const line = (county: string, township: string, process: string, r: Partial<DispatchRow>, extra: { stages?: string; outcomes?: string; flags?: string } = {}) =>
    out.push([
      county, township, process, r.filed ?? '', r.completed ?? '', r.rejected ?? '', r.withdrawnOrTerminated ?? '', r.inProgress ?? '',
      r.slaCasesMet ?? '', r.slaCasesBreached ?? '', r.slaMetPct ?? '', extra.stages ?? '', r.moneyGrantedYuan ?? '', r.moneyPaidYuan ?? '',
      r.casesInPayment ?? '', extra.outcomes ?? '', extra.flags ?? '',
    ]);
  const counties = [...new Set(report.rows.map((r) => r.countyCode))];
  for (const county of counties) {
    const rows = report.rows.filter((r) => r.countyCode === county);
    const name = rows[0]?.countyName ?? county;
    for (const r of rows) {
      const states = report.titles.states[r.processKey] ?? {};
      line(name, '', processTitle(r.processKey), r, {
        stages: Object.entries(r.stageMedians).map(([s, h]) => `${states[s]?.zh ?? s} ${stayText(h)}`).join('；'),
        outcomes: countsText(r.byOutcome, (o) => report.titles.outcomes[r.processKey]?.[o]?.zh ?? o),
        flags: countsText(r.flags, (f) => report.titles.flags[f]?.zh ?? f),
      });
    }
    for (const t of report.townships.filter((x) => x.countyCode === county)) line(name, t.townshipName, processTitle(t.processKey), t);
    line(name, '小计', '', totalOf(rows));
  }
  line('合计', '', '', totalOf(report.rows));
  return {
    filename: `${placeName}${report.period}${KIND_WORDS[report.kind] ?? '月调度'}-${fileStamp()}`,
    title: KIND_WORDS[report.kind] ?? '月调度',
    columns,
    rows: out,
  };
}
