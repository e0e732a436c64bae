/**
 * The dispatch report as a table that prints on A4 (styles.css: .report-sheet, @page): 月调度,
 * 季汇总 or 半年通报, one row per process and county — volumes, outcomes, time limits, money and
 * flags, titled from the report's own titles (the definitions'), so no process is known here.
 * Pure: everything comes in as props (DispatchPage passes its i18n), so it renders without the app.
 */
import type { DispatchReport, DispatchRow, Text } from '../api/types';
import { pct } from '../charts/dispatchOptions';
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
      <table className="table report-table responsive" data-testid="dispatch-table">
        <thead>
          <tr>
            <th>{t('dispatch.process')}</th><th>{t('dispatch.county')}</th><th>{t('dispatch.filed')}</th>
            <th>{t('dispatch.completed')}</th><th>{t('dispatch.rejected')}</th><th>{t('dispatch.withdrawnOrTerminated')}</th>
            <th>{t('dispatch.inProgressEnd')}</th><th>{t('dispatch.sla2')}</th><th>{t('dispatch.slaMetPct')}</th>
            <th>{t('dispatch.moneyGranted')}</th><th>{t('dispatch.moneyPaid')}</th><th>{t('dispatch.casesInPayment')}</th>
            <th>{t('dispatch.finished')}</th><th>{t('dispatch.flags')}</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((r) => (
            <tr key={`${r.processKey}-${r.countyCode}`} data-testid="dispatch-row" data-process={r.processKey} data-county={r.countyCode}>
              <td data-label={t('dispatch.process')}>{w.process(r.processKey)}</td>
              <td data-label={t('dispatch.county')}>{r.countyName}</td>
              <td data-label={t('dispatch.filed')} className="num">{r.filed}</td>
              <td data-label={t('dispatch.completed')} className="num">{r.completed}</td>
              <td data-label={t('dispatch.rejected')} className="num">{r.rejected}</td>
              <td data-label={t('dispatch.withdrawnOrTerminated')} className="num">{r.withdrawnOrTerminated ?? ''}</td>
              <td data-label={t('dispatch.inProgressEnd')} className="num">{r.inProgress}</td>
              <td data-label={t('dispatch.sla2')} className="num">{r.slaMet}/{r.slaBreached}</td>
              <td data-label={t('dispatch.slaMetPct')} className="num">{pct(r.slaMetPct)}</td>
              <td data-label={t('dispatch.moneyGranted')} className="num" data-testid="money-granted">{money(r.moneyGrantedYuan)}</td>
              <td data-label={t('dispatch.moneyPaid')} className="num" data-testid="money-paid">{money(r.moneyPaidYuan)}</td>
              <td data-label={t('dispatch.casesInPayment')} className="num">{r.casesInPayment ?? ''}</td>
              <td data-label={t('dispatch.finished')} data-testid="outcomes">{countsText(r.byOutcome, outcome(r))}</td>
              <td data-label={t('dispatch.flags')} data-testid="flags">{countsText(r.flags, flag)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="report-note">{t('dispatch.additiveNote')}</p>
    </article>
  );
}
