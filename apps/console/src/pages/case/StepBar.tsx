/**
 * The case's steps in one row (a column on phones): title, who acts, the deadline or time taken,
 * done / current / next. The full diagram stays one click away, closed by default.
 */
import type { CaseView, HistoryEntry, ProcessInfo } from '../../api/types';
import { Card } from '../../components/Common';
import { ProcessDiagram } from '../../diagram/ProcessDiagram';
import { useI18n } from '../../i18n';
import { formatDateTime, formatDuration } from '../../lib/format';
import { buildSteps } from './steps';

export function StepBar({ view, def, history, visited }: {
  view: CaseView;
  def: ProcessInfo;
  history: HistoryEntry[];
  visited: Set<string>;
}) {
  const { t, tx, label } = useI18n();
  const steps = buildSteps(def, view.state, history, view.filedAt);
  const span = (ms: number) => formatDuration(ms, (u, n) => t(u === 'd' ? 'due.d' : u === 'h' ? 'due.h' : 'due.m', { n }));
  const due = view.openTasks.find((task) => task.dueAt)?.dueAt
    ?? view.clocks.find((k) => !k.stoppedAt && k.status !== 'met')?.dueAt;
  return (
    <Card title={t('steps.title')} testId="step-bar">
      <ol className="steps">
        {steps.map((s, i) => {
          const state = def.states.find((x) => x.id === s.state);
          const role = state?.task?.role;
          return (
            <li key={`${s.state}-${i}`} className={`step step-${s.status} ${steps[i + 1]?.status === 'current' ? 'step-last-done' : ''}`} data-testid="step" data-state={s.state} data-status={s.status}>
              <span className="step-mark" aria-hidden="true">{s.status === 'done' ? '✓' : i + 1}</span>
              <span className="step-body">
                <strong>{tx(state?.title) || s.state}</strong>
                <span className="small muted">
                  {t(`steps.${s.status}` as const)}
                  {role && <> · {label('role', role)}</>}
                  {s.status === 'done' && s.enteredAt && s.leftAt && <> · {t('steps.took', { d: span(Date.parse(s.leftAt) - Date.parse(s.enteredAt)) })}</>}
                  {s.status === 'current' && s.enteredAt && <> · {t('steps.elapsed', { d: span(Date.now() - Date.parse(s.enteredAt)) })}</>}
                  {s.status === 'current' && due && <> · {t('steps.due', { at: formatDateTime(due) })}</>}
                </span>
              </span>
            </li>
          );
        })}
      </ol>
      <details className="diagram-toggle" data-testid="diagram-card">
        <summary data-testid="show-diagram">{t('steps.showDiagram')}</summary>
        <ProcessDiagram process={def} current={view.state} visited={visited} />
      </details>
    </Card>
  );
}
