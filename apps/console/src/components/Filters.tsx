/** Filter controls shared by the inbox, case list, audit and flags pages. */
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { useSession } from '../session';

export function FilterBar({ children, onReset }: { children: ReactNode; onReset?(): void }) {
  const { t } = useI18n();
  return (
    <div className="filters" role="search">
      {children}
      {onReset && <button type="button" className="btn btn-small btn-ghost" onClick={onReset} data-testid="filter-reset">{t('common.reset')}</button>}
    </div>
  );
}

export function SelectFilter({ name, label, value, onChange, options }: {
  name: string;
  label: string;
  value: string;
  onChange(v: string): void;
  options: Array<[string, string]>;
}) {
  const { t } = useI18n();
  return (
    <label className="filter">
      <span>{label}</span>
      <select name={name} data-testid={`filter-${name}`} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('common.all')}</option>
        {options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select>
    </label>
  );
}

/** Process and state filters: the state list follows the chosen process. */
export function ProcessStateFilters({ processKey, state, onChange, onlyTaskStates }: {
  processKey: string;
  state: string;
  onChange(next: { processKey: string; state: string }): void;
  onlyTaskStates?: boolean;
}) {
  const { t, tx } = useI18n();
  const { processes, process } = useSession();
  const states = (process(processKey)?.states ?? []).filter((s) => !onlyTaskStates || s.task);
  return (
    <>
      <SelectFilter name="processKey" label={t('cases.process')} value={processKey}
        onChange={(v) => onChange({ processKey: v, state: '' })}
        options={processes.map((p) => [p.key, tx(p.title)])} />
      {processKey && (
        <SelectFilter name="state" label={t('cases.state')} value={state}
          onChange={(v) => onChange({ processKey, state: v })}
          options={states.map((s) => [s.id, tx(s.title)])} />
      )}
    </>
  );
}

export function LaneFilter({ value, onChange }: { value: string; onChange(v: string): void }) {
  const { t, label } = useI18n();
  return (
    <SelectFilter name="lane" label={t('cases.lane')} value={value} onChange={onChange}
      options={(['emergency', 'fast', 'normal'] as const).map((l) => [l, label('lane', l)])} />
  );
}
