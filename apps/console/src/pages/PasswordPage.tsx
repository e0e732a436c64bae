/**
 * Changing one's password: from the user menu at any time, and as the only screen after a first
 * login or an admin's reset (the api allows nothing else until it is done). The policy is checked
 * here first (lib/password.ts); what the api refuses is shown on the field it names.
 */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { Card } from '../components/Common';
import { ProblemMessage } from '../components/Problem';
import { useI18n, type MessageKey } from '../i18n';
import { fieldErrorsFrom, type FieldErrors } from '../lib/fieldPath';
import { MIN_PASSWORD_LENGTH, passwordProblems, type PasswordDraft, type PasswordProblem } from '../lib/password';
import { useSession, useUser } from '../session';

const EMPTY: PasswordDraft = { currentPassword: '', newPassword: '', repeat: '' };
const FIELDS = ['currentPassword', 'newPassword', 'repeat'] as const;

const PROBLEM_TEXT: Record<PasswordProblem, MessageKey> = {
  required: 'validation.required',
  tooShort: 'password.tooShort',
  containsUsername: 'password.containsUsername',
  sameAsCurrent: 'password.sameAsCurrent',
  mismatch: 'password.mismatch',
};

export function PasswordForm({ forced }: { forced?: boolean }) {
  const { t } = useI18n();
  const user = useUser();
  const { changePassword } = useSession();
  const [draft, setDraft] = useState<PasswordDraft>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setDone(false);
    const local = passwordProblems(user.username, draft);
    const localErrors: FieldErrors = {};
    for (const [field, p] of Object.entries(local)) localErrors[field] = t(PROBLEM_TEXT[p], { n: MIN_PASSWORD_LENGTH });
    setErrors(localErrors);
    if (Object.keys(localErrors).length > 0) return focusFirstError();
    setBusy(true);
    try {
      await changePassword(draft.currentPassword, draft.newPassword);
      // After a forced change the app carries on; otherwise say so and clear the form.
      if (!forced) {
        setDraft(EMPTY);
        setDone(true);
      }
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors?.length) {
        setErrors(fieldErrorsFrom(err.problem.errors));
        focusFirstError();
      }
      setProblem(err);
    } finally {
      setBusy(false);
    }
  };

  const shown = new Set<string>(FIELDS);
  const stray = Object.entries(errors).filter(([f]) => !shown.has(f));
  const labels: Record<(typeof FIELDS)[number], MessageKey> = {
    currentPassword: forced ? 'password.currentForced' : 'password.current',
    newPassword: 'password.new',
    repeat: 'password.repeat',
  };
  return (
    <form className="password-form" onSubmit={submit} noValidate data-testid="password-form">
      {/* For password managers: which account this is. */}
      <input type="text" name="username" autoComplete="username" value={user.username} readOnly hidden />
      {FIELDS.map((field) => (
        <div key={field} className={`field ${errors[field] ? 'has-error' : ''}`}>
          <label htmlFor={`pw-${field}`}>{t(labels[field])}</label>
          <input id={`pw-${field}`} name={field} type="password" data-testid={`password-${field}`}
            autoComplete={field === 'currentPassword' ? 'current-password' : 'new-password'}
            value={draft[field]} disabled={busy} aria-invalid={errors[field] ? true : undefined}
            aria-describedby={`pw-${field}-error ${field === 'newPassword' ? 'pw-rules' : ''}`}
            onChange={(e) => {
              setDraft({ ...draft, [field]: e.target.value });
              if (errors[field]) setErrors(({ [field]: _, ...rest }) => rest);
            }} />
          {field === 'newPassword' && <p className="hint" id="pw-rules">{t('password.rules', { n: MIN_PASSWORD_LENGTH })}</p>}
          <p className="field-error" id={`pw-${field}-error`} data-testid={`password-error-${field}`} role={errors[field] ? 'alert' : undefined} hidden={!errors[field]}>
            {errors[field]}
          </p>
        </div>
      ))}
      {stray.length > 0 && <ul className="field-error">{stray.map(([f, m]) => <li key={f}>{m}</li>)}</ul>}
      {!(problem instanceof ApiError && problem.problem.errors?.length) && <ProblemMessage error={problem} />}
      {done && <p className="alert alert-ok" role="status" data-testid="password-changed">{t('password.changed')}</p>}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="password-submit">{t('password.submit')}</button>
      </div>
    </form>
  );
}

/** 修改密码 from the user menu. */
export function PasswordPage() {
  const { t } = useI18n();
  return (
    <div className="stack narrow">
      <Card title={t('password.title')} testId="password-page">
        <PasswordForm />
      </Card>
    </div>
  );
}

/** The only screen while the api requires a new password. */
export function ForcedPasswordPage() {
  const { t, lang, setLang } = useI18n();
  const user = useUser();
  const { logout } = useSession();
  return (
    <div className="login">
      <div className="card login-card" data-testid="forced-password">
        <div className="login-head">
          <h1>{t('password.forcedTitle')}</h1>
          <button type="button" className="btn btn-small btn-ghost" data-testid="lang-toggle" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {t('app.lang')}
          </button>
        </div>
        <p className="alert alert-info" role="status" data-testid="forced-password-reason">{t('password.forcedReason')}</p>
        <p className="muted small" data-testid="current-user" data-username={user.username}>
          {t('password.forcedWho', { name: user.displayName, username: user.username })}
        </p>
        <PasswordForm forced />
        <button type="button" className="btn btn-small btn-ghost" data-testid="logout" onClick={() => void logout()}>{t('app.logout')}</button>
      </div>
    </div>
  );
}

function focusFirstError() {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('.password-form [aria-invalid="true"]')?.focus());
}
