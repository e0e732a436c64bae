/**
 * The decisions the caller may take now (the api's availableEvents), grouped by what they do —
 * 同意 / 不同意 / 退回, then other actions and withdrawal — one panel shown at a time so the officer
 * reads one form, not every possible one. Each form carries the case's limits and prefilled amounts
 * (view.eventHints); approving money and withdrawing ask for a confirmation first.
 */
import { useRef, useState } from 'react';
import type { CaseView, ProcessEvent, ProcessInfo } from '../../api/types';
import { Card } from '../../components/Common';
import { ConfirmDialog } from '../../components/Dialog';
import { useI18n } from '../../i18n';
import { EventForm } from '../../schema-form/EventForm';
import { useLabels } from '../../schema-form/labels';
import { groupDecisions, moneyFields, needsConfirmation, type DecisionKind } from './decision';

interface Pending {
  event: ProcessEvent;
  payload: Record<string, unknown>;
  money: Array<[string, number]>;
}

export function DecisionPanel({ view, def, send }: {
  view: CaseView;
  def: ProcessInfo | undefined;
  send(type: string, payload: Record<string, unknown>): Promise<void>;
}) {
  const { t, tx } = useI18n();
  const labels = useLabels(view.processKey);
  const events = view.availableEvents
    .map((type) => def?.events.find((e) => e.type === type))
    .filter((e): e is ProcessEvent => !!e && e.actors !== 'system');
  const groups = groupDecisions(events);
  const [chosen, setChosen] = useState<DecisionKind | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const answer = useRef<((ok: boolean) => void) | null>(null);
  const current = groups.find((g) => g.kind === chosen) ?? groups[0];

  const confirmFor = (event: ProcessEvent) => {
    const hints = view.eventHints?.[event.type];
    if (!needsConfirmation(event, hints)) return undefined;
    return (payload: Record<string, unknown>) => new Promise<boolean>((resolve) => {
      const money = moneyFields(event.payload, hints)
        .filter((k) => typeof payload[k] === 'number')
        .map((k) => [k, payload[k] as number] as [string, number]);
      answer.current = resolve;
      setPending({ event, payload, money });
    });
  };
  const close = (ok: boolean) => {
    answer.current?.(ok);
    answer.current = null;
    setPending(null);
  };

  return (
    <Card title={t('decision.title')} testId="actions-panel">
      {groups.length === 0 && <p className="muted" data-testid="no-actions">{t('case.noActions')}</p>}
      {groups.length > 1 && (
        <div className="decision-choices" role="radiogroup" aria-label={t('decision.choose')}>
          {groups.map((g) => (
            <button key={g.kind} type="button" role="radio" aria-checked={g === current}
              className={`btn decision-choice decision-${g.kind} ${g === current ? 'is-chosen' : ''}`}
              data-testid={`decision-choice-${g.kind}`} onClick={() => setChosen(g.kind)}>
              {t(`decision.kind.${g.kind}` as const)}
            </button>
          ))}
        </div>
      )}
      {current && (
        <div className="event-forms" data-testid={`decision-${current.kind}`} data-kind={current.kind}>
          {current.events.map((e) => (
            // Keyed by revision too: a new revision starts each form afresh (and with the new hints).
            <EventForm key={`${e.type}-${view.revision}`} event={e} processKey={view.processKey} caseId={view.id}
              hints={view.eventHints?.[e.type]} confirm={confirmFor(e)} onSubmit={(p) => send(e.type, p)} />
          ))}
        </div>
      )}
      {pending && (
        <ConfirmDialog
          testId="decision-confirm"
          title={t('decision.confirmTitle', { event: tx(pending.event.title) })}
          danger={pending.money.length === 0}
          confirmLabel={t('decision.confirmOk')}
          message={
            <div>
              <p>{t(pending.money.length > 0 ? 'decision.confirmMoney' : 'decision.confirmWithdraw', { event: tx(pending.event.title) })}</p>
              {pending.money.length > 0 && (
                <dl className="kv" data-testid="decision-confirm-amounts">
                  {pending.money.map(([k, v]) => (
                    <div className="kv-row" key={k}><dt>{labels.field(k)}</dt><dd><strong>{v.toLocaleString('en-US')} 元</strong></dd></div>
                  ))}
                </dl>
              )}
            </div>
          }
          onConfirm={() => close(true)}
          onCancel={() => close(false)}
        />
      )}
    </Card>
  );
}
