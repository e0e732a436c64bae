/**
 * Discipline reviewers: audit search with filters, chain verification, export (JSONL/CSV/Excel).
 * Filters apply on 查询 (not per keystroke) so each search is one audited request. People search
 * as they know things (issue 20): the short case number, a colleague's name, the action in words
 * from a picker, the applicant's name or ID number (that search is itself audited); every export
 * takes the filter the table shows.
 */
import { useRef, useState, type FormEvent } from 'react';
import { api } from '../api/endpoints';
import type { AuditActionChoice, AuditEntry, AuditSearchPage } from '../api/types';
import { useAsync } from '../lib/useAsync';
import { Card, Empty, Loading } from '../components/Common';
import { ProblemMessage, ProblemOrUnavailable } from '../components/Problem';
import { ValueView } from '../components/ValueView';
import { useI18n } from '../i18n';
import { formatDateTime, shortId } from '../lib/format';
import { usePaged } from '../lib/usePaged';
import { Link } from '../router';
import { useSession } from '../session';
import { FileAboutAction } from '../components/FileAboutAction';
import { actionTitle, isSystemActor } from './case/Timeline';
import { chainParts, chainToVerify } from './audit/auditChains';
import { VerifyBadge } from './audit/VerifyBadge';

const EMPTY = { caseId: '', actor: '', action: '', outcome: '', from: '', to: '', applicantName: '', applicantIdNumber: '' };
const OUTCOMES = ['ok', 'refused'] as const;

/** A date input (local calendar day) to an instant: the start of `from`, the end of `to`. */
export function dayBoundary(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  const d = new Date(`${day}T00:00:00`);
  if (Number.isNaN(d.getTime())) return undefined;
  if (end) d.setDate(d.getDate() + 1);
  return d.toISOString();
}

export function AuditPage() {
  const { t } = useI18n();
  const [draft, setDraft] = useState(EMPTY);
  const [applied, setApplied] = useState(EMPTY);
  const query = {
    caseId: applied.caseId,
    actor: applied.actor,
    action: applied.action,
    outcome: applied.outcome,
    from: dayBoundary(applied.from, false),
    to: dayBoundary(applied.to, true),
    applicantName: applied.applicantName,
    applicantIdNumber: applied.applicantIdNumber,
  };
  const list = usePaged<AuditEntry, AuditSearchPage>(api.audit, query);
  // Place names of every page loaded so far ("load more" keeps the earlier rows).
  const places = useRef<Record<string, string>>({});
  Object.assign(places.current, list.page?.places);
  const verifying = chainToVerify(applied.caseId, list.items, list.loading);
  const [exportError, setExportError] = useState<unknown>(null);
  const choices = useAsync(() => api.auditActions().then((r) => r.items), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, v.trim()])) as typeof EMPTY;
    setApplied(trimmed);
  };
  // Every export takes the filter the table shows (it used to export the whole trail).
  const exportAs = (format: 'jsonl' | 'csv' | 'xlsx') => {
    setExportError(null);
    (format === 'xlsx' ? api.exportXlsx('audit', query) : api.exportAudit(format, query)).catch(setExportError);
  };
  const input = (name: keyof typeof EMPTY, label: string, type = 'text', extra: Record<string, string> = {}) => (
    <label className="filter">
      <span>{label}</span>
      <input type={type} name={name} data-testid={`audit-filter-${name}`} value={draft[name]}
        onChange={(e) => setDraft({ ...draft, [name]: e.target.value })} {...extra} />
    </label>
  );

  return (
    <div className="stack">
      <Card title={t('audit.title')} actions={
        <>
          <button type="button" className="btn btn-small" onClick={() => exportAs('jsonl')} data-testid="export-jsonl">{t('audit.exportJsonl')}</button>
          <button type="button" className="btn btn-small" onClick={() => exportAs('csv')} data-testid="export-csv">{t('audit.exportCsv')}</button>
          <button type="button" className="btn btn-small" onClick={() => exportAs('xlsx')} data-testid="export-xlsx">{t('common.exportXlsx')}</button>
        </>
      }>
        <ProblemOrUnavailable error={exportError} what={t('audit.exportWhat')} endpoint="GET /api/audit/export" />
        {verifying !== null && <VerifyBadge caseId={verifying} />}
        <form className="filters" role="search" onSubmit={submit} data-testid="audit-filters">
          {input('caseId', t('audit.caseId'), 'text', { placeholder: t('audit.caseIdHint') })}
          {input('actor', t('audit.actor'), 'text', { placeholder: t('audit.actorHint') })}
          <ActionPicker value={draft.action} choices={choices.data ?? []} onChange={(action) => setDraft({ ...draft, action })} />
          <label className="filter">
            <span>{t('audit.outcome')}</span>
            <select name="outcome" data-testid="audit-filter-outcome" value={draft.outcome} onChange={(e) => setDraft({ ...draft, outcome: e.target.value })}>
              <option value="">{t('common.all')}</option>
              {OUTCOMES.map((o) => <option key={o} value={o}>{t(`audit.outcome.${o}`)}</option>)}
            </select>
          </label>
          {input('from', t('audit.from'), 'date')}
          {input('to', t('audit.to'), 'date')}
          {input('applicantName', t('audit.applicantName'), 'text', { title: t('audit.personHint') })}
          {input('applicantIdNumber', t('audit.applicantIdNumber'), 'text', { title: t('audit.personHint'), autoComplete: 'off', inputMode: 'text' })}
          <button type="submit" className="btn btn-primary btn-small" data-testid="audit-search">{t('common.search')}</button>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => { setDraft(EMPTY); setApplied(EMPTY); }}>{t('common.reset')}</button>
        </form>
      </Card>
      <Card>
        <ProblemMessage error={list.error} />
        {list.items.length === 0 && !list.loading && !list.error && <Empty />}
        {list.items.length > 0 && <AuditTable items={list.items} choices={choices.data ?? []} places={places.current} />}
        {list.loading && <Loading />}
        {list.hasMore && !list.loading && <button type="button" className="btn" onClick={list.loadMore} data-testid="load-more">{t('common.loadMore')}</button>}
      </Card>
    </div>
  );
}

