/**
 * Creating or editing a user in a dialog. Roles are offered only if they may sit at the chosen
 * jurisdiction's level (GET /api/admin/roles); moving the user drops roles that no longer fit.
 * Editing roles or the jurisdiction ends the user's sessions, which a confirmation says first.
 */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import type { AdminRole, AdminUser, JurisdictionNode } from '../../api/types';
import { ConfirmDialog, Modal } from '../../components/Dialog';
import { JurisdictionPicker, type Chosen } from '../../components/JurisdictionPicker';
import { ProblemMessage } from '../../components/Problem';
import { useI18n } from '../../i18n';
import { USERNAME_PATTERN, keepFitting, rolesAt, userChanges } from '../../lib/admin';
import { fieldErrorsFrom, type FieldErrors } from '../../lib/fieldPath';
import { useRoleTitle } from './AdminNav';

/** Field errors from the api, with `roles.0` and the like shown on the role list. */
export function userFieldErrors(err: ApiError, exists: string): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, message] of Object.entries(fieldErrorsFrom(err.problem.errors))) {
    const key = field.startsWith('roles') ? 'roles' : field === 'jurisdiction' ? 'jurisdictionCode' : field;
    out[key] ??= message;
  }
  if (err.status === 409 && !out.username) out.username = exists;
  return out;
}

const FIELDS = ['username', 'displayName', 'phone', 'jurisdictionCode', 'roles'];

