/** A table of cases (state badge, lane, applicant masked, dates), cursor-paged. */
import type { Query } from '../api/client';
import { api } from '../api/endpoints';
import type { CaseSummary, Page } from '../api/types';
import { useI18n } from '../i18n';
import { formatDateTime, shortId } from '../lib/format';
import { useLivePoll } from '../lib/live';
import { usePaged } from '../lib/usePaged';
import { Link } from '../router';
import { useSession } from '../session';
import { FlagChip, LaneBadge, StateBadge } from './Badges';
import { Empty, Loading } from './Common';
import { ProblemMessage } from './Problem';

export function CaseList({ query, testId = 'case-list' }: { query: Query; testId?: string }) {
  const { t, tx } = useI18n();
  const { process } = useSession();
  const list = usePaged<CaseSummary, Page<CaseSummary>>(api.cases, query);
  // Refreshes by itself when the first page changes (a new filing, a case moving on): lib/live.ts.
  useLivePoll(api.casesIfChanged, query, (_page, first) => {
    if (!first) list.reload();
  });

  return (
    <div data-testid={testId}>
      <ProblemMessage error={list.error} />
      {list.items.length === 0 && !list.loading && !list.error && <Empty />}
      {list.items.length > 0 && (
        <table className="table responsive">
          <thead>
            <tr>
              <th>{t('cases.applicant')}</th>
              <th>{t('cases.process')}</th>
              <th>{t('cases.state')}</th>
              <th>{t('cases.village')}</th>
              <th>{t('cases.filedAt')}</th>
              <th>{t('cases.updatedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((c) => (
              <tr key={c.id} data-testid="case-row" data-case-id={c.id} data-state={c.state} className={c.overdue ? 'row-overdue' : ''}>
                <td data-label={t('cases.applicant')}>
                  {/* A case about another case has no applicant: its number instead. */}
                  <Link to={`/cases/${c.id}`} data-testid="open-case">{c.applicant ? c.applicant.name : shortId(c.id)}</Link>
                  {c.applicant && <div className="muted mono small">{c.applicant.idNumberMasked}</div>}
                </td>
                <td data-label={t('cases.process')}>{tx(process(c.processKey)?.title) || c.processKey}</td>
                <td data-label={t('cases.state')}>
                  <StateBadge processKey={c.processKey} state={c.state} title={c.stateTitle} /> <LaneBadge lane={c.lane} />
                  {c.flags.map((f) => <FlagChip key={f} code={f} />)}
                </td>
                <td data-label={t('cases.village')}>{c.villageName}</td>
                <td data-label={t('cases.filedAt')}>{formatDateTime(c.filedAt)}</td>
                <td data-label={t('cases.updatedAt')}>{formatDateTime(c.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.loading && <Loading />}
      {list.hasMore && !list.loading && (
        <button type="button" className="btn" onClick={list.loadMore} data-testid="load-more">{t('common.loadMore')}</button>
      )}
    </div>
  );
}
