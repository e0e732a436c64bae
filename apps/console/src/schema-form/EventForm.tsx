/**
 * A form for one case event, generated from the event's payload schema with the case's hints
 * applied (limits, allowed options, prefilled amounts: view.eventHints). Client validation runs
 * first and shows every field's error at once, so what the form can catch never reaches the api
 * (a refused decision is a lead against the officer); the api's field errors (`payload.<field>`)
 * are shown next to the matching input. `confirm` may ask before sending (money, withdrawals).
 */
import { useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import type { EventHints, ProcessEvent } from '../api/types';
import { applyHints, checkHints, endsOrUndoes } from '../pages/case/decision';
import { ProblemMessage } from '../components/Problem';
import { useI18n } from '../i18n';
import { fieldErrorsFrom, normalizeFieldPath, unclaimedErrors, type FieldErrors } from '../lib/fieldPath';
import { initialDraft, toValue, type Draft } from './draft';
import { ObjectFields } from './Fields';
import { useLabels } from './labels';
import { renderedPaths } from './paths';
import { props } from './schema';
import { PickerContext } from './PersonPicker';
import { validate } from './validate';

export function EventForm({ event, processKey, onSubmit, hints, confirm, hideTitle, caseId }: {
  event: ProcessEvent;
  processKey: string;
  /** The case the event is for: fields that pick a person (x-picks) list the case's candidates. */
  caseId?: string;
  /** Sends the event; throws ApiError on refusal. */
  onSubmit(payload: Record<string, unknown>): Promise<void>;
  hints?: EventHints;
  /** Asked after validation, before sending; false cancels. */
  confirm?(payload: Record<string, unknown>): Promise<boolean>;
  hideTitle?: boolean;
}) {
  const { t, tx } = useI18n();
  const labels = useLabels(processKey);
  const schema = useMemo(() => applyHints({ type: 'object', ...event.payload }, hints), [event.payload, hints]);
  const [draft, setDraft] = useState<Draft>(() => initialDraft(schema));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const scope = `ev-${event.type}`;
  const claimed = renderedPaths(schema, draft, 'payload');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const payload = (toValue(schema, draft) ?? {}) as Record<string, unknown>;
    const local = { ...checkHints(payload, hints, t, (f) => labels.field(f)), ...validate(schema, payload, 'payload', t, true) };
    setErrors(local);
    setProblem(null);
    if (Object.keys(local).length > 0) return;
    if (confirm && !(await confirm(payload))) return;
    setBusy(true);
    try {
      await onSubmit(payload);
      setDraft(initialDraft(schema));
    } catch (err) {
      if (err instanceof ApiError) setErrors(prefixPayload(fieldErrorsFrom(err.problem.errors), claimed));
      setProblem(err);
    } finally {
      setBusy(false);
    }
  };

  const stray = unclaimedErrors(errors, claimed);
  const hasFields = Object.keys(props(schema)).length > 0;
  return (
    <form className="event-form" data-testid={`event-form-${event.type}`} onSubmit={submit} noValidate>
      {!hideTitle && <h3>{tx(event.title) || event.type}</h3>}
      {hasFields && (
        <PickerContext.Provider value={caseId ? { caseId, eventType: event.type } : null}>
          <ObjectFields schema={schema} draft={draft} onChange={setDraft} path="payload" scope={scope} errors={errors} processKey={processKey} disabled={busy} />
        </PickerContext.Provider>
      )}
      {stray.length > 0 && (
        <ul className="field-error" data-testid={`form-errors-${event.type}`}>
          {stray.map(([path, msg]) => <li key={path}>{path}: {msg}</li>)}
        </ul>
      )}
      <ProblemMessage error={problem} />
      <button type="submit" className={`btn ${endsOrUndoes(event) ? 'btn-danger' : 'btn-primary'}`} disabled={busy}
        data-testid={`submit-event-${event.type}`}>
        {tx(event.title) || event.type}
      </button>
    </form>
  );
}

/** The api may name payload fields with or without the `payload.` prefix. */
function prefixPayload(errors: FieldErrors, claimed: Set<string>): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, msg] of Object.entries(errors)) {
    const p = normalizeFieldPath(path);
    out[!claimed.has(p) && claimed.has(`payload.${p}`) ? `payload.${p}` : p] = msg;
  }
  return out;
}
