/**
 * A village's 公示 table for its notice board: every household of the village in one notice stage,
 * names and ID numbers masked, the lines the process adds (grade, amount …), each notice period,
 * the supervision hotline and the issuer's seal area. One table per village, A4.
 */
import { api } from '../api/endpoints';
import type { NoticeTable } from '../api/types';
import { Loading } from '../components/Common';
import { ProblemMessage } from '../components/Problem';
import { useI18n, type Lang } from '../i18n';
import { formatDate, formatMoney } from '../lib/format';
import { useAsync } from '../lib/useAsync';
import { SealArea, textIn, wordsIn } from '../print/PrintSheet';

export function NoticeTableSheet({ table, lang }: { table: NoticeTable; lang: Lang }) {
  const tx = textIn(lang);
  const t = wordsIn(lang);
  const issuer = `${table.issuer.name}${tx(table.issuer.department)}`;
  // The detail columns: every line any household has, in the order the process gives them.
  const columns = [...new Map(table.rows.flatMap((r) => r.details).map((d) => [d.key, d.title])).entries()];
  const period = (p: NoticeTable['rows'][number]['period']) => (p.from ? `${formatDate(p.from)} — ${p.to ? formatDate(p.to) : ''}` : '');
  return (
    <article className="print-sheet" data-testid="notice-table" data-village={table.village}>
      <h1>{t('print.tableHeading', { village: table.village, process: tx(table.processTitle), stage: tx(table.stage.title) })}</h1>
      <p className="print-text">{t('print.tableIntro', { count: table.rows.length, result: tx(table.result) })}</p>
      {table.rows.length === 0 ? (
        <p className="print-text" data-testid="notice-table-empty">{t('print.empty')}</p>
      ) : (
        <table className="print-table print-grid">
          <thead>
            <tr>
              <th>{t('print.rowNo')}</th>
              <th>{t('print.name')}</th>
              <th>{t('print.idNumber')}</th>
              <th>{t('print.householdSize')}</th>
              {columns.map(([key, title]) => <th key={key}>{tx(title)}</th>)}
              <th>{t('print.period')}</th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r, i) => (
              <tr key={r.caseNo} data-testid="notice-table-row">
                <td>{i + 1}</td>
                <td data-testid="notice-table-name">{r.nameMasked}</td>
                <td className="mono">{r.idNumberMasked}</td>
                <td>{r.householdSize ?? ''}</td>
                {columns.map(([key]) => {
                  const d = r.details.find((x) => x.key === key);
                  return <td key={key}>{d ? (typeof d.value === 'number' ? (d.money ? formatMoney(d.value, lang) : String(d.value)) : tx(d.value)) : ''}</td>;
                })}
                <td>{period(r.period)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="print-text">{t('print.objection', { issuer, hotline: table.hotline })}</p>
      <SealArea issuer={issuer} date={formatDate(table.printedAt)} lang={lang} />
    </article>
  );
}

export function NoticeTablePage({ processKey, state, villageCode }: { processKey: string; state: string; villageCode: string }) {
  const { t, lang, setLang } = useI18n();
  const table = useAsync(() => api.noticeTable(processKey, state, villageCode), [processKey, state, villageCode]);
  return (
    <div className="notice-page">
      <div className="notice-toolbar no-print">
        <button type="button" className="btn btn-small btn-ghost" onClick={() => window.history.back()} data-testid="notice-table-back">← {t('common.back')}</button>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{t('app.lang')}</button>
        <button type="button" className="btn btn-primary" onClick={() => window.print()} disabled={!table.data} data-testid="print-notice-table">{t('common.print')}</button>
      </div>
      <ProblemMessage error={table.error} />
      {table.loading && <Loading />}
      {table.data && <NoticeTableSheet table={table.data} lang={lang} />}
    </div>
  );
}
