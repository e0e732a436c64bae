/**
 * A payload field whose schema declares what it picks (`x-picks`: a role at a level) is chosen from
 * the people the api lists for the case — by name, with their open caseloads, least loaded first —
 * instead of typed as a login name. Outside a case's event form it stays a text input.
 */
import { createContext, useContext, type SelectHTMLAttributes } from 'react';
import { api } from '../api/endpoints';
import { useI18n } from '../i18n';
import { useAsync } from '../lib/useAsync';

/** The case and event a form's fields belong to (EventForm provides it). */
export const PickerContext = createContext<{ caseId: string; eventType: string } | null>(null);

/** A person picker declares `{ role, level }`; other `x-picks` (a subject's units) are not people. */
export const picksOf = (schema: Record<string, unknown>) => {
  const x = schema['x-picks'];
  return !!x && typeof x === 'object' && 'role' in x;
};

export function PersonPicker({ field, value, onChange, attrs }: {
  field: string;
  value: string;
  onChange(v: string): void;
  attrs: SelectHTMLAttributes<HTMLSelectElement> & { 'data-testid'?: string };
}) {
  const { t } = useI18n();
  const scope = useContext(PickerContext);
  const people = useAsync(
    () => (scope ? api.assignable(scope.caseId, scope.eventType, field) : Promise.resolve({ role: '', items: [] })),
    [scope?.caseId, scope?.eventType, field],
  );
  const items = people.data?.items ?? [];
  return (
    <select {...attrs} value={value} onChange={(e) => onChange(e.target.value)} data-picks="person">
      <option value="">{people.loading ? t('people.loading') : t('supervision.choose')}</option>
      {items.map((u) => (
        <option key={u.username} value={u.username}>{t('people.option', { name: u.displayName, count: u.openCases })}</option>
      ))}
    </select>
  );
}
