/**
 * The caller's work queue: tasks sorted by the api (急难 first, then 三优, then due time), with lane
 * badges, due/overdue countdowns and claim/release.
 */
import { useState } from 'react';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import type { Task, TaskPage } from '../api/types';
import { useI18n } from '../i18n';
import { usePaged } from '../lib/usePaged';
import { Link } from '../router';
import { useSession, useUser } from '../session';
import { LaneBadge, StateBadge } from './Badges';
import { Empty, Loading } from './Common';
import { Countdown } from './Countdown';
import { FilterBar, LaneFilter, ProcessStateFilters, SelectFilter } from './Filters';
import { ProblemMessage } from './Problem';

const EMPTY = { processKey: '', state: '', lane: '', claimed: '' };

export function Inbox() {
  const { t, label } = useI18n();
  const [filters, setFilters] = useState(EMPTY);
  const list = usePaged<Task, TaskPage>(api.tasks, filters);
  const counts = list.page?.counts;

  return (
    <section className="card" data-testid="inbox">
      <header className="card-head">
        <h2>{t('inbox.title')}</h2>
        {counts && (
          <div className="counts" data-testid="inbox-counts">
            <span className="badge lane-emergency" data-testid="count-emergency">{label('lane', 'emergency')} {counts.emergency}</span>
            <span className="badge lane-fast" data-testid="count-fast">{label('lane', 'fast')} {counts.fast}</span>
            <span className="badge badge-muted" data-testid="count-normal">{label('lane', 'normal')} {counts.normal}</span>
            <span className="badge badge-bad" data-testid="count-overdue">{t('inbox.overdueCount')} {counts.overdue}</span>
          </div>
        )}
        <button type="button" className="btn btn-small" onClick={list.reload} data-testid="inbox-refresh">{t('common.refresh')}</button>
      </header>
      <FilterBar onReset={() => setFilters(EMPTY)}>
        <ProcessStateFilters processKey={filters.processKey} state={filters.state} onlyTaskStates
          onChange={(p) => setFilters({ ...filters, ...p })} />
        <LaneFilter value={filters.lane} onChange={(lane) => setFilters({ ...filters, lane })} />
        <SelectFilter name="claimed" label={t('inbox.claimed')} value={filters.claimed}
          onChange={(claimed) => setFilters({ ...filters, claimed })}
          options={[['true', t('inbox.claimedYes')], ['false', t('inbox.claimedNo')]]} />
      </FilterBar>
      <ProblemMessage error={list.error} />
      {list.items.length === 0 && !list.loading && !list.error && <Empty text={t('inbox.empty')} />}
      {list.items.length > 0 && (
        <table className="table responsive" data-testid="inbox-table">
          <thead>
            <tr>
              <th>{t('inbox.task')}</th>
              <th>{t('cases.applicant')}</th>
              <th>{t('cases.state')}</th>
              <th>{t('inbox.due')}</th>
              <th>{t('inbox.claimed')}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((task) => <TaskRow key={task.id} task={task} onChanged={list.reload} />)}
          </tbody>
        </table>
      )}
      {list.loading && <Loading />}
      {list.hasMore && !list.loading && <button type="button" className="btn" onClick={list.loadMore} data-testid="load-more">{t('common.loadMore')}</button>}
    </section>
  );
}

function TaskRow({ task: listed, onChanged }: { task: Task; onChanged(): void }) {
  const { t, tx } = useI18n();
  const { process } = useSession();
  // The claim/release answer overrides the listed row until the list itself is reloaded.
  const [local, setLocal] = useState<{ base: Task; task: Task } | null>(null);
  const task = local && local.base === listed ? local.task : listed;
  const setTask = (next: Task) => setLocal({ base: listed, task: { ...listed, ...next } });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  return (
    <tr data-testid="inbox-row" data-task-id={task.id} data-case-id={task.caseId} data-lane={task.lane}
      data-status={task.status} className={`lane-row-${task.lane} ${task.overdue ? 'row-overdue' : ''}`}>
      <td data-label={t('inbox.task')}>
        <Link to={`/cases/${task.caseId}`} data-testid="open-case"><strong>{tx(task.title) || task.kind}</strong></Link>
        <div className="muted small">{tx(process(task.processKey)?.title) || task.processKey}</div>
      </td>
      <td data-label={t('cases.applicant')}>
        {task.case?.applicantName}
        <div className="muted small">{task.case?.villageName}</div>
      </td>
      <td data-label={t('cases.state')}>
        {task.case && <StateBadge processKey={task.processKey} state={task.case.state} title={task.case.stateTitle} />}{' '}
        <LaneBadge lane={task.lane} reason={task.laneReason} />
      </td>
      <td data-label={t('inbox.due')}><Countdown dueAt={task.dueAt} overdue={task.overdue} /></td>
      <td data-label={t('inbox.claimed')}>
        <ClaimControl task={task} busy={busy} onAction={async (action) => {
          setBusy(true);
          setError(null);
          try {
            setTask(await (action === 'claim' ? api.claim(task.id) : api.release(task.id)));
          } catch (e) {
            setError(e instanceof ApiError && e.status === 409 ? new Error(t('inbox.taken')) : e);
            onChanged();
          } finally {
            setBusy(false);
          }
        }} />
        <ProblemMessage error={error} />
      </td>
    </tr>
  );
}

/** Claim / release buttons for a task (also used on the case page). */
export function ClaimControl({ task, busy, onAction }: { task: Task; busy: boolean; onAction(a: 'claim' | 'release'): void }) {
  const { t } = useI18n();
  const user = useUser();
  // The case view names the claimer by user id (with claimedByName), the inbox by username.
  if (task.status === 'claimed' && task.claimedBy && task.claimedBy !== user.username && task.claimedBy !== user.id) {
    return <span className="muted" data-testid="claimed-by">{t('inbox.claimedBy', { name: task.claimedByName ?? task.claimedBy })}</span>;
  }
  if (task.status === 'claimed') {
    return (
      <span className="claim">
        <span className="badge badge-ok" data-testid="claimed-by">{t('inbox.claimedByMe')}</span>
        <button type="button" className="btn btn-small btn-ghost" disabled={busy} onClick={() => onAction('release')} data-testid="release-button">
          {t('inbox.release')}
        </button>
      </span>
    );
  }
  return (
    <button type="button" className="btn btn-small btn-primary" disabled={busy} onClick={() => onAction('claim')} data-testid="claim-button">
      {t('inbox.claim')}
    </button>
  );
}
