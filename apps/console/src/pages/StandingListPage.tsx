/**
 * 长期公布: a village's standing public list of a process's beneficiaries (definition.standingList),
 * printable for the notice board: masked names, the lines the process adds (persons, amount …), since
 * when, the supervision hotline. Households leave it when they leave the listed states.
 */
import { api } from '../api/endpoints';
import { Loading } from '../components/Common';
import { ProblemMessage } from '../components/Problem';
import { useI18n } from '../i18n';
import { formatDate, formatMoney } from '../lib/format';
import { useAsync } from '../lib/useAsync';

export function StandingListPage({ processKey, villageCode }: { processKey: string; villageCode: string }) {
  const { t, tx, lang, setLang } = useI18n();
  const list = useAsync(() => api.standingList(processKey, villageCode), [processKey, villageCode]);
  const l = list.data;
  const columns = l?.items[0]?.details ?? [];

  return (
    <div className="notice-page">
      <div className="notice-toolbar no-print">
        <button type="button" className="btn btn-small btn-ghost" onClick={() => window.history.back()} data-testid="standing-back">← {t('common.back')}</button>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{t('app.lang')}</button>
        <button type="button" className="btn btn-primary" onClick={() => window.print()} disabled={!l} data-testid="print-standing-list">{t('common.print')}</button>
      </div>
      <ProblemMessage error={list.error} />
      {list.loading && <Loading />}
      {l && (
        <article className="notice-sheet" data-testid="standing-list">
          <h1>{l.village} {tx(l.title)}</h1>
          <p className="notice-intro">{t('standing.intro')}</p>
          {l.items.length === 0 ? (
            <p className="muted">{t('standing.empty')}</p>
          ) : (
            <table className="notice-table">
              <thead>
                <tr>
                  <th>{t('standing.name')}</th>
                  {columns.map((d) => <th key={d.key}>{tx(d.title)}</th>)}
                  <th>{t('standing.since')}</th>
                </tr>
              </thead>
              <tbody>
                {l.items.map((i) => (
                  <tr key={i.caseId} data-testid="standing-row">
                    <td>{i.name}</td>
                    {columns.map((c) => {
                      const d = i.details.find((x) => x.key === c.key);
                      return <td key={c.key}>{d === undefined ? '' : typeof d.value === 'number' ? (d.money ? formatMoney(d.value, lang) : String(d.value)) : tx(d.value)}</td>;
                    })}
                    <td>{i.since ? formatDate(i.since) : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>{t('notice.hotline')}：<strong>{l.hotline}</strong></p>
          <footer className="notice-footer">
            <p className="notice-issuer">{t('standing.issuer', { village: l.village })}</p>
          </footer>
        </article>
      )}
    </div>
  );
}
