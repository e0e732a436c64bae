/**
 * 系统管理 · 用户: users in the admin's subtree, searched on 查询 and paged by cursor; create,
 * edit, disable/enable and reset a password. A generated password is shown once.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import type { AdminUser, Page } from '../../api/types';
import { Card, Empty, Loading } from '../../components/Common';
import { ConfirmDialog } from '../../components/Dialog';
import { JurisdictionPicker, useJurisdictionRoot, type Chosen } from '../../components/JurisdictionPicker';
import { OneTimePassword } from '../../components/OneTimePassword';
import { ProblemMessage, ProblemWithErrors } from '../../components/Problem';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useAsync } from '../../lib/useAsync';
import { usePaged } from '../../lib/usePaged';
import { useUser } from '../../session';
import { AdminNav, useRoleTitle } from './AdminNav';
import { UserForm } from './UserForm';

interface Filters {
  q: string;
  role: string;
  disabled: '' | 'true' | 'false';
  jurisdiction: Chosen | null;
}
const EMPTY: Filters = { q: '', role: '', disabled: '', jurisdiction: null };

type Pending = { kind: 'disable' | 'reset'; user: AdminUser };

export function UsersPage() {
  const { t, label } = useI18n();
  const me = useUser();
  const roles = useAsync(() => api.adminRoles().then((r) => r.items), []);
  const root = useJurisdictionRoot();
  const roleTitle = useRoleTitle(roles.data);
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  // Remounts the jurisdiction filter on reset.
  const [filterKey, setFilterKey] = useState(0);
  const list = usePaged<AdminUser, Page<AdminUser>>(api.users, {
    q: applied.q,
    role: applied.role,
    disabled: applied.disabled,
    jurisdictionCode: applied.jurisdiction && applied.jurisdiction.code !== root.data?.code ? applied.jurisdiction.code : undefined,
    limit: 20,
  });
  const [editing, setEditing] = useState<AdminUser | 'new' | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [pendingError, setPendingError] = useState<unknown>(null);
  const [rowError, setRowError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [otp, setOtp] = useState<{ username: string; password: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const replace = (saved: AdminUser) => list.update((items) => items.map((u) => (u.username === saved.username ? saved : u)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApplied({ ...draft, q: draft.q.trim() });
  };

  const setDisabled = async (user: AdminUser, disabled: boolean) => {
    setBusy(true);
    setRowError(null);
    setNotice(null);
    try {
      const saved = await api.updateUser(user.username, { disabled });
      replace(saved);
      setPending(null);
      setNotice(t(disabled ? 'users.disabledNow' : 'users.enabledNow', { name: saved.displayName }));
    } catch (err) {
      if (disabled) setPendingError(err);
      else setRowError(err);
    } finally {
      setBusy(false);
    }
  };

  const reset = async (user: AdminUser) => {
    setBusy(true);
    setNotice(null);
    try {
      const { initialPassword } = await api.resetPassword(user.username);
      setPending(null);
      setOtp({ username: user.username, password: initialPassword });
      replace({ ...user, mustChangePassword: true });
    } catch (err) {
      setPendingError(err);
    } finally {
      setBusy(false);
    }
  };

  const ask = (p: Pending) => {
    setPendingError(null);
    setPending(p);
  };

  const ready = roles.data && root.data;
  return (
    <div className="stack" data-testid="admin-users">
      <AdminNav />
      <Card title={t('admin.users')} actions={
        <button type="button" className="btn btn-primary btn-small" disabled={!ready} onClick={() => { setNotice(null); setEditing('new'); }}
          data-testid="user-create">
          {t('users.create')}
        </button>
      }>
        <ProblemMessage error={roles.error ?? root.error} />
        <form className="filters" role="search" onSubmit={submit} data-testid="user-filters">
          <label className="filter">
            <span>{t('users.q')}</span>
            <input type="search" name="q" data-testid="user-filter-q" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
          </label>
          <label className="filter">
            <span>{t('users.role')}</span>
            <select name="role" data-testid="user-filter-role" value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value })}>
              <option value="">{t('common.all')}</option>
              {(roles.data ?? []).map((r) => <option key={r.role} value={r.role}>{roleTitle(r.role)}</option>)}
            </select>
          </label>
          <label className="filter">
            <span>{t('users.status')}</span>
            <select name="disabled" data-testid="user-filter-disabled" value={draft.disabled}
              onChange={(e) => setDraft({ ...draft, disabled: e.target.value as Filters['disabled'] })}>
              <option value="">{t('common.all')}</option>
              <option value="false">{t('users.active')}</option>
              <option value="true">{t('users.disabled')}</option>
            </select>
          </label>
          {root.data && (
            <div className="filter">
              <span>{t('users.filterJurisdiction')}</span>
              <JurisdictionPicker key={filterKey} root={root.data} testId="user-filter-jurisdiction"
                onChange={(j) => setDraft((d) => ({ ...d, jurisdiction: j }))} />
            </div>
          )}
          <button type="submit" className="btn btn-primary btn-small" data-testid="user-search">{t('common.search')}</button>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => { setDraft(EMPTY); setApplied(EMPTY); setFilterKey((k) => k + 1); }}>
            {t('common.reset')}
          </button>
        </form>
      </Card>
      <Card>
        {notice && <p className="alert alert-ok" role="status" data-testid="user-notice">{notice}</p>}
        <ProblemWithErrors error={rowError ?? list.error} />
        {list.items.length === 0 && !list.loading && !list.error && <Empty />}
        {list.items.length > 0 && (
          <table className="table responsive" data-testid="user-table">
            <thead>
              <tr>
                <th>{t('users.username')}</th>
                <th>{t('users.displayName')}</th>
                <th>{t('users.roles')}</th>
                <th>{t('users.jurisdiction')}</th>
                <th>{t('users.phone')}</th>
                <th>{t('users.status')}</th>
                <th>{t('users.lastLoginAt')}</th>
                <th>{t('users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((u) => (
                <tr key={u.username} data-testid="user-row" data-username={u.username} data-disabled={u.disabled}
                  data-must-change={u.mustChangePassword} className={u.disabled ? 'row-disabled' : ''}>
                  <td data-label={t('users.username')} className="mono">{u.username}</td>
                  <td data-label={t('users.displayName')}>{u.displayName}</td>
                  <td data-label={t('users.roles')}>{u.roles.map(roleTitle).join('、')}</td>
                  <td data-label={t('users.jurisdiction')}>
                    {u.jurisdiction.name} <span className="muted small">{label('level', u.jurisdiction.level)}</span>
                  </td>
                  <td data-label={t('users.phone')}>{u.phone || '—'}</td>
                  <td data-label={t('users.status')}>
                    <span className={`badge ${u.disabled ? 'badge-bad' : 'badge-ok'}`}>{u.disabled ? t('users.disabled') : t('users.active')}</span>
                    {u.mustChangePassword && <> <span className="badge badge-warn" data-testid="user-must-change">{t('users.mustChange')}</span></>}
                  </td>
                  <td data-label={t('users.lastLoginAt')}>
                    {u.lastLoginAt ? formatDateTime(u.lastLoginAt) : <span className="muted">{t('users.never')}</span>}
                    <div className="muted small">{t('users.createdAt')} {formatDateTime(u.createdAt)}</div>
                  </td>
                  <td data-label={t('users.actions')}>
                    <div className="row-actions">
                      <button type="button" className="btn btn-small" disabled={!ready} onClick={() => { setNotice(null); setEditing(u); }}
                        data-testid="user-edit">{t('users.edit')}</button>
                      {u.disabled ? (
                        <button type="button" className="btn btn-small" disabled={busy} onClick={() => void setDisabled(u, false)}
                          data-testid="user-enable">{t('users.enable')}</button>
                      ) : (
                        <button type="button" className="btn btn-small btn-danger" disabled={u.username === me.username}
                          onClick={() => ask({ kind: 'disable', user: u })} data-testid="user-disable">{t('users.disable')}</button>
                      )}
                      {/* One's own password is changed under 修改密码 (the api refuses a self-reset). */}
                      {u.username !== me.username && (
                        <button type="button" className="btn btn-small" onClick={() => ask({ kind: 'reset', user: u })}
                          data-testid="user-reset">{t('users.resetPassword')}</button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list.loading && <Loading />}
        {list.hasMore && !list.loading && <button type="button" className="btn" onClick={list.loadMore} data-testid="load-more">{t('common.loadMore')}</button>}
      </Card>

      {editing && roles.data && root.data && (
        <UserForm user={editing === 'new' ? undefined : editing} roles={roles.data} root={root.data}
          onClose={() => setEditing(null)}
          onCreated={(created) => {
            setEditing(null);
            setOtp({ username: created.username, password: created.initialPassword });
            list.reload();
          }}
          onSaved={(saved) => {
            setEditing(null);
            replace(saved);
            setNotice(t('users.saved', { name: saved.displayName }));
          }} />
      )}
      {pending?.kind === 'disable' && (
        <ConfirmDialog title={t('users.confirmDisableTitle')} danger busy={busy} error={pendingError} testId="confirm-disable"
          message={t('users.confirmDisable', { name: pending.user.displayName, username: pending.user.username })}
          confirmLabel={t('users.disable')} onConfirm={() => void setDisabled(pending.user, true)} onCancel={() => setPending(null)} />
      )}
      {pending?.kind === 'reset' && (
        <ConfirmDialog title={t('users.confirmResetTitle')} danger busy={busy} error={pendingError} testId="confirm-reset"
          message={t('users.confirmReset', { name: pending.user.displayName, username: pending.user.username })}
          confirmLabel={t('users.resetPassword')} onConfirm={() => void reset(pending.user)} onCancel={() => setPending(null)} />
      )}
      {otp && <OneTimePassword username={otp.username} password={otp.password} onClose={() => setOtp(null)} />}
    </div>
  );
}
