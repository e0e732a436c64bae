/** Cases visible to the caller, with filters; `?mine=1` is the village clerk's "我的申请". */
import { useState } from 'react';
import { api } from '../api/endpoints';
import { CaseList } from '../components/CaseList';
import { ProblemMessage } from '../components/Problem';
import { FilterBar, LaneFilter, ProcessStateFilters } from '../components/Filters';
import { useI18n } from '../i18n';
import { navigate, useLocation } from '../router';

export function CasesPage() {
  const { t } = useI18n();
  const { search } = useLocation();
  const mine = search.get('mine') === '1';
  const [filters, setFilters] = useState({ processKey: '', state: '', lane: '', overdue: false });
  const [exportError, setExportError] = useState<unknown>(null);
  const query = {
    processKey: filters.processKey,
    state: filters.state,
    lane: filters.lane,
    overdue: filters.overdue ? 'true' : undefined,
    mine: mine ? 'true' : undefined,
  };
  return (
    <section className="card">
      <header className="card-head">
        <h1>{mine ? t('cases.mine') : t('cases.title')}</h1>
        <button type="button" className="btn btn-small" data-testid="cases-export"
          onClick={() => { setExportError(null); api.exportXlsx('cases', query).catch(setExportError); }}>{t('common.exportXlsx')}</button>
      </header>
      <ProblemMessage error={exportError} />
      <FilterBar onReset={() => setFilters({ processKey: '', state: '', lane: '', overdue: false })}>
        <ProcessStateFilters processKey={filters.processKey} state={filters.state} onChange={(p) => setFilters({ ...filters, ...p })} />
        <LaneFilter value={filters.lane} onChange={(lane) => setFilters({ ...filters, lane })} />
        <label className="filter filter-check">
          <input type="checkbox" name="overdue" data-testid="filter-overdue" checked={filters.overdue}
            onChange={(e) => setFilters({ ...filters, overdue: e.target.checked })} />
          <span>{t('cases.overdueOnly')}</span>
        </label>
        <label className="filter filter-check">
          <input type="checkbox" name="mine" data-testid="filter-mine" checked={mine}
            onChange={(e) => navigate(e.target.checked ? '/cases?mine=1' : '/cases', { replace: true })} />
          <span>{t('cases.mineOnly')}</span>
        </label>
      </FilterBar>
      <CaseList query={query} />
    </section>
  );
}
