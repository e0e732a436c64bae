/** SLA clocks (时限) with status, progress towards the due time, and timed events. */
import type { CaseView, Clock } from '../../api/types';
import { ClockBadge } from '../../components/Badges';
import { Countdown } from '../../components/Countdown';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { useSession } from '../../session';
import { FoldCard } from './FoldCard';

export function ClocksPanel({ view }: { view: CaseView }) {
  const { t, tx, label } = useI18n();
  const { process } = useSession();
  const def = process(view.processKey);
  if (view.clocks.length === 0 && view.deadlines.length === 0) return null;
  return (
    <FoldCard title={t('case.clocks')} summary={t('fold.items', { n: view.clocks.length + view.deadlines.length })} testId="clocks-panel">
      {view.clocks.map((c) => <ClockRow key={c.name} clock={c} />)}
      {view.deadlines.length > 0 && (
        <>
          <h3>{t('case.deadlines')}</h3>
          <ul className="plain">
            {view.deadlines.map((d) => (
              <li key={`${d.event}-${d.dueAt}`} data-testid="deadline" data-event={d.event} data-status={d.status}>
                {tx(def?.events.find((e) => e.type === d.event)?.title) || d.event}：{formatDateTime(d.dueAt)}{' '}
                <span className="muted small">{label('timer', d.status)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </FoldCard>
  );
}

function ClockRow({ clock }: { clock: Clock }) {
  const { t, tx } = useI18n();
  const now = useNow();
  const start = new Date(clock.startedAt).getTime();
  const due = new Date(clock.dueAt).getTime();
  const end = clock.stoppedAt ? new Date(clock.stoppedAt).getTime() : now;
  const pct = due > start ? Math.min(100, Math.max(0, ((end - start) / (due - start)) * 100)) : 100;
  const warnPct = clock.warnAt && due > start ? ((new Date(clock.warnAt).getTime() - start) / (due - start)) * 100 : null;
  const running = clock.status === 'running' || clock.status === 'warned';
  return (
    <div className={`clock clock-${clock.status}`} data-testid="sla-clock" data-clock={clock.name} data-status={clock.status}>
      <div className="clock-head">
        <strong>{tx(clock.title) || clock.name}</strong> <ClockBadge status={clock.status} />
        {running && <Countdown dueAt={clock.dueAt} overdue={clock.status === 'breached'} />}
      </div>
      <div className="progress" role="progressbar" aria-valuenow={Math.round(pct)} aria-valuemin={0} aria-valuemax={100}>
        <div className="progress-bar" style={{ width: `${pct}%` }} />
        {warnPct !== null && <div className="progress-warn" style={{ left: `${warnPct}%` }} />}
      </div>
      <div className="small muted">
        {t('case.started')} {formatDateTime(clock.startedAt)} · {t('case.dueAt')} {formatDateTime(clock.dueAt)}
        {clock.stoppedAt && <> · {t('case.stoppedAt')} {formatDateTime(clock.stoppedAt)}</>}
        {clock.basis && <> · {t('case.basis')}：{tx(clock.basis)}</>}
      </div>
    </div>
  );
}
