/**
 * The evidence a decision is taken on, shown above the decision panel: what the previous steps
 * recorded (votes, notice results, the previous level's opinion, recommended amounts, investigation
 * figures), newest first, in words from the process definition.
 */
import { useState } from 'react';
import type { CaseView, HistoryEntry, ProcessInfo } from '../../api/types';
import { Card, KeyValues } from '../../components/Common';
import { useI18n } from '../../i18n';
import { formatDateOrDateTime, formatDateTime } from '../../lib/format';
import { useLabels } from '../../schema-form/labels';
import { buildEvidence, type EvidenceWords } from './evidence';
import { usePhoneWidth } from './FoldCard';
import { actionTitle, isSystemActor } from './Timeline';

/**
 * On a phone a summary: the two newest records, their first lines each, so the decision starts
 * within about a screen and a half (a 低保 investigation alone is some 20 lines); the rest one tap away.
 */
const NEWEST_ON_PHONE = 2;
const LINES_ON_PHONE = 3;

/** The words evidence and values are shown in: the process's titles, 是/否, people's display names. */
export function useEvidenceWords(view: CaseView, def: ProcessInfo | undefined): EvidenceWords & {
  eventTitle(type: string): string;
  actorName(h: HistoryEntry): string;
} {
  const i18n = useI18n();
  const labels = useLabels(view.processKey);
  return {
    field: (k) => labels.field(k),
    value: (v) => labels.value(v),
    yes: i18n.t('common.yes'),
    no: i18n.t('common.no'),
    formatDate: formatDateOrDateTime,
    person: (u) => view.people?.[u],
    eventTitle: (type) => actionTitle(type, def, i18n),
    actorName: (h) => (isSystemActor(h.actor) ? i18n.t('common.system') : (h.actor?.displayName ?? h.actor?.username ?? '')),
  };
}

export function EvidencePanel({ view, def, history }: { view: CaseView; def: ProcessInfo | undefined; history: HistoryEntry[] | undefined }) {
  const { t } = useI18n();
  const words = useEvidenceWords(view, def);
  const items = buildEvidence(history, def, words);
  const [all, setAll] = useState(false);
  const phone = usePhoneWidth();
  const shown = all || !phone
    ? items
    : items.slice(0, NEWEST_ON_PHONE).map((it) => ({ ...it, lines: it.lines.slice(0, LINES_ON_PHONE) }));
  const folded = shown.length < items.length || shown.some((it, i) => it.lines.length < items[i].lines.length);
  return (
    <Card title={t('decision.evidence')} testId="evidence-panel" className="evidence">
      <p className="muted small evidence-hint">{t('decision.evidenceHint')}</p>
      {items.length === 0 && <p className="muted" data-testid="evidence-empty">{t('decision.evidenceEmpty')}</p>}
      <ol className="evidence-list">
        {shown.map((it) => (
          <li key={it.seq} data-testid="evidence-item" data-seq={it.seq}>
            <div className="evidence-head">
              <strong>{it.title}</strong>
              <span className="muted small">{t('decision.by', { actor: it.actor, at: formatDateTime(it.at) })}</span>
            </div>
            <KeyValues rows={it.lines.map((l) => [l.label, <span className="pre">{l.value}</span>])} />
          </li>
        ))}
      </ol>
      {folded && (
        <button type="button" className="btn btn-small btn-ghost" onClick={() => setAll(true)} data-testid="evidence-all">
          {t('decision.evidenceAll', { n: items.length })}
        </button>
      )}
    </Card>
  );
}