export function UserForm({ user, roles, root, onCreated, onSaved, onClose }: {
  /** The user to edit; none to create one. */
  user?: AdminUser;
  roles: AdminRole[];
  root: JurisdictionNode;
  onCreated(created: { username: string; initialPassword: string }): void;
  onSaved(saved: AdminUser): void;
  onClose(): void;
}) {
  const { t, label } = useI18n();
  const roleTitle = useRoleTitle(roles);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [phone, setPhone] = useState('');
  const [jurisdiction, setJurisdiction] = useState<Chosen>(user?.jurisdiction ?? { code: root.code, name: root.name, level: root.level });
  const [chosenRoles, setChosenRoles] = useState<string[]>(user?.roles ?? []);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<Parameters<typeof api.updateUser>[1] | null>(null);
  const [info, setInfo] = useState<string | null>(null);

  const fitting = rolesAt(roles, jurisdiction.level);
  // A role held now that does not fit (older data) stays visible so it can be unticked.
  const offered = [...fitting.map((r) => r.role), ...chosenRoles.filter((r) => !fitting.some((f) => f.role === r))];

  /** A field's error goes once the field is changed. */
  const clearError = (...fields: string[]) =>
    setErrors((prev) => (fields.some((f) => prev[f]) ? Object.fromEntries(Object.entries(prev).filter(([f]) => !fields.includes(f))) : prev));

  const changeJurisdiction = (next: Chosen) => {
    clearError('jurisdictionCode', 'roles');
    setJurisdiction(next);
    setChosenRoles((prev) => keepFitting(prev, roles, next.level));
  };
  const toggleRole = (role: string, on: boolean) => {
    clearError('roles');
    setChosenRoles((prev) => (on ? [...prev.filter((r) => r !== role), role] : prev.filter((r) => r !== role)));
  };

  const check = (): FieldErrors => {
    const errs: FieldErrors = {};
    if (!user && !username.trim()) errs.username = t('validation.required');
    else if (!user && !USERNAME_PATTERN.test(username.trim())) errs.username = t('users.usernameFormat');
    if (!displayName.trim()) errs.displayName = t('validation.required');
    if (!jurisdiction.code) errs.jurisdictionCode = t('users.jurisdictionRequired');
    if (chosenRoles.length === 0) errs.roles = t('users.rolesRequired');
    return errs;
  };

  const fail = (err: unknown) => {
    if (err instanceof ApiError) setErrors(userFieldErrors(err, t('users.exists')));
    setProblem(err);
  };

  const save = async (patch: Parameters<typeof api.updateUser>[1]) => {
    if (!user) return;
    setBusy(true);
    try {
      onSaved(await api.updateUser(user.username, patch));
    } catch (err) {
      setConfirming(null);
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setInfo(null);
    const local = check();
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    if (user) {
      const changes = userChanges(user, { displayName, roles: chosenRoles, jurisdictionCode: jurisdiction.code });
      if (!changes) return setInfo(t('users.nothingChanged'));
      if (changes.endsSessions) return setConfirming(changes.patch);
      return save(changes.patch);
    }
    setBusy(true);
    try {
      onCreated(await api.createUser({
        username: username.trim(),
        displayName: displayName.trim(),
        roles: chosenRoles,
        jurisdictionCode: jurisdiction.code,
        ...(phone.trim() ? { phone: phone.trim() } : {}),
      }));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (field: string) => (
    <p className="field-error" id={`user-${field}-error`} data-testid={`user-error-${field}`} role={errors[field] ? 'alert' : undefined} hidden={!errors[field]}>
      {errors[field]}
    </p>
  );
  const stray = Object.entries(errors).filter(([f]) => !FIELDS.includes(f));
  const text = (field: 'username' | 'displayName' | 'phone', value: string, set: (v: string) => void, extra: Record<string, string> = {}) => (
    <div className={`field ${errors[field] ? 'has-error' : ''}`}>
      <label htmlFor={`user-${field}`}>{t(`users.${field}`)}{field !== 'phone' && <span className="req" aria-hidden="true"> *</span>}</label>
      <input id={`user-${field}`} name={field} data-testid={`user-${field}`} value={value} disabled={busy}
        aria-invalid={errors[field] ? true : undefined} aria-describedby={`user-${field}-error`}
        onChange={(e) => {
          set(e.target.value);
          clearError(field);
        }} {...extra} />
      {field === 'username' && <p className="hint">{t('users.usernameHint')}</p>}
      {fieldError(field)}
    </div>
  );

  return (
    <Modal title={user ? t('users.editTitle', { name: user.displayName }) : t('users.createTitle')} onClose={busy ? undefined : onClose}
      testId="user-form" wide>
      <form onSubmit={submit} noValidate className="stack" data-testid={user ? 'user-edit-form' : 'user-create-form'}>
        <div className="fields">
          {user ? (
            <div className="field">
              <span className="label">{t('users.username')}</span>
              <span className="mono">{user.username}</span>
            </div>
          ) : text('username', username, setUsername, { autoComplete: 'off', spellCheck: 'false' })}
          {text('displayName', displayName, setDisplayName, { autoComplete: 'off' })}
          {!user && text('phone', phone, setPhone, { type: 'tel', autoComplete: 'off' })}
        </div>
        <div className={`field ${errors.jurisdictionCode ? 'has-error' : ''}`}>
          <span className="label" id="user-jurisdiction-label">{t('users.jurisdiction')}<span className="req" aria-hidden="true"> *</span></span>
          <JurisdictionPicker root={root} current={user?.jurisdiction} onChange={changeJurisdiction} testId="user-jurisdiction"
            disabled={busy} invalid={!!errors.jurisdictionCode} />
          {fieldError('jurisdictionCode')}
        </div>
        <fieldset className={`field group ${errors.roles ? 'has-error' : ''}`} data-testid="user-roles" data-level={jurisdiction.level}>
          <legend>{t('users.rolesAt', { level: label('level', jurisdiction.level) })}</legend>
          {offered.length === 0 && <p className="muted small" data-testid="user-roles-none">{t('users.noRolesAtLevel', { level: label('level', jurisdiction.level) })}</p>}
          <div className="checks">
            {offered.map((role) => (
              <label key={role} className="check" data-testid={`user-role-${role}`}>
                <input type="checkbox" name="roles" value={role} checked={chosenRoles.includes(role)} disabled={busy}
                  onChange={(e) => toggleRole(role, e.target.checked)} />
                {roleTitle(role)}
              </label>
            ))}
          </div>
          {fieldError('roles')}
        </fieldset>
        {stray.length > 0 && <ul className="field-error">{stray.map(([f, m]) => <li key={f}>{m}</li>)}</ul>}
        {!(problem instanceof ApiError && Object.keys(errors).length > 0) && <ProblemMessage error={problem} />}
        {info && <p className="alert alert-info" role="status">{info}</p>}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose} disabled={busy}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="user-submit">
            {user ? t('users.save') : t('users.create')}
          </button>
        </div>
      </form>
      {confirming && user && (
        <ConfirmDialog title={t('users.confirmEditTitle')} message={t('users.confirmEdit', { name: user.displayName })}
          confirmLabel={t('users.save')} busy={busy} testId="confirm-edit"
          onConfirm={() => void save(confirming)} onCancel={() => setConfirming(null)} />
      )}
    </Modal>
  );
}
