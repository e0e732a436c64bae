/**
 * Inputs generated from a JSON Schema. Every input is named by its dotted path (e.g.
 * `payload.reason`), carries data-testid="field-<path>", and shows its error in
 * data-testid="field-error-<path>".
 */
import { useContext, type ReactNode } from 'react';
import type { JsonSchema } from '../api/types';
import { useI18n } from '../i18n';
import { domId, joinPath, type FieldErrors } from '../lib/fieldPath';
import { initialDraft, type Draft } from './draft';
import { useLabels, type Labels } from './labels';
import { enumOptions, isChecklist, itemsOf, kindOf, props, requiredOf } from './schema';
import { PersonPicker, PickerContext, picksOf } from './PersonPicker';
import { SubjectPlacePicker, SubjectPlacesContext } from './SubjectPlacePicker';
import { picksSubjectPlace } from '../lib/subjectFiling';

export interface FieldsProps {
  schema: JsonSchema;
  draft: Draft;
  onChange(draft: Draft): void;
  /** Dotted path of this value, e.g. "payload" or "data". */
  path: string;
  /** Prefix for DOM ids, unique per form on the page. */
  scope: string;
  errors: FieldErrors;
  processKey?: string;
  disabled?: boolean;
}

/** The properties of an object schema, one input each. */
export function ObjectFields(p: FieldsProps) {
  const labels = useLabels(p.processKey);
  const obj = (p.draft && typeof p.draft === 'object' && !Array.isArray(p.draft) ? p.draft : {}) as Record<string, Draft>;
  const required = requiredOf(p.schema);
  return (
    <div className="fields">
      {Object.entries(props(p.schema)).map(([key, s]) => (
        <Field
          key={key}
          {...p}
          name={key}
          schema={s}
          draft={obj[key] ?? initialDraft(s, key)}
          path={joinPath(p.path, key)}
          required={required.has(key)}
          labels={labels}
          onChange={(d) => p.onChange({ ...obj, [key]: d })}
        />
      ))}
    </div>
  );
}

interface FieldProps extends FieldsProps {
  name: string;
  required: boolean;
  labels: Labels;
  /** Label override (array rows). */
  label?: string;
}

export function ErrorText({ path, scope, error }: { path: string; scope: string; error?: string }) {
  return (
    <p className="field-error" id={`${domId(scope, path)}-error`} data-testid={`field-error-${path}`} role={error ? 'alert' : undefined} hidden={!error}>
      {error}
    </p>
  );
}

function Wrap({ p, children, inline }: { p: FieldProps; children: ReactNode; inline?: boolean }) {
  const id = domId(p.scope, p.path);
  const error = p.errors[p.path];
  const hint = p.labels.hint(p.schema);
  const label = p.label ?? p.labels.field(p.name, p.schema);
  return (
    <div className={`field ${inline ? 'field-inline' : ''} ${error ? 'has-error' : ''}`}>
      {inline ? (
        <label htmlFor={id} className="check">
          {children}
          <span>{label}{p.schema.const === true && <span className="req" aria-hidden="true"> *</span>}</span>
        </label>
      ) : (
        <>
          <label htmlFor={id}>
            {label}
            {p.required && <span className="req" aria-hidden="true"> *</span>}
          </label>
          {children}
        </>
      )}
      {hint && <small className="hint">{hint}</small>}
      <ErrorText path={p.path} scope={p.scope} error={error} />
    </div>
  );
}

function inputAttrs(p: FieldProps) {
  const id = domId(p.scope, p.path);
  const error = p.errors[p.path];
  return {
    id,
    name: p.path,
    'data-testid': `field-${p.path}`,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': `${id}-error`,
    'aria-required': p.required || undefined,
    disabled: p.disabled,
  };
}

function Field(p: FieldProps) {
  const { t } = useI18n();
  const picker = useContext(PickerContext);
  const subjectPlaces = useContext(SubjectPlacesContext);
  const kind = kindOf(p.schema, p.name);
  const str = typeof p.draft === 'string' ? p.draft : '';
  const s = p.schema;

  switch (kind) {
    case 'text':
      if (subjectPlaces && picksSubjectPlace(s)) {
        return (
          <Wrap p={p}>
            <SubjectPlacePicker value={str} onChange={p.onChange} attrs={inputAttrs(p)} />
          </Wrap>
        );
      }
      return picker && picksOf(s) ? (
        <Wrap p={p}>
          <PersonPicker field={p.name} value={str} onChange={p.onChange} attrs={inputAttrs(p)} />
        </Wrap>
      ) : (
        <Wrap p={p}>
          <input type="text" {...inputAttrs(p)} value={str} maxLength={num(s.maxLength)} onChange={(e) => p.onChange(e.target.value)} />
        </Wrap>
      );
    case 'textarea':
      return (
        <Wrap p={p}>
          <textarea {...inputAttrs(p)} rows={3} value={str} maxLength={num(s.maxLength)} onChange={(e) => p.onChange(e.target.value)} />
        </Wrap>
      );
    case 'date':
      return (
        <Wrap p={p}>
          <input type="date" {...inputAttrs(p)} value={str} onChange={(e) => p.onChange(e.target.value)} />
        </Wrap>
      );
    case 'datetime':
      return (
        <Wrap p={p}>
          <input type="datetime-local" {...inputAttrs(p)} value={str} onChange={(e) => p.onChange(e.target.value)} />
        </Wrap>
      );
    case 'number':
    case 'integer':
      return (
        <Wrap p={p}>
          <input
            type="number"
            inputMode={kind === 'integer' ? 'numeric' : 'decimal'}
            step={kind === 'integer' ? 1 : 'any'}
            min={num(s.minimum)}
            max={num(s.maximum)}
            {...inputAttrs(p)}
            value={str}
            onChange={(e) => p.onChange(e.target.value)}
          />
        </Wrap>
      );
    case 'boolean':
      return (
        <Wrap p={p} inline>
          <input type="checkbox" {...inputAttrs(p)} checked={p.draft === true} onChange={(e) => p.onChange(e.target.checked)} />
        </Wrap>
      );
    case 'enum':
      return (
        <Wrap p={p}>
          <select {...inputAttrs(p)} value={str} onChange={(e) => p.onChange(e.target.value)}>
            <option value="">{t('common.choose')}</option>
            {enumOptions(s)!.map((o) => (
              <option key={String(o.value)} value={String(o.value)}>{p.labels.option(o)}</option>
            ))}
          </select>
        </Wrap>
      );
    case 'enumArray':
      return <EnumArray {...p} />;
    case 'stringArray':
    case 'objectArray':
      return <ArrayRows {...p} kind={kind} />;
    case 'object':
      return <ObjectGroup {...p} />;
    case 'json':
      return (
        <Wrap p={p}>
          <textarea {...inputAttrs(p)} rows={3} className="mono" value={str} onChange={(e) => p.onChange(e.target.value)} />
        </Wrap>
      );
  }
}

