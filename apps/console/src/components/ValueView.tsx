/**
 * Read-only display of filing data, payloads and context: field names and enum codes titled by the
 * process (GET /api/processes), booleans as 是/否, dates formatted, nested objects as key/value lists.
 */
import { useI18n } from '../i18n';
import { formatDateOrDateTime, shortId } from '../lib/format';
import { useLabels } from '../schema-form/labels';
import { KeyValues } from './Common';

// A case or entry id: the short number the lists show, the whole one on hover (nobody reads a UUID).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * `people`: display names of usernames the value may hold (the case view's people), shown instead of
 * login names; `places`: names of the jurisdiction codes it may hold (a finding's 责任单位), the code
 * on hover.
 */
export function ValueView({ value, processKey, people, places }: {
  value: unknown; processKey?: string; people?: Record<string, string>; places?: Record<string, string>;
}) {
  const { t } = useI18n();
  const labels = useLabels(processKey);
  if (value === null || value === undefined || value === '') return <span className="muted">—</span>;
  if (typeof value === 'boolean') return <span>{value ? t('common.yes') : t('common.no')}</span>;
  // Group digits only for large numbers: years (1978) and small amounts read better plain.
  if (typeof value === 'number') return <span>{Math.abs(value) >= 10000 ? value.toLocaleString() : String(value)}</span>;
  if (typeof value === 'string') {
    if (ISO_INSTANT.test(value)) return <span>{formatDateOrDateTime(value)}</span>;
    if (UUID.test(value)) return <span className="mono" title={value}>{shortId(value)}</span>;
    if (places?.[value]) return <span title={value}>{places[value]}</span>;
    return <span className="pre">{labels.value(value) ?? people?.[value] ?? value}</span>;
  }
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) {
      return <span>{value.map((v) => (typeof v === 'string' ? (labels.value(v) ?? people?.[v] ?? places?.[v] ?? v) : String(v))).join('、') || '—'}</span>;
    }
    return (
      <ol className="value-list">
        {value.map((v, i) => <li key={i}><ValueView value={v} processKey={processKey} people={people} places={places} /></li>)}
      </ol>
    );
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return <span className="muted">—</span>;
    return <KeyValues rows={entries.map(([k, v]) => [labels.field(k), <ValueView value={v} processKey={processKey} people={people} places={places} />])} />;
  }
  return <span>{String(value)}</span>;
}
