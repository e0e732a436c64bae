/**
 * The dispatch report as a table that prints on A4 (styles.css: .report-sheet, @page): 月调度,
 * 季汇总 or 半年通报, one row per process and county — volumes, outcomes, time limits, money and
 * flags, titled from the report's own titles (the definitions'), so no process is known here.
 * Pure: everything comes in as props (DispatchPage passes its i18n), so it renders without the app.
 */
import type { DispatchReport, DispatchRow, DispatchTownshipRow, Text } from '../api/types';
import { pct, stayParts } from '../charts/dispatchOptions';
import type { Lang, Vars } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { formatDateTime, formatMoney } from '../lib/format';
import { formatPeriod, periodKindOf } from '../lib/reportPeriods';

export interface SheetWords {
  lang: Lang;
  t(key: MessageKey, vars?: Vars): string;
  tx(text: Text | string | null | undefined): string;
  process(key: string): string;
}

/** "已办结 3；不予救助 2", largest first; codes without a title print as themselves. */
export function countsText(counts: Record<string, number> | undefined, title: (code: string) => string): string {
  return Object.entries(counts ?? {})
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, n]) => `${title(code) || code} ${n}`)
    .join('；');
}

/** A line of the sheet: a process row of a county, a township row under it, a county's subtotal, the total. */
export type SheetLine =
  | { kind: 'row'; row: DispatchRow }
  | { kind: 'township'; row: DispatchTownshipRow }
  | { kind: 'subtotal' | 'total'; countyName: string; row: Totals };

export interface Totals {
  filed: number; completed: number; rejected: number; withdrawnOrTerminated: number; inProgress: number;
  casesMet: number; casesLate: number; slaMet: number; slaBreached: number; slaMetPct: number | null;
  moneyGrantedYuan: number; moneyPaidYuan: number; casesInPayment: number;
}

/** Cases on time / late: the api's case counts (issue 20), else (older apis) its clock counts. */
export const casesOnTime = (r: DispatchRow): [number, number] =>
  r.slaCasesMet === undefined ? [r.slaMet, r.slaBreached] : [r.slaCasesMet, r.slaCasesBreached ?? 0];

/** Rows add up across counties and processes (a case has one of each); the rate comes from the summed clocks. */
export function totalOf(rows: DispatchRow[]): Totals {
  const t: Totals = { filed: 0, completed: 0, rejected: 0, withdrawnOrTerminated: 0, inProgress: 0, casesMet: 0, casesLate: 0, slaMet: 0, slaBreached: 0, slaMetPct: null, moneyGrantedYuan: 0, moneyPaidYuan: 0, casesInPayment: 0 };
  for (const r of rows) {
    const [met, late] = casesOnTime(r);
    t.filed += r.filed; t.completed += r.completed; t.rejected += r.rejected; t.withdrawnOrTerminated += r.withdrawnOrTerminated ?? 0;
    t.inProgress += r.inProgress; t.casesMet += met; t.casesLate += late; t.slaMet += r.slaMet; t.slaBreached += r.slaBreached;
    t.moneyGrantedYuan += r.moneyGrantedYuan ?? 0; t.moneyPaidYuan += r.moneyPaidYuan ?? 0; t.casesInPayment += r.casesInPayment ?? 0;
  }
  t.slaMetPct = t.slaMet + t.slaBreached > 0 ? Math.round((t.slaMet * 1000) / (t.slaMet + t.slaBreached)) / 10 : null;
  t.moneyGrantedYuan = Math.round(t.moneyGrantedYuan * 100) / 100;
  t.moneyPaidYuan = Math.round(t.moneyPaidYuan * 100) / 100;
  return t;
}

/** County by county: its process rows, its township rows, its subtotal (when there are several counties); the total last. */
export function sheetLines(report: DispatchReport): SheetLine[] {
  const out: SheetLine[] = [];
  const counties = [...new Set(report.rows.map((r) => r.countyCode))];
  for (const county of counties) {
    const rows = report.rows.filter((r) => r.countyCode === county);
    for (const row of rows) out.push({ kind: 'row', row });
    for (const row of report.townships ?? []) if (row.countyCode === county) out.push({ kind: 'township', row });
    if (counties.length > 1) out.push({ kind: 'subtotal', countyName: rows[0].countyName, row: totalOf(rows) });
  }
  if (report.rows.length > 0) out.push({ kind: 'total', countyName: '', row: totalOf(report.rows) });
  return out;
}

/** Median stays as words: "入户调查 3.5 天；审核 6 小时". */
export function stagesText(medians: Record<string, number>, state: (s: string) => string, w: Pick<SheetWords, 't'>): string {
  return Object.entries(medians).map(([s, h]) => {
    const { value, unit } = stayParts(h);
    return `${state(s) || s} ${unit === 'd' ? w.t('dispatch.daysN', { n: value }) : w.t('dispatch.hoursN', { n: value })}`;
  }).join('；');
}

export function sheetTitle(report: DispatchReport, place: string, w: SheetWords): string {
  const period = report.period ?? report.month ?? '';
  const kind = report.kind ?? periodKindOf(period);
  return w.t('dispatch.sheetTitle', { place, period: formatPeriod(period, w.lang), kind: w.t(`dispatch.kind.${kind}` as MessageKey) });
}

