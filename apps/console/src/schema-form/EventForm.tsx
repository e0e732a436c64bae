/**
 * A form for one case event, generated from the event's payload schema. Client validation runs
 * first; the api's field errors (`payload.<field>`) are shown next to the matching input.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import type { ProcessEvent } from '../api/types';
import { ProblemMessage } from '../components/Problem';
import { useI18n } from '../i18n';
import { fieldErrorsFrom, normalizeFieldPath, unclaimedErrors, type FieldErrors } from '../lib/fieldPath';
import { initialDraft, toValue, type Draft } from './draft';
import { ObjectFields } from './Fields';
import { renderedPaths } from './paths';
import { props } from './schema';
import { PickerContext } from './PersonPicker';
import { validate } from './validate';

/** A refusing verb in an event's name (case-insensitive) makes its button a danger button: a naming convention, not a list of events. */
const DANGER = /reject|deny|revoke|dismiss|withdraw|terminate|decline|failed/i;

export function EventForm({ event, processKey, onSubmit, caseId }: {
  event: ProcessEvent;
  processKey: string;
  /** The case the event is for: fields that pick a person (x-picks) list the case's candidates. */
  caseId?: string;
  /** Sends the event; throws ApiError on refusal. */
  onSubmit(payload: Record<string, unknown>): Promise<void>;
}) {
  const { t, tx } = useI18n();
  const schema = useMemo(() => ({ type: 'object', ...event.payload }), [event.payload]);
  const [draft, setDraft] = useState<Draft>(() => initialDraft(schema));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const scope = `ev-${event.type}`;
  const claimed = renderedPaths(schema, draft, 'payload');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const payload = (toValue(schema, draft) ?? {}) as Record<string, unknown>;
    const local = validate(schema, payload, 'payload', t, true);
    setErrors(local);
    setProblem(null);
    if (Object.keys(local).length > 0) return;
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
      <h3>{tx(event.title) || event.type}</h3>
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
      <button type="submit" className={`btn ${DANGER.test(event.type) ? 'btn-danger' : 'btn-primary'}`} disabled={busy}
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
