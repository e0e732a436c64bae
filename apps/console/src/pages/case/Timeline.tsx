/** The case's history (its audit entries) as a timeline. */
import type { HistoryEntry, ProcessInfo } from '../../api/types';
import { useState } from 'react';
import { Empty } from '../../components/Common';
import { RecordDetail } from '../../components/RecordDetail';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { FoldCard } from './FoldCard';

export function actionTitle(action: string, def: ProcessInfo | undefined, i18n: ReturnType<typeof useI18n>): string {
  const ev = def?.events.find((e) => e.type === action);
  if (ev) return i18n.tx(ev.title) || action;
  return i18n.maybe(`action.${action}`) ?? i18n.maybe(`action.${action.replace(/[.:]/g, '_')}`) ?? action;
}

export function stateTitle(state: string | null, def: ProcessInfo | undefined, tx: ReturnType<typeof useI18n>['tx']): string {
  if (!state) return '';
  return tx(def?.states.find((s) => s.id === state)?.title) || state;
}

/** Entries written by the system (registry lookups, timers, jobs) name the actor "system". */
export function isSystemActor(actor: { username: string } | string | null | undefined): boolean {
  const username = typeof actor === 'string' ? actor : actor?.username;
  return !username || username === 'system';
}

/** The latest entries shown at first; the rest one click away (a long case's history is pages long). */
const RECENT = 6;

/** `people`, `places`: display names of the usernames entries name (an assigned lawyer), names of jurisdiction codes (责任单位). */
export function Timeline({ items, def, people, places }: {
  items: HistoryEntry[]; def: ProcessInfo | undefined; people?: Record<string, string>; places?: Record<string, string>;
}) {
  const i18n = useI18n();
  const { t, tx, label } = i18n;
  const [all, setAll] = useState(false);
  const hidden = all ? 0 : Math.max(0, items.length - RECENT);
  return (
    <FoldCard title={t('case.timeline')} summary={t('fold.entries', { n: items.length })} testId="timeline">
      {items.length === 0 && <Empty />}
      {hidden > 0 && (
        <button type="button" className="btn btn-small btn-ghost" onClick={() => setAll(true)} data-testid="timeline-all">
          {t('case.timelineAll', { n: items.length })}
        </button>
      )}
      <ol className="timeline">
        {items.slice(hidden).map((h) => {
          const hasPayload = !!h.payload && typeof h.payload === 'object' && Object.keys(h.payload).length > 0;
          return (
            <li key={h.seq} data-testid="timeline-entry" data-seq={h.seq} data-action={h.action}>
              <div className="timeline-head">
                <strong>{actionTitle(h.action, def, i18n)}</strong>
                {h.toState && h.toState !== h.fromState && (
                  <span className="muted small">
                    {' '}{stateTitle(h.fromState, def, tx)} → {stateTitle(h.toState, def, tx)}
                  </span>
                )}
              </div>
              <div className="small muted">
                <time dateTime={h.at}>{formatDateTime(h.at)}</time> · {isSystemActor(h.actor) ? t('common.system') : (h.actor?.displayName ?? h.actor?.username)}
                {h.role && <> · {label('role', h.role)}</>}
                <span className="mono hash" title={h.hash}> #{h.seq} {h.hash?.slice(0, 10)}</span>
              </div>
              {hasPayload && (
                <details className="payload">
                  <summary>{t('common.details')}</summary>
                  <RecordDetail detail={h.payload} processKey={def?.key} people={people} places={places} />
                </details>
              )}
            </li>
          );
        })}
      </ol>
    </FoldCard>
  );
}
