/**
 * ECharts options for the monthly dispatch (月调度) report; pure, from the report rows.
 * slaMetPct is a percentage (0–100), null when no clock finished that month.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { DispatchRow } from '../api/types';

export interface Names {
  process(key: string): string;
  state(processKey: string, state: string): string;
  series: { filed: string; completed: string; rejected: string; inProgress: string; slaMetPct: string; slaMet: string; slaBreached: string };
}

const COLORS = ['#2f6fb0', '#2e8b57', '#b4232a', '#d08b1d', '#6b4fa0', '#4a9aa8'];

/** Sums per process across counties. */
export function totalsByProcess(rows: DispatchRow[]) {
  const out = new Map<string, { filed: number; completed: number; rejected: number; inProgress: number; slaMet: number; slaBreached: number }>();
  for (const r of rows) {
    const t = out.get(r.processKey) ?? { filed: 0, completed: 0, rejected: 0, inProgress: 0, slaMet: 0, slaBreached: 0 };
    t.filed += r.filed;
    t.completed += r.completed;
    t.rejected += r.rejected;
    t.inProgress += r.inProgress;
    t.slaMet += r.slaMet;
    t.slaBreached += r.slaBreached;
    out.set(r.processKey, t);
  }
  return out;
}

const base = { color: COLORS, tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } }, legend: { top: 0 }, grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true } };

export function volumeOption(rows: DispatchRow[], names: Names): EChartsCoreOption {
  const totals = totalsByProcess(rows);
  const keys = [...totals.keys()];
  // Colours carry meaning: finished green, refused red, still open blue, filed (the total) amber.
  const tone = { completed: '#2e8b57', rejected: '#b4232a', inProgress: '#2f6fb0' };
  const series = (['completed', 'rejected', 'inProgress'] as const).map((k) => ({
    name: names.series[k], type: 'bar', stack: 'status', barMaxWidth: 48, itemStyle: { color: tone[k] }, data: keys.map((p) => totals.get(p)![k]),
  }));
  return {
    ...base,
    xAxis: { type: 'category', data: keys.map(names.process), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [...series, { name: names.series.filed, type: 'line', symbolSize: 8, itemStyle: { color: '#d08b1d' }, lineStyle: { color: '#d08b1d' }, data: keys.map((p) => totals.get(p)!.filed) }],
  };
}

export function slaOption(rows: DispatchRow[], names: Names): EChartsCoreOption {
  const label = (r: DispatchRow) => `${names.process(r.processKey)}\n${r.countyName}`;
  return {
    ...base,
    tooltip: {
      trigger: 'axis',
      formatter: (params: Array<{ dataIndex: number }>) => {
        const r = rows[params[0].dataIndex];
        // Cases, not deadlines, where the api counts them (issue 20).
        const [met, late] = r.slaCasesMet === undefined ? [r.slaMet, r.slaBreached] : [r.slaCasesMet, r.slaCasesBreached ?? 0];
        return `${names.process(r.processKey)} ${r.countyName}<br/>${names.series.slaMetPct}: ${pct(r.slaMetPct)}<br/>${names.series.slaMet}: ${met} · ${names.series.slaBreached}: ${late}`;
      },
    },
    xAxis: { type: 'category', data: rows.map(label), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [{
      name: names.series.slaMetPct, type: 'bar', barMaxWidth: 48,
      data: rows.map((r) => ({ value: r.slaMetPct == null ? null : round1(r.slaMetPct), itemStyle: { color: color(r.slaMetPct) } })),
      label: { show: true, position: 'top', formatter: (p: { value: number | null }) => (p.value == null ? '' : `${p.value}%`) },
    }],
  };
}

/** Stays of two days and more read in days (a 7-day stage is "7 天", not "168 小时"); shorter ones in hours. */
export const DAYS_FROM_HOURS = 48;

export function stayParts(hours: number): { value: number; unit: 'd' | 'h' } {
  return hours >= DAYS_FROM_HOURS ? { value: round1(hours / 24), unit: 'd' } : { value: round1(hours), unit: 'h' };
}

/** One unit for a whole chart: days when its longest stay is long, hours otherwise. */
export function stageUnit(rows: DispatchRow[]): 'd' | 'h' {
  const longest = Math.max(0, ...rows.flatMap((r) => Object.values(r.stageMedians ?? {})));
  return longest >= DAYS_FROM_HOURS ? 'd' : 'h';
}

export function stagesOption(rows: DispatchRow[], processKey: string, names: Names, unitName: (u: 'd' | 'h') => string = (u) => u): EChartsCoreOption {
  const mine = rows.filter((r) => r.processKey === processKey);
  const states = [...new Set(mine.flatMap((r) => Object.keys(r.stageMedians ?? {})))];
  const unit = stageUnit(mine);
  const inUnit = (h: number) => round1(unit === 'd' ? h / 24 : h);
  return {
    ...base,
    grid: { ...base.grid, left: 8 },
    xAxis: { type: 'value', name: unitName(unit) },
    yAxis: { type: 'category', data: states.map((s) => names.state(processKey, s)), inverse: true },
    series: mine.map((r) => ({ name: r.countyName, type: 'bar', barMaxWidth: 18, data: states.map((s) => inUnit(r.stageMedians?.[s] ?? 0)) })),
  };
}

export function pct(x: number | null): string {
  return x == null ? '—' : `${round1(x)}%`;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const color = (x: number | null) => (x == null ? '#999' : x >= 90 ? '#2e8b57' : x >= 70 ? '#d08b1d' : '#b4232a');
