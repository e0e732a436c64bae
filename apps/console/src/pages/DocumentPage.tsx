/**
 * A printed form of a case (申请审批表, 受理回执, 决定书 …) on an A4 page: what it says is the
 * process's (definition.documents) as the api resolved it; PrintSheet lays out any of them.
 * Rendered without the app shell; the toolbar is hidden when printing.
 */
import { api } from '../api/endpoints';
import { Loading } from '../components/Common';
import { ProblemMessage } from '../components/Problem';
import { useI18n } from '../i18n';
import { useAsync } from '../lib/useAsync';
import { PrintSheet } from '../print/PrintSheet';
import { Link } from '../router';

export function DocumentPage({ caseId, documentKey }: { caseId: string; documentKey: string }) {
  const { t, lang, setLang } = useI18n();
  const doc = useAsync(() => api.document(caseId, documentKey), [caseId, documentKey]);
  return (
    <div className="notice-page">
      <div className="notice-toolbar no-print">
        <Link to={`/cases/${caseId}`} className="btn btn-small btn-ghost" data-testid="document-back">← {t('common.back')}</Link>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{t('app.lang')}</button>
        <button type="button" className="btn btn-primary" onClick={() => window.print()} disabled={!doc.data} data-testid="print-document">{t('common.print')}</button>
      </div>
      <ProblemMessage error={doc.error} />
      {doc.loading && <Loading />}
      {doc.data && <PrintSheet doc={doc.data} lang={lang} />}
    </div>
  );
}
