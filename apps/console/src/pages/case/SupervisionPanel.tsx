/**
 * 督办 on the case page, for the holder of a supervision task (an escalation, or a kind the
 * process declares): the supervised work — who holds it, when it was due, how often it was urged —
 * and the three things a supervisor does about it: 催办 (urge), 改派 (reassign to a colleague of the
 * task's role, chosen by name and open caseload) and 督办意见 (a written opinion on the case).
 * Everyone else sees nothing here.
 */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import type { CaseView, SupervisionOverview } from '../../api/types';
import { Countdown } from '../../components/Countdown';
import { ProblemWithErrors } from '../../components/Problem';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useSubmissionKeys } from '../../lib/idempotency';
import { useAsync } from '../../lib/useAsync';
import { FoldCard } from './FoldCard';

type Supervised = SupervisionOverview['supervised'][number];

/** One small form: a text and a submit, with an Idempotency-Key per submission and the api's problem shown. */
function useSubmit(send: (key: string) => Promise<unknown>, body: unknown, done: () => void) {
  const keys = useSubmissionKeys();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await send(keys.keyFor(body));
      keys.settle(true);
      done();
    } catch (err) {
      keys.settle(!(err instanceof ApiError && err.status === 0));
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit };
}

function UrgeForm({ caseId, task, done }: { caseId: string; task: Supervised; done(): void }) {
  const { t } = useI18n();
  const [message, setMessage] = useState('');
  const body = { taskId: task.id, message: message.trim() };
  const { busy, error, submit } = useSubmit((key) => api.urge(caseId, body, key), body, () => { setMessage(''); done(); });
  return (
    <form className="stack-tight" onSubmit={submit} data-testid={`urge-form-${task.id}`}>
      <label htmlFor={`urge-${task.id}`}>{t('supervision.urgeMessage')}</label>
      <textarea id={`urge-${task.id}`} rows={2} value={message} maxLength={500} onChange={(e) => setMessage(e.target.value)} data-testid="urge-message" />
      <ProblemWithErrors error={error} />
      <button type="submit" className="btn" disabled={busy || message.trim().length < 5} data-testid="urge-submit">{t('supervision.urge')}</button>
    </form>
  );
}

function ReassignForm({ caseId, task, done }: { caseId: string; task: Supervised; done(): void }) {
  const { t } = useI18n();
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const body = { taskId: task.id, toUsername: to, reason: reason.trim() };
  const { busy, error, submit } = useSubmit((key) => api.supervisorReassign(caseId, body, key), body, () => { setReason(''); done(); });
  if (task.assignee) return <p className="muted small">{t('supervision.assigneeOnly')}</p>;
  return (
    <form className="stack-tight" onSubmit={submit} data-testid={`reassign-form-${task.id}`}>
      <label htmlFor={`to-${task.id}`}>{t('supervision.reassignTo', { role: task.roleTitle, place: task.place })}</label>
      <select id={`to-${task.id}`} value={to} onChange={(e) => setTo(e.target.value)} data-testid="reassign-to">
        <option value="">{t('supervision.choose')}</option>
        {task.candidates.map((u) => (
          <option key={u.username} value={u.username}>{t('people.option', { name: u.displayName, count: u.openCases })}</option>
        ))}
      </select>
      <label htmlFor={`reason-${task.id}`}>{t('supervision.reason')}</label>
      <textarea id={`reason-${task.id}`} rows={2} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="reassign-reason" />
      <ProblemWithErrors error={error} />
      <button type="submit" className="btn" disabled={busy || !to || reason.trim().length < 5} data-testid="reassign-submit">{t('supervision.reassign')}</button>
    </form>
  );
}

function OpinionForm({ caseId, done }: { caseId: string; done(): void }) {
  const { t } = useI18n();
  const [opinion, setOpinion] = useState('');
  const body = { opinion: opinion.trim() };
  const { busy, error, submit } = useSubmit((key) => api.supervisionOpinion(caseId, body, key), body, () => { setOpinion(''); done(); });
  return (
    <form className="stack-tight" onSubmit={submit} data-testid="opinion-form">
      <label htmlFor="supervision-opinion">{t('supervision.opinion')}</label>
      <textarea id="supervision-opinion" rows={3} value={opinion} maxLength={2000} onChange={(e) => setOpinion(e.target.value)} data-testid="opinion-text" />
      <ProblemWithErrors error={error} />
      <button type="submit" className="btn btn-primary" disabled={busy || opinion.trim().length < 5} data-testid="opinion-submit">{t('supervision.sendOpinion')}</button>
    </form>
  );
}

/** `foldOnPhone`: on a phone the panel folds below the decision unless 督办 is the work in hand. */
export function SupervisionPanel({ view, onChanged, foldOnPhone = true }: { view: CaseView; onChanged(): void; foldOnPhone?: boolean }) {
  const { t, tx } = useI18n();
  const overview = useAsync(() => api.supervision(view.id), [view.id, view.revision]);
  const [flash, setFlash] = useState<string | null>(null);
  const o = overview.data;
  if (!o?.supervisor) return null;
  const done = (what: string) => () => {
    setFlash(what);
    overview.reload();
    onChanged();
  };
  return (
    <FoldCard title={t('supervision.title')} summary={t('fold.items', { n: o.supervised.length })} testId="supervision-panel" className="card-supervision" foldOnPhone={foldOnPhone}>
      {flash && <p className="alert alert-ok" role="status" data-testid="supervision-flash">{flash}</p>}
      {o.supervised.length === 0 && <p className="muted">{t('supervision.nothing')}</p>}
      {o.supervised.map((task) => (
        <section key={task.id} className="stack-tight supervised-task" data-testid="supervised-task" data-task-id={task.id}>
          <h3>{tx(task.title)} · {task.place}{task.roleTitle}</h3>
          <p className="small">
            {task.claimedBy ? t('supervision.heldBy', { name: task.claimedBy.displayName }) : t('supervision.unclaimed')}
            {' · '}<Countdown dueAt={task.dueAt} overdue={!!task.dueAt && new Date(task.dueAt) < new Date()} />
          </p>
          {task.urges > 0 && task.lastUrge && (
            <p className="small" data-testid="supervised-urges">
              {t('supervision.urged', { count: task.urges, at: formatDateTime(task.lastUrge.at), by: task.lastUrge.by })}：{task.lastUrge.message}
            </p>
          )}
          <div className="supervision-forms">
            <UrgeForm caseId={view.id} task={task} done={done(t('supervision.urgedOk'))} />
            <ReassignForm caseId={view.id} task={task} done={done(t('supervision.reassignedOk'))} />
          </div>
        </section>
      ))}
      <OpinionForm caseId={view.id} done={done(t('supervision.opinionOk'))} />
    </FoldCard>
  );
}