export function DispatchSheet({ report, place, words: w }: { report: DispatchReport; place: string; words: SheetWords }) {
  const { t, tx, lang } = w;
  const outcome = (r: DispatchRow) => (o: string) => tx(report.titles?.outcomes[r.processKey]?.[o]);
  const flag = (code: string) => tx(report.titles?.flags[code]);
  const money = (x: number | undefined) => (x === undefined ? '' : formatMoney(x, lang));
  return (
    <article className="report-sheet" data-testid="dispatch-sheet" data-period={report.period ?? report.month}>
      <h1 data-testid="dispatch-sheet-title">{sheetTitle(report, place, w)}</h1>
      <p className="report-meta">
        {report.source === 'kept' && report.builtAt ? t('dispatch.source.kept', { at: formatDateTime(report.builtAt) }) : t('dispatch.source.live')}
      </p>
      <div className="report-scroll">
        <table className="table report-table responsive" data-testid="dispatch-table">
          <thead>
            <tr>
              <th>{t('dispatch.process')}</th><th>{t('dispatch.county')}</th><th>{t('dispatch.filed')}</th>
              <th>{t('dispatch.completed')}</th><th>{t('dispatch.rejected')}</th><th>{t('dispatch.withdrawnOrTerminated')}</th>
              <th>{t('dispatch.inProgressEnd')}</th><th>{t('dispatch.slaCases')}</th><th>{t('dispatch.slaMetPct')}</th><th>{t('dispatch.stageTimes')}</th>
              <th>{t('dispatch.moneyGranted')}</th><th>{t('dispatch.moneyPaid')}</th><th>{t('dispatch.casesInPayment')}</th>
              <th>{t('dispatch.finished')}</th><th>{t('dispatch.flags')}</th>
            </tr>
          </thead>
          <tbody>
            {sheetLines(report).map((line, i) => {
              if (line.kind === 'row') {
                const r = line.row;
                const [met, late] = casesOnTime(r);
                return (
                  <tr key={`${r.processKey}-${r.countyCode}`} data-testid="dispatch-row" data-process={r.processKey} data-county={r.countyCode}>
                    <td data-label={t('dispatch.process')}>{w.process(r.processKey)}</td>
                    <td data-label={t('dispatch.county')}>{r.countyName}</td>
                    <td data-label={t('dispatch.filed')} className="num">{r.filed}</td>
                    <td data-label={t('dispatch.completed')} className="num">{r.completed}</td>
                    <td data-label={t('dispatch.rejected')} className="num">{r.rejected}</td>
                    <td data-label={t('dispatch.withdrawnOrTerminated')} className="num">{r.withdrawnOrTerminated ?? ''}</td>
                    <td data-label={t('dispatch.inProgressEnd')} className="num">{r.inProgress}</td>
                    <td data-label={t('dispatch.slaCases')} className="num" data-testid="sla-cases">{met}/{late}</td>
                    <td data-label={t('dispatch.slaMetPct')} className="num">{pct(r.slaMetPct)}</td>
                    <td data-label={t('dispatch.stageTimes')} data-testid="stage-times">{stagesText(r.stageMedians ?? {}, (st) => tx(report.titles?.states?.[r.processKey]?.[st]), w)}</td>
                    <td data-label={t('dispatch.moneyGranted')} className="num" data-testid="money-granted">{money(r.moneyGrantedYuan)}</td>
                    <td data-label={t('dispatch.moneyPaid')} className="num" data-testid="money-paid">{money(r.moneyPaidYuan)}</td>
                    <td data-label={t('dispatch.casesInPayment')} className="num">{r.casesInPayment ?? ''}</td>
                    <td data-label={t('dispatch.finished')} data-testid="outcomes">{countsText(r.byOutcome, outcome(r))}</td>
                    <td data-label={t('dispatch.flags')} data-testid="flags">{countsText(r.flags, flag)}</td>
                  </tr>
                );
              }
              if (line.kind === 'township') {
                const r = line.row;
                return (
                  <tr key={`${r.processKey}-${r.townshipCode}`} className="row-township" data-testid="dispatch-township-row" data-township={r.townshipCode} data-process={r.processKey}>
                    <td data-label={t('dispatch.process')}>{w.process(r.processKey)}</td>
                    <td data-label={t('dispatch.township')}>{r.townshipName}</td>
                    <td className="num">{r.filed}</td><td className="num">{r.completed}</td><td className="num">{r.rejected}</td>
                    <td className="num">{r.withdrawnOrTerminated}</td><td className="num">{r.inProgress}</td>
                    <td className="num">—/{r.slaCasesBreached}</td><td colSpan={7} />
                  </tr>
                );
              }
              const r = line.row;
              return (
                <tr key={`${line.kind}-${i}`} className={`row-${line.kind}`} data-testid={`dispatch-${line.kind}`}>
                  <td>{line.kind === 'total' ? t('dispatch.total') : t('dispatch.subtotal')}</td>
                  <td>{line.countyName}</td>
                  <td className="num">{r.filed}</td><td className="num">{r.completed}</td><td className="num">{r.rejected}</td>
                  <td className="num">{r.withdrawnOrTerminated}</td><td className="num">{r.inProgress}</td>
                  <td className="num">{r.casesMet}/{r.casesLate}</td><td className="num">{pct(r.slaMetPct)}</td><td />
                  <td className="num">{money(r.moneyGrantedYuan)}</td><td className="num">{money(r.moneyPaidYuan)}</td>
                  <td className="num">{r.casesInPayment}</td><td /><td />
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="report-note">{t('dispatch.additiveNote')}</p>
    </article>
  );
}
