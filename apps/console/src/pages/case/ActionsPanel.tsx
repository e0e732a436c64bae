/** One generated form per event the caller may send now (the api's availableEvents). */
import type { CaseView, ProcessInfo } from '../../api/types';
import { Card } from '../../components/Common';
import { useI18n } from '../../i18n';
import { EventForm } from '../../schema-form/EventForm';

export function ActionsPanel({ view, def, send }: {
  view: CaseView;
  def: ProcessInfo | undefined;
  send(type: string, payload: Record<string, unknown>): Promise<void>;
}) {
  const { t } = useI18n();
  const events = view.availableEvents
    .map((type) => def?.events.find((e) => e.type === type) ?? { type, title: { zh: type, en: type }, payload: {}, actors: [] })
    .filter((e) => e.actors !== 'system');
  return (
    <Card title={t('case.actions')} testId="actions-panel">
      {events.length === 0 && <p className="muted" data-testid="no-actions">{t('case.noActions')}</p>}
      <div className="event-forms">
        {events.map((e) => (
          // Keyed by revision too: a new revision starts each form afresh.
          <EventForm key={`${e.type}-${view.revision}`} event={e} processKey={view.processKey} caseId={view.id} onSubmit={(p) => send(e.type, p)} />
        ))}
      </div>
    </Card>
  );
}
