/**
 * Filing a case: village, applicant (with the ID check digit checked here as the api does), and
 * the process's filing data generated from its JSON Schema. Server field errors such as
 * `applicant.idNumber` or `data.requestedAmount` appear next to the matching input.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import type { JsonSchema } from '../api/types';
import { Card } from '../components/Common';
import { ProblemMessage } from '../components/Problem';
import { useI18n } from '../i18n';
import { domId, fieldErrorsFrom, unclaimedErrors, type FieldErrors } from '../lib/fieldPath';
import { idNumberProblem, normalizeIdNumber } from '../lib/idNumber';
import { useSubmissionKeys } from '../lib/idempotency';
import { ofLevel, villageLabel } from '../lib/jurisdictions';
import { useAsync } from '../lib/useAsync';
import { initialDraft, toValue, type Draft } from '../schema-form/draft';
import { ErrorText, ObjectFields } from '../schema-form/Fields';
import { renderedPaths } from '../schema-form/paths';
import { validate } from '../schema-form/validate';
import { navigate, useLocation } from '../router';
import { prefilledDraft, subjectCaseOf, subjectPlaces } from '../lib/subjectFiling';
import { SubjectPlacesContext } from '../schema-form/SubjectPlacePicker';
import { loadJurisdictions, useSession } from '../session';

/** The applicant part of the filing body (fixed by the api contract, not by a process). */
export const APPLICANT_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['name', 'idNumber'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 50 },
    idNumber: { type: 'string', minLength: 1, maxLength: 18 },
    phone: { type: 'string', pattern: '^[0-9+\\-() ]{7,20}$' },
    householdSize: { type: 'integer', minimum: 1, maximum: 50 },
  },
};

const SCOPE = 'filing';

