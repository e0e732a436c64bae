/**
 * A filing field that picks one of the subject case's units (`'x-picks': 'subject-jurisdiction'`,
 * a finding's 责任单位) is chosen by name and level — 燕南里村（村） — the code only on hover, instead
 * of typed as a code (issue 20). The filing page provides the subject's units; without them (no
 * subject chosen yet) the field stays a text input.
 */
import { createContext, useContext, type SelectHTMLAttributes } from 'react';
import { useI18n } from '../i18n';
import type { SubjectPlace } from '../lib/subjectFiling';

export const SubjectPlacesContext = createContext<SubjectPlace[] | null>(null);

export function SubjectPlacePicker({ value, onChange, attrs }: {
  value: string;
  onChange(v: string): void;
  attrs: SelectHTMLAttributes<HTMLSelectElement> & { 'data-testid'?: string };
}) {
  const { t } = useI18n();
  const places = useContext(SubjectPlacesContext) ?? [];
  return (
    <select {...attrs} value={value} onChange={(e) => onChange(e.target.value)} data-picks="subject-jurisdiction">
      <option value="">{t('common.choose')}</option>
      {places.map((p) => (
        <option key={p.code} value={p.code} title={p.code}>{p.name}（{t(`level.${p.level}`)}）</option>
      ))}
    </select>
  );
}