function Legend({ p }: { p: FieldProps }) {
  return (
    <legend>
      {p.label ?? p.labels.field(p.name, p.schema)}
      {p.required && <span className="req" aria-hidden="true"> *</span>}
    </legend>
  );
}

function EnumArray(p: FieldProps) {
  const selected = Array.isArray(p.draft) ? (p.draft as string[]) : [];
  const options = enumOptions(itemsOf(p.schema)) ?? [];
  const toggle = (v: string, on: boolean) =>
    p.onChange(on ? [...selected, v] : selected.filter((x) => x !== v));
  return (
    <fieldset className={`field group ${p.errors[p.path] ? 'has-error' : ''}`} data-testid={`field-${p.path}`}>
      <Legend p={p} />
      <div className="checks">
        {options.map((o) => {
          const v = String(o.value);
          const id = domId(p.scope, `${p.path}.${v}`);
          return (
            <label key={v} htmlFor={id} className="check">
              <input id={id} type="checkbox" name={p.path} value={v} data-testid={`option-${p.path}-${v}`} disabled={p.disabled}
                checked={selected.includes(v)} onChange={(e) => toggle(v, e.target.checked)} />
              <span>{p.labels.option(o)}</span>
            </label>
          );
        })}
      </div>
      <ErrorText path={p.path} scope={p.scope} error={p.errors[p.path]} />
    </fieldset>
  );
}

function ArrayRows(p: FieldProps & { kind: 'stringArray' | 'objectArray' }) {
  const { t } = useI18n();
  const rows = Array.isArray(p.draft) ? p.draft : [];
  const items = itemsOf(p.schema);
  const label = p.label ?? p.labels.field(p.name, p.schema);
  const set = (i: number, d: Draft) => p.onChange(rows.map((r, j) => (j === i ? d : r)));
  const remove = (i: number) => p.onChange(rows.filter((_, j) => j !== i));
  const maxed = p.schema.maxItems !== undefined && rows.length >= Number(p.schema.maxItems);
  return (
    <fieldset className={`field group ${p.errors[p.path] ? 'has-error' : ''}`} data-testid={`field-${p.path}`}>
      <Legend p={p} />
      {rows.map((row, i) => {
        const rowPath = joinPath(p.path, i);
        return (
          <div className={`array-row ${p.kind === 'objectArray' ? 'array-row-object' : ''}`} key={i}>
            {p.kind === 'stringArray' ? (
              <Field {...p} name={String(i)} schema={items} draft={row} path={rowPath} required={false}
                label={`${label} ${i + 1}`} onChange={(d) => set(i, d)} />
            ) : (
              <ObjectFields {...p} schema={items} draft={row} path={rowPath} onChange={(d) => set(i, d)} />
            )}
            <button type="button" className="btn btn-small btn-ghost" data-testid={`remove-${rowPath}`}
              disabled={p.disabled} onClick={() => remove(i)} aria-label={`${t('common.remove')} ${label} ${i + 1}`}>
              {t('common.remove')}
            </button>
          </div>
        );
      })}
      <button type="button" className="btn btn-small" data-testid={`add-${p.path}`} disabled={p.disabled || maxed}
        onClick={() => p.onChange([...rows, initialDraft(items)])}>
        + {t('common.add')}
      </button>
      <ErrorText path={p.path} scope={p.scope} error={p.errors[p.path]} />
    </fieldset>
  );
}

function ObjectGroup(p: FieldProps) {
  return (
    <fieldset className={`field group ${isChecklist(p.schema) ? 'checklist' : ''} ${p.errors[p.path] ? 'has-error' : ''}`}
      data-testid={`field-${p.path}`}>
      <Legend p={p} />
      <ObjectFields {...p} />
      <ErrorText path={p.path} scope={p.scope} error={p.errors[p.path]} />
    </fieldset>
  );
}

function num(x: unknown): number | undefined {
  return typeof x === 'number' ? x : undefined;
}