export function FilingPage({ processKey }: { processKey: string }) {
  const { t, tx } = useI18n();
  const { process } = useSession();
  const def = process(processKey);
  // A process about another case (a finding) has no applicant and no village: the subject decides its place.
  const about = !!def?.subject;
  const { search } = useLocation();
  const query = search.toString();
  const filing = useMemo<JsonSchema>(() => ({ type: 'object', ...(def?.filing ?? {}) }), [def]);
  const tree = useAsync(loadJurisdictions, []);
  const villages = useMemo(() => (tree.data ? ofLevel(tree.data, 'village') : []), [tree.data]);

  const [villageCode, setVillageCode] = useState('');
  const [applicant, setApplicant] = useState<Draft>(() => initialDraft(APPLICANT_SCHEMA));
  const [data, setData] = useState<Draft>(() => prefilledDraft(filing, def, search));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const keys = useSubmissionKeys();
  // A finding's 责任单位 is one of its subject case's units: offered by name once the subject is known.
  const subjectId = about ? subjectCaseOf(def, data) : null;
  const subject = useAsync(() => (subjectId ? api.case(subjectId) : Promise.resolve(undefined)), [subjectId]);
  const places = useMemo(() => (subject.data ? subjectPlaces(subject.data.jurisdiction) : null), [subject.data]);

  // A clerk of one village files for that village.
  useEffect(() => {
    if (villages.length === 1 && !villageCode) setVillageCode(villages[0].code);
  }, [villages, villageCode]);
  useEffect(() => setData(prefilledDraft(filing, def, new URLSearchParams(query))), [filing, query]);

  if (!def) return <h1>{t('common.notFound')}</h1>;

  const claimed = new Set([
    ...(about ? [] : ['villageCode', ...renderedPaths(APPLICANT_SCHEMA, applicant, 'applicant')]),
    ...renderedPaths(filing, data, 'data'),
  ]);

  const check = (): { body: Parameters<typeof api.fileCase>[0]; errors: FieldErrors } => {
    const a = (toValue(APPLICANT_SCHEMA, applicant) ?? {}) as Record<string, unknown>;
    if (typeof a.idNumber === 'string') a.idNumber = normalizeIdNumber(a.idNumber);
    const d = (toValue(filing, data) ?? {}) as Record<string, unknown>;
    if (about) return { body: { processKey, data: d }, errors: validate(filing, d, 'data', t, true) };
    const errs: FieldErrors = {
      ...validate(APPLICANT_SCHEMA, a, 'applicant', t, true),
      ...validate(filing, d, 'data', t, true),
    };
    if (!villageCode) errs.villageCode = t('validation.required');
    if (typeof a.idNumber === 'string' && !errs['applicant.idNumber']) {
      const p = idNumberProblem(a.idNumber);
      if (p) errs['applicant.idNumber'] = t(p === 'length' ? 'validation.idLength' : p === 'birth' ? 'validation.idBirth' : 'validation.idCheck');
    }
    if (errs['applicant.phone']) errs['applicant.phone'] = t('validation.phone');
    return { body: { processKey, villageCode, applicant: a as never, data: d }, errors: errs };
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const { body, errors: local } = check();
    setErrors(local);
    if (Object.keys(local).length > 0) {
      focusFirstError();
      return;
    }
    setBusy(true);
    const key = keys.keyFor(body);
    try {
      const created = await api.fileCase(body, key);
      keys.settle(true);
      navigate(`/cases/${created.id}?filed=1`);
    } catch (err) {
      keys.settle(!(err instanceof ApiError && err.status === 0));
      if (err instanceof ApiError) {
        setErrors(fieldErrorsFrom(err.problem.errors));
        if (err.problem.errors?.length) focusFirstError();
      }
      setProblem(err);
    } finally {
      setBusy(false);
    }
  };

  const stray = unclaimedErrors(errors, claimed);
  const villageId = domId(SCOPE, 'villageCode');
  return (
    <form className="stack filing" onSubmit={submit} noValidate data-testid={`filing-form-${processKey}`}>
      <h1>{t('filing.title', { process: tx(def.title) })}</h1>
      {!about && <Card title={t('filing.applicant')}>
        <div className="fields village-field">
        <div className={`field ${errors.villageCode ? 'has-error' : ''}`}>
          <label htmlFor={villageId}>{t('filing.village')}<span className="req" aria-hidden="true"> *</span></label>
          <select id={villageId} name="villageCode" data-testid="field-villageCode" value={villageCode}
            aria-invalid={errors.villageCode ? true : undefined} aria-describedby={`${villageId}-error`}
            onChange={(e) => setVillageCode(e.target.value)} disabled={busy}>
            <option value="">{t('common.choose')}</option>
            {villages.map((v) => <option key={v.code} value={v.code}>{villageLabel(tree.data ?? [], v)}</option>)}
          </select>
          <ErrorText path="villageCode" scope={SCOPE} error={errors.villageCode} />
        </div>
        </div>
        <ProblemMessage error={tree.error} />
        <ObjectFields schema={APPLICANT_SCHEMA} draft={applicant} onChange={setApplicant} path="applicant"
          scope={SCOPE} errors={errors} processKey="applicant" disabled={busy} />
      </Card>}
      <Card title={t('filing.data')}>
        <SubjectPlacesContext.Provider value={places}>
          <ObjectFields schema={filing} draft={data} onChange={setData} path="data" scope={SCOPE} errors={errors}
            processKey={processKey} disabled={busy} />
        </SubjectPlacesContext.Provider>
      </Card>
      {Object.keys(errors).length > 0 && (
        <div className="alert alert-error" role="alert" data-testid="filing-errors">
          {t('filing.fixErrors')}
          {stray.length > 0 && <ul>{stray.map(([path, msg]) => <li key={path}>{path}: {msg}</li>)}</ul>}
        </div>
      )}
      {!(problem instanceof ApiError && problem.problem.errors?.length) && <ProblemMessage error={problem} />}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="submit-filing">{t('filing.submit')}</button>
      </div>
    </form>
  );
}

function focusFirstError() {
  requestAnimationFrame(() => {
    document.querySelector<HTMLElement>('[aria-invalid="true"], .has-error input, .has-error select, .has-error textarea')?.focus();
  });
}

