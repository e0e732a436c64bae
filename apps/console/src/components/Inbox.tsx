/**
 * The caller's work queue: tasks sorted by the api (急难 first, then 三优, then due time), with lane
 * badges, 受理时间 and days waiting, the amount, due/overdue countdowns, the previous handler, and
 * claim/release — one by one or for the selected rows at once. It refreshes by itself (lib/live.ts)
 * and alerts on a new 急难 task; "导出 Excel" takes the current filter.
 */
import { useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import type { BatchClaimResult, Task, TaskPage } from '../api/types';
import { useI18n } from '../i18n';
import { formatDateTime, formatMoney } from '../lib/format';
import { alertEmergency, askNotificationPermission, newEmergencyTasks, shouldOfferNotifications, useLivePoll } from '../lib/live';
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
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [batch, setBatch] = useState<{ busy: boolean; result: BatchClaimResult | null; error: unknown }>({ busy: false, result: null, error: null });
  const [exportError, setExportError] = useState<unknown>(null);
  const [emergencies, setEmergencies] = useState(0);
  const [offerNotify, setOfferNotify] = useState(() =>
    shouldOfferNotifications(typeof Notification === 'undefined' ? undefined : Notification, typeof localStorage === 'undefined' ? undefined : localStorage));
  const seen = useRef<Set<string> | null>(null);

  useLivePoll(api.tasksIfChanged, filters, (page, first) => {
    const fresh = newEmergencyTasks(seen.current, page.items);
    seen.current = new Set(page.items.map((x) => x.id));
    if (first) return;
    list.reload();
    if (fresh.length > 0) {
      setEmergencies((n) => n + fresh.length);
      alertEmergency(fresh.length, t('inbox.newEmergency', { n: fresh.length }), t('inbox.newEmergencyBody'));
    }
  });

  const claimable = list.items.filter((x) => x.status === 'open');
  const toggle = (id: string) => setSelected((prev) => {
    const next = new Set(prev);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });
  const claimSelected = async () => {
    setBatch({ busy: true, result: null, error: null });
    try {
      const result = await api.claimMany([...selected]);
      setBatch({ busy: false, result, error: null });
      setSelected(new Set());
    } catch (e) {
      setBatch({ busy: false, result: null, error: e });
    }
    list.reload();
  };
  const failed = batch.result?.results.filter((r) => r.status !== 200) ?? [];

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
        <span className="head-actions">
          {offerNotify && (
            <button type="button" className="btn btn-small" data-testid="notify-on"
              onClick={() => { void askNotificationPermission().finally(() => setOfferNotify(false)); }}>{t('inbox.notifyOn')}</button>
          )}
          <button type="button" className="btn btn-small" data-testid="inbox-export"
            onClick={() => { setExportError(null); api.exportXlsx('tasks', filters).catch(setExportError); }}>{t('common.exportXlsx')}</button>
          <button type="button" className="btn btn-small" onClick={list.reload} data-testid="inbox-refresh">{t('common.refresh')}</button>
        </span>
      </header>
      {emergencies > 0 && (
        <p className="alert alert-error" role="alert" data-testid="emergency-alert">
          {t('inbox.newEmergency', { n: emergencies })}{' '}
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setEmergencies(0)}>{t('common.close')}</button>
        </p>
      )}
      <FilterBar onReset={() => setFilters(EMPTY)}>
        <ProcessStateFilters processKey={filters.processKey} state={filters.state} onlyTaskStates
          onChange={(p) => setFilters({ ...filters, ...p })} />
        <LaneFilter value={filters.lane} onChange={(lane) => setFilters({ ...filters, lane })} />
        <SelectFilter name="claimed" label={t('inbox.claimed')} value={filters.claimed}
          onChange={(claimed) => setFilters({ ...filters, claimed })}
          options={[['true', t('inbox.claimedYes')], ['false', t('inbox.claimedNo')]]} />
      </FilterBar>
      <ProblemMessage error={exportError} />
      <ProblemMessage error={list.error} />
      {selected.size > 0 && (
        <div className="batch-bar" data-testid="batch-bar">
          <button type="button" className="btn btn-primary btn-small" disabled={batch.busy} onClick={claimSelected} data-testid="batch-claim">
            {t('inbox.batchClaim', { n: selected.size })}
          </button>
        </div>
      )}
      <ProblemMessage error={batch.error} />
      {batch.result && (
        <div className={`alert ${failed.length ? "alert-warn" : "alert-ok"}`} data-testid="batch-result" role="status">
          {t('inbox.batchResult', { ok: batch.result.claimed })}
          {failed.length > 0 && (
            <>
              {'；'}{t('inbox.batchFailed', { n: failed.length })}
              <ul>{failed.map((r) => <li key={r.id} data-testid="batch-failed" data-status={r.status}>{r.detail}</li>)}</ul>
            </>
          )}
        </div>
      )}
      {list.items.length === 0 && !list.loading && !list.error && <Empty text={t('inbox.empty')} />}
      {list.items.length > 0 && (
        <table className="table responsive" data-testid="inbox-table">
          <thead>
            <tr>
              <th className="col-select">
                <input type="checkbox" aria-label={t('inbox.selectAll')} data-testid="select-all"
                  checked={claimable.length > 0 && claimable.every((x) => selected.has(x.id))}
                  onChange={(e) => setSelected(e.target.checked ? new Set(claimable.map((x) => x.id)) : new Set())} />
              </th>
              <th>{t('inbox.task')}</th>
              <th>{t('cases.applicant')}</th>
              <th>{t('cases.state')}</th>
              <th>{t('inbox.filedAt')}</th>
              <th>{t('inbox.amount')}</th>
              <th>{t('inbox.due')}</th>
              <th>{t('inbox.previousHandler')}</th>
              <th>{t('inbox.claimed')}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((task) => (
              <TaskRow key={task.id} task={task} onChanged={list.reload}
                selected={selected.has(task.id)} onSelect={task.status === 'open' ? () => toggle(task.id) : undefined} />
            ))}
          </tbody>
        </table>
      )}
      {list.loading && <Loading />}
      {list.hasMore && !list.loading && <button type="button" className="btn" onClick={list.loadMore} data-testid="load-more">{t('common.loadMore')}</button>}
    </section>
  );
}

