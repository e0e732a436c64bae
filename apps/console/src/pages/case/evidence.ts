/**
 * The evidence a decision is taken on: what the previous steps recorded, in words. Built from the
 * case's history (each accepted event of the process, newest first, with its payload's fields) and
 * the decision's computed figures (the hints' notes), titled by the process definition so a new
 * process needs nothing here.
 */
import type { HistoryEntry, ProcessInfo } from '../../api/types';

export interface EvidenceLine {
  key: string;
  label: string;
  value: string;
}

export interface EvidenceItem {
  seq: number;
  at: string;
  title: string;
  actor: string;
  lines: EvidenceLine[];
}

export interface EvidenceWords {
  /** A field's title (the process's titles.fields, else the dictionary). */
  field(key: string): string;
  /** A value's title (enum values, state ids), or undefined for free text. */
  value(v: string): string | undefined;
  yes: string;
  no: string;
  formatDate(iso: string): string;
  /** A username the case names, as people call them. */
  person(username: string): string | undefined;
}

const ISO = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** One value in words: titles for codes, 是/否, dates, lists joined with 、, nested objects as 「label：value」. */
export function valueInWords(v: unknown, w: EvidenceWords): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? w.yes : w.no;
  if (typeof v === 'number') return Math.abs(v) >= 10000 ? v.toLocaleString('en-US') : String(v);
  if (typeof v === 'string') {
    if (ISO.test(v)) return w.formatDate(v);
    return w.value(v) ?? w.person(v) ?? v;
  }
  if (Array.isArray(v)) return v.map((x) => valueInWords(x, w)).join('、') || '—';
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .filter(([k]) => !k.startsWith('_'))
      .map(([k, x]) => `${w.field(k)}：${valueInWords(x, w)}`)
      .join('；');
  }
  return String(v);
}

/**
 * The process's accepted human and system events that recorded something (a non-empty payload),
 * newest first, at most `limit`. Refused attempts, reveals and engine bookkeeping are left out:
 * they are not evidence about the applicant.
 */
export function buildEvidence(
  history: HistoryEntry[] | undefined,
  def: ProcessInfo | undefined,
  w: EvidenceWords & { eventTitle(type: string): string; actorName(h: HistoryEntry): string },
  limit = 6,
): EvidenceItem[] {
  if (!def || !history) return [];
  const events = new Set(def.events.map((e) => e.type));
  const items: EvidenceItem[] = [];
  for (const h of [...history].reverse()) {
    const outcome = (h as HistoryEntry & { outcome?: string }).outcome;
    if (!events.has(h.action) || (outcome !== undefined && outcome !== 'ok')) continue;
    const payload = h.payload && typeof h.payload === 'object' && !Array.isArray(h.payload) ? (h.payload as Record<string, unknown>) : {};
    const lines = Object.entries(payload)
      .filter(([k, v]) => !k.startsWith('_') && v !== undefined && v !== null && v !== '')
      .map(([k, v]) => ({ key: k, label: w.field(k), value: valueInWords(v, w) }));
    if (lines.length === 0) continue;
    items.push({ seq: h.seq, at: h.at, title: w.eventTitle(h.action), actor: w.actorName(h), lines });
    if (items.length >= limit) break;
  }
  return items;
}
