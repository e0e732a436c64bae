/**
 * 打印文书: the forms the api says this user may print for the case now (definition.documents), and
 * while the case is in a notice stage, the village's 公示 table for that stage. No form is named here.
 */
import { api } from '../../api/endpoints';
import type { CaseView, ProcessInfo } from '../../api/types';
import { useI18n } from '../../i18n';
import { useAsync } from '../../lib/useAsync';
import { Link } from '../../router';
import { FoldCard } from './FoldCard';

export function DocumentsPanel({ view, def }: { view: CaseView; def: ProcessInfo | undefined }) {
  const { t, tx } = useI18n();
  const docs = useAsync(() => api.documents(view.id), [view.id, view.revision]);
  const items = docs.data?.items ?? [];
  const noticeStage = def?.notices?.[view.state] ? def.states.find((s) => s.id === view.state) : undefined;
  if (items.length === 0 && !noticeStage) return null;
  return (
    <FoldCard title={t('print.documents')} summary={t('fold.files', { n: items.length + (noticeStage ? 1 : 0) })} testId="documents-panel">
      <div className="tiles">
        {items.map((d) => (
          <Link key={d.key} to={`/cases/${view.id}/documents/${d.key}`} className="btn" data-testid={`document-link-${d.key}`}>{tx(d.title)}</Link>
        ))}
        {noticeStage && (
          <Link
            to={`/notice-tables/${view.processKey}/${view.state}/${view.jurisdiction.villageCode}`}
            className="btn"
            data-testid="notice-table-link"
          >
            {t('print.noticeTable', { stage: tx(noticeStage.title) })}
          </Link>
        )}
      </div>
    </FoldCard>
  );
}