/** 操作 as a picker of titles (the engine's actions, then each process's events under its name). */
function ActionPicker({ value, choices, onChange }: { value: string; choices: AuditActionChoice[]; onChange(v: string): void }) {
  const { t, tx } = useI18n();
  const groups = new Map<string, AuditActionChoice[]>();
  for (const c of choices) {
    const g = c.process ? tx(c.process) : t('common.system');
    groups.set(g, [...(groups.get(g) ?? []), c]);
  }
  return (
    <label className="filter">
      <span>{t('audit.action')}</span>
      <select name="action" data-testid="audit-filter-action" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('audit.anyAction')}</option>
        {[...groups].map(([g, cs]) => (
          <optgroup key={g} label={g}>{cs.map((c) => <option key={c.action} value={c.action}>{tx(c.title)}</option>)}</optgroup>
        ))}
      </select>
    </label>
  );
}

function AuditTable({ items, choices, places }: { items: AuditEntry[]; choices: AuditActionChoice[]; places: Record<string, string> }) {
  const i18n = useI18n();
  const { t, tx, label } = i18n;
  const { processes } = useSession();
  const defFor = (action: string) => processes.find((p) => p.events.some((e) => e.type === action));
  const chainCell = (chainId: string, seq: number) => {
    const c = chainParts(chainId);
    return <>{c.kind === 'other' ? '' : `${t(`audit.chainOf.${c.kind}`)} `}<span className="mono">{c.short}</span> / {seq}</>;
  };
  const stateName = (state: string | null) => {
    if (!state) return '';
    for (const p of processes) {
      const s = p.states.find((x) => x.id === state);
      if (s) return tx(s.title);
    }
    return state;
  };
  const actorName = (e: AuditEntry) => {
    const a = e.actor;
    if (a == null || isSystemActor(a)) return t('common.system');
    return e.actorDisplayName ?? (typeof a === 'string' ? a : (a.displayName ?? a.username));
  };
  const titleOf = (action: string) => {
    const c = choices.find((x) => x.action === action && (!x.process || !defFor(action)));
    return c && !defFor(action) ? tx(c.title) : actionTitle(action, defFor(action), i18n);
  };
  // The api joins a user's roles with commas ("township_officer,county_civil").
  const roleNames = (role: string) => role.split(',').map((r) => label('role', r.trim())).join('、');
  const outcomeTone = (o: string) => (/^(ok|success|applied)$/i.test(o) ? 'badge-ok' : 'badge-bad');
  return (
    <table className="table responsive" data-testid="audit-table">
      <thead>
        <tr>
          <th>{t('audit.at')}</th>
          <th>{t('audit.actor')}</th>
          <th>{t('audit.action')}</th>
          <th>{t('audit.caseId')}</th>
          <th>{t('audit.transition')}</th>
          <th>{t('audit.payload')}</th>
          <th>{t('audit.chain')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {items.map((e) => (
          <tr key={e.id} data-testid="audit-row" data-action={e.action} data-outcome={e.outcome} data-case-id={e.caseId ?? ''}
            data-from-state={e.fromState ?? ''} data-to-state={e.toState ?? ''}>
            <td data-label={t('audit.at')}>{formatDateTime(e.at)}</td>
            <td data-label={t('audit.actor')}>
              {actorName(e)}
              {e.role && (
                <div className="muted small">
                  {roleNames(e.role)} {e.jurisdictionCode && <span title={e.jurisdictionCode}>{places[e.jurisdictionCode] ?? e.jurisdictionCode}</span>}
                </div>
              )}
            </td>
            <td data-label={t('audit.action')}>
              {titleOf(e.action)}
              <span className={`badge ${outcomeTone(e.outcome)}`} data-testid="audit-outcome" data-outcome={e.outcome}>
                {i18n.maybe(`audit.outcome.${e.outcome}`) ?? e.outcome}
              </span>
            </td>
            <td data-label={t('audit.caseId')}>
              {e.caseId ? <Link to={`/cases/${e.caseId}`} className="mono" title={e.caseId}>{shortId(e.caseId)}</Link> : '—'}
            </td>
            <td data-label={t('audit.transition')}>
              {e.fromState || e.toState ? `${stateName(e.fromState)} → ${stateName(e.toState)}` : '—'}
            </td>
            <td data-label={t('audit.payload')}>
              {e.payload && typeof e.payload === 'object' && Object.keys(e.payload).length > 0 ? (
                <details className="payload">
                  <summary>{t('common.details')}</summary>
                  <ValueView value={e.payload} processKey={defFor(e.action)?.key} places={places} />
                </details>
              ) : '—'}
            </td>
            <td data-label={t('audit.chain')} className="small" title={e.chainId}>{chainCell(e.chainId, e.seq)}</td>
            <td>{e.caseId && <FileAboutAction subject={{ caseId: e.caseId, entryIds: [e.id] }} />}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
