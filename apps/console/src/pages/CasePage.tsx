/**
 * The case page for a day's work: the step bar (the diagram one click away), then the evidence the
 * decision rests on above the decision panel (同意 / 不同意 / 退回), open tasks; beside them the
 * applicant, filing data, documents (材料), SLA clocks, payments, notices and the timeline. Every
 * value is shown in words from the process definition or as a person's display name.
 */
import { useMemo, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import type { CaseView, HistoryEntry, Task } from '../api/types';
import { FlagChip, LaneBadge, StateBadge } from '../components/Badges';
import { Card, KeyValues, Loading } from '../components/Common';
import { ClaimControl } from '../components/Inbox';
import { ProblemMessage } from '../components/Problem';
import { ValueView } from '../components/ValueView';
import { useI18n } from '../i18n';
import { formatDateTime, shortId } from '../lib/format';
import { SubmissionKeys } from '../lib/idempotency';
import { outcomeOf } from '../lib/processWords';
import { useAsync } from '../lib/useAsync';
import { Link, useLocation } from '../router';
import { useSession, useUser } from '../session';
import { DecisionPanel } from './case/DecisionPanel';
import { EvidencePanel, useEvidenceWords } from './case/EvidencePanel';
import { valueInWords } from './case/evidence';
import { StepBar } from './case/StepBar';
import { FoldCard, usePhoneWidth } from './case/FoldCard';
import { ApplicantPanel } from './case/ApplicantPanel';
import { AttachmentsPanel } from './case/AttachmentsPanel';
import { CasesAboutPanel, SubjectPanel } from './case/SubjectPanel';
import { ClocksPanel } from './case/ClocksPanel';
import { PaymentsPanel } from './case/PaymentsPanel';
import { DocumentsPanel } from './case/DocumentsPanel';
import { SupervisionPanel } from './case/SupervisionPanel';
import { Timeline } from './case/Timeline';

export function CasePage({ id }: { id: string }) {
  const { t, tx } = useI18n();
  const { process } = useSession();
  const { search } = useLocation();
  const caseView = useAsync(() => api.case(id), [id]);
  const history = useAsync(() => api.history(id), [id]);
  const [flash, setFlash] = useState<{ ok: boolean; text: string } | null>(
    search.get('filed') ? { ok: true, text: t('filing.submitted') } : null,
  );
  const keys = useRef(new Map<string, SubmissionKeys>());
  const phone = usePhoneWidth();
  const words = useEvidenceWords(caseView.data ?? ({ processKey: '', people: {} } as unknown as CaseView), caseView.data ? process(caseView.data.processKey) : undefined);

  const view = caseView.data;
  const def = view ? process(view.processKey) : undefined;
  const visited = useMemo(() => {
    const s = new Set<string>();
    for (const h of history.data?.items ?? []) {
      if (h.fromState) s.add(h.fromState);
      if (h.toState) s.add(h.toState);
    }
    return s;
  }, [history.data]);

  if (caseView.error) return <ProblemMessage error={caseView.error} />;
  if (!view) return <Loading />;

  const send = async (type: string, payload: Record<string, unknown>) => {
    const k = keys.current.get(type) ?? new SubmissionKeys();
    keys.current.set(type, k);
    const body = { type, payload, expectedRevision: view.revision };
    try {
      const next = await api.sendEvent(view.id, body, k.keyFor(body));
      k.settle(true);
      caseView.setData(next);
      history.reload();
      setFlash({ ok: true, text: t('case.sent', { event: tx(def?.events.find((e) => e.type === type)?.title) || type }) });
    } catch (e) {
      k.settle(!(e instanceof ApiError && e.status === 0));
      if (e instanceof ApiError && e.status === 409) {
        // The reload remounts the forms (new revision), so the message lives on the page.
        setFlash({ ok: false, text: t('case.conflict') });
        caseView.reload();
        history.reload();
      } else {
        setFlash(null);
      }
      throw e;
    }
  };

  // Notice (公示) stages are the process's (definition.notices): those the case has been in can be printed.
  const notices = (def?.states ?? []).filter((s) => !!def?.notices?.[s.id] && (visited.has(s.id) || s.id === view.state));
  const outcome = view.outcome ? outcomeOf(def, view.outcome) : null;
  const filedBy = filerName(view.filedBy, history.data?.items);
  // On a phone the decision comes right after the evidence and the 督办 panel folds below it, unless
  // 督办 is the work in hand here (nothing to decide on the case itself).
  const supervisionInHand = view.availableEvents.length === 0;
  const supervisionBelow = phone && !supervisionInHand;
  const supervision = (
    <SupervisionPanel view={view} foldOnPhone={!supervisionInHand} onChanged={() => { caseView.reload(); history.reload(); }} />
  );

  return (
    <div className="stack" data-testid="case-page" data-case-id={view.id} data-state={view.state} data-revision={view.revision}>
      <header className="case-head">
        <div>
          <p className="muted small">{tx(def?.title) || view.processKey} · <span className="mono" title={view.id}>{shortId(view.id)}</span></p>
          <h1>
            {view.applicant ? view.applicant.name : tx(def?.title)}{' '}
            <StateBadge processKey={view.processKey} state={view.state} title={view.stateTitle} />{' '}
            <LaneBadge lane={view.lane} reason={view.laneReason} />
          </h1>
          {view.laneReason && <p className="small" data-testid="lane-reason">{t('case.laneReason')}：{tx(view.laneReason)}</p>}
          {view.outcome && <p data-testid="case-outcome"><strong>{t('case.outcome')}：</strong>{tx(outcome?.title) || view.outcome}</p>}
        </div>
        <button type="button" className="btn btn-small" onClick={() => { caseView.reload(); history.reload(); }} data-testid="case-refresh">
          {t('common.refresh')}
        </button>
      </header>
      {flash && (
        <p className={`alert ${flash.ok ? 'alert-ok' : 'alert-error'}`} role={flash.ok ? 'status' : 'alert'} data-testid="flash" data-ok={flash.ok ? 'true' : 'false'}>
          {flash.text}
        </p>
      )}
      {view.flags.length > 0 && (
        <div className="flags-row" data-testid="case-flags">
          {view.flags.map((f, i) => <FlagChip key={`${f.code}-${i}`} code={f.code} title={`${formatDateTime(f.at)} ${valueInWords(f.detail ?? {}, words)}`} />)}
        </div>
      )}
      {def && <StepBar view={view} def={def} history={history.data?.items ?? []} visited={visited} />}
      <div className="case-grid">
        <div className="stack">
          {!supervisionBelow && supervision}
          {view.availableEvents.length > 0 && <EvidencePanel view={view} def={def} history={history.data?.items} />}
          <DecisionPanel view={view} def={def} send={send} />
          {supervisionBelow && supervision}
          {view.openTasks.length > 0 && <TasksPanel tasks={view.openTasks} onChanged={caseView.reload} />}
          {(view.openCasesAbout ?? []).length > 0 && <CasesAboutPanel view={view} />}
          <ClocksPanel view={view} />
          <PaymentsPanel view={view} />
        </div>
        <div className="stack">
          {view.applicant ? <ApplicantPanel view={view} /> : <SubjectPanel view={view} />}
          <FoldCard title={t('case.filing')} testId="filing-data">
            <ValueView value={view.data} processKey={view.processKey} people={view.people} places={view.places} />
            <KeyValues rows={[
              [t('case.filedBy'), filedBy],
              [t('cases.filedAt'), formatDateTime(view.filedAt)],
              [t('cases.updatedAt'), formatDateTime(view.updatedAt)],
              [t('case.revision'), String(view.revision)],
            ]} />
          </FoldCard>
          <AttachmentsPanel caseId={view.id} revision={view.revision} onAdded={history.reload} />
          <DocumentsPanel view={view} def={def} />
          {notices.length > 0 && (
            <Card title={t('case.notices')} testId="notice-links">
              <div className="tiles">
                {notices.map((s) => (
                  <Link key={s.id} to={`/cases/${view.id}/notices/${s.id}`} className="btn" data-testid={`notice-link-${s.id}`}>
                    {t('case.noticePrint', { stage: tx(s.title) })}
                  </Link>
                ))}
                {def?.standingList && (
                  <Link to={`/standing-lists/${view.processKey}/${view.jurisdiction.villageCode}`} className="btn" data-testid="standing-list-link">
                    {tx(def.standingList.title)}
                  </Link>
                )}
              </div>
            </Card>
          )}
          {Object.keys(view.context ?? {}).length > 0 && (
            <FoldCard title={t('case.context')} testId="case-context">
              <ValueView value={view.context} processKey={view.processKey} people={view.people} places={view.places} />
            </FoldCard>
          )}
          {history.error ? <ProblemMessage error={history.error} /> : <Timeline items={history.data?.items ?? []} def={def} people={view.people} places={view.places} />}
        </div>
      </div>
    </div>
  );
}

/**
 * Who filed the case. The api's case view gives the filer's user id; the history's FILE entry
 * names the same person, so the name comes from there (the id is only a fallback).
 */
export function filerName(filedBy: CaseView['filedBy'], history: HistoryEntry[] | undefined): string {
  if (typeof filedBy === 'object' && filedBy) return filedBy.displayName ?? filedBy.username;
  const filing = history?.find((h) => h.action === 'FILE' || h.seq === 1);
  return filing?.actor?.displayName ?? filing?.actor?.username ?? shortId(String(filedBy ?? ''));
}

function TasksPanel({ tasks, onChanged }: { tasks: Task[]; onChanged(): void }) {
  const { t, tx, label } = useI18n();
  const user = useUser();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const act = async (task: Task, action: 'claim' | 'release') => {
    setBusy(true);
    setError(null);
    try {
      await (action === 'claim' ? api.claim(task.id) : api.release(task.id));
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? new Error(t('inbox.taken')) : e);
    } finally {
      setBusy(false);
      onChanged();
    }
  };
  return (
    <Card title={t('case.tasks')} testId="case-tasks">
      <ul className="plain">
        {tasks.map((task) => (
          <li key={task.id} data-testid="case-task" data-task-id={task.id} data-status={task.status} className="task-line">
            <span>{tx(task.title) || task.kind} <span className="muted small">{label('role', task.role)}</span></span>
            {user.roles.includes(task.role)
              ? <ClaimControl task={task} busy={busy} onAction={(a) => act(task, a)} />
              : <span className="muted small" data-testid="task-claimed-by">
                  {task.claimedBy ? (task.claimedByName ? t('inbox.claimedBy', { name: task.claimedByName }) : t('case.claimedBySomeone')) : t('inbox.claimedNo')}
                </span>}
          </li>
        ))}
      </ul>
      <ProblemMessage error={error} />
    </Card>
  );
}
