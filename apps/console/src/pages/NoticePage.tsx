/**
 * 公示: a printable A4 notice for a village notice board — the applicant (masked), the stage
 * result and the lines the process adds (a grade, an amount …), the notice period, the supervision
 * hotline (监督电话) and who issues it. What a notice says is the process's (its definition's
 * notices), served with the notice. Rendered without the app shell; the toolbar is hidden when printing.
 */
import { api } from '../api/endpoints';
import type { Notice, Text } from '../api/types';
import { Loading } from '../components/Common';
import { ProblemMessage } from '../components/Problem';
import { useI18n } from '../i18n';
import { formatDate, formatMoney, shortId } from '../lib/format';
import { useAsync } from '../lib/useAsync';
import { Link } from '../router';
import { useSession } from '../session';

const nameOf = (x: Notice['village']) => (typeof x === 'string' ? x : x?.name ?? '');

/** Who publishes the notice: the office the process names, of the case's node at its level (闫那里村村民委员会). */
export function issuerOf(n: Notice, t: ReturnType<typeof useI18n>['t'], tx: ReturnType<typeof useI18n>['tx']): string {
  return t('notice.issuer', { name: n.issuer.name, dept: tx(n.issuer.department) });
}

export function NoticePage({ caseId, state }: { caseId: string; state: string }) {
  const { t, tx, lang, setLang } = useI18n();
  const { process } = useSession();
  const notice = useAsync(() => api.notice(caseId, state), [caseId, state]);

  const n = notice.data;
  const def = n ? process(n.processKey) : undefined;
  const stage = n ? (typeof n.stage.title === 'string' ? n.stage.title : tx(n.stage.title as Text)) : '';
  const issuer = n ? issuerOf(n, t, tx) : '';

  return (
    <div className="notice-page">
      <div className="notice-toolbar no-print">
        <Link to={`/cases/${caseId}`} className="btn btn-small btn-ghost" data-testid="notice-back">← {t('common.back')}</Link>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{t('app.lang')}</button>
        <button type="button" className="btn btn-primary" onClick={() => window.print()} disabled={!n} data-testid="print-notice">{t('common.print')}</button>
      </div>
      <ProblemMessage error={notice.error} />
      {notice.loading && <Loading />}
      {n && (
        <article className="notice-sheet" data-testid="notice" data-state={n.stage.state}>
          <h1>{t('notice.heading', { process: tx(def?.title) || n.processKey, stage })}</h1>
          <p className="notice-intro">{t('notice.intro')}</p>
          <table className="notice-table">
            <tbody>
              <tr><th>{t('notice.applicant')}</th><td data-testid="notice-applicant">{n.applicant.name}</td></tr>
              <tr><th>{t('notice.idNumber')}</th><td className="mono" data-testid="notice-id">{n.applicant.idNumberMasked}</td></tr>
              <tr><th>{t('notice.address')}</th><td>{nameOf(n.county)} {nameOf(n.township)} {nameOf(n.village)}</td></tr>
              <tr><th>{t('notice.result')}</th><td data-testid="notice-result">{typeof n.result === 'string' ? n.result : tx(n.result)}</td></tr>
              {(n.details ?? []).map((d) => (
                <tr key={d.key}>
                  <th>{tx(d.title)}</th>
                  <td data-testid={`notice-${d.key}`}>
                    {typeof d.value === 'number' ? (d.money ? formatMoney(d.value, lang) : String(d.value)) : tx(d.value)}
                  </td>
                </tr>
              ))}
              <tr>
                <th>{t('notice.period')}</th>
                <td data-testid="notice-period">
                  {n.period.to
                    ? t('notice.periodValue', { from: formatDate(n.period.from), to: formatDate(n.period.to) })
                    : t('notice.periodFrom', { from: formatDate(n.period.from) })}
                </td>
              </tr>
              <tr><th>{t('notice.hotline')}</th><td data-testid="notice-hotline"><strong>{n.hotline}</strong></td></tr>
            </tbody>
          </table>
          <p className="notice-objection">{t('notice.objection')}</p>
          <footer className="notice-footer">
            <p className="notice-issuer">{issuer}</p>
            <p>{t('notice.date', { date: formatDate(n.period.from) })}</p>
            <p className="muted small">{t('notice.caseNo', { id: shortId(n.caseId) })}</p>
          </footer>
        </article>
      )}
    </div>
  );
}