function TaskRow({ task: listed, onChanged, selected, onSelect }: { task: Task; onChanged(): void; selected: boolean; onSelect?: () => void }) {
  const { t, tx, lang } = useI18n();
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
      <td className="col-select">
        {onSelect && <input type="checkbox" aria-label={t('inbox.select')} data-testid="select-task" checked={selected} onChange={onSelect} />}
      </td>
      <td data-label={t('inbox.task')}>
        <Link to={`/cases/${task.caseId}`} data-testid="open-case"><strong>{tx(task.title) || task.kind}</strong></Link>
        {!!task.urges && <span className="badge badge-warn urge-badge" data-testid="urged" title={task.lastUrge ? `${task.lastUrge.by}：${task.lastUrge.message}` : undefined}>{t('inbox.urged', { count: task.urges })}</span>}
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
      <td data-label={t('inbox.filedAt')} data-testid="filed-at">
        {formatDateTime(task.case?.filedAt)}
        {task.case?.waitingDays !== undefined && <div className="muted small" data-testid="waiting-days">{t('inbox.waitingDays')} {t('inbox.days', { n: task.case.waitingDays })}</div>}
      </td>
      <td data-label={t('inbox.amount')} data-testid="amount">
        {task.case?.amount ? <>{formatMoney(task.case.amount.amount, lang)}<div className="muted small">{tx(task.case.amount.title)}</div></> : '—'}
      </td>
      <td data-label={t('inbox.due')}><Countdown dueAt={task.dueAt} overdue={task.overdue} /></td>
      <td data-label={t('inbox.previousHandler')} data-testid="previous-handler">{task.case?.previousHandler?.displayName ?? '—'}</td>
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
