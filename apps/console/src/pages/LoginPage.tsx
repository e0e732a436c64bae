/** Sign-in; on success the app follows ?next= or goes home. */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { problemText } from '../components/Problem';
import { useI18n } from '../i18n';
import { useSession } from '../session';

export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { login } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // The app then renders the page the user came in on (or ?next= from /login).
      await login(username.trim(), password);
    } catch (err) {
      setError(err instanceof ApiError && (err.status === 401 || err.status === 400) ? t('login.failed') : problemText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <form className="card login-card" onSubmit={submit} data-testid="login-form">
        <div className="login-head">
          <h1>{t('app.title')}</h1>
          <button type="button" className="btn btn-small btn-ghost" data-testid="lang-toggle" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {t('app.lang')}
          </button>
        </div>
        <p className="muted">{t('app.subtitle')}</p>
        <div className="field">
          <label htmlFor="login-username">{t('login.username')}</label>
          <input id="login-username" name="username" autoComplete="username" data-testid="login-username" required
            value={username} onChange={(e) => setUsername(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('login.password')}</label>
          <input id="login-password" name="password" type="password" autoComplete="current-password" data-testid="login-password" required
            value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        {error && <p className="alert alert-error" role="alert" data-testid="login-error">{error}</p>}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || !username || !password} data-testid="login-submit">
          {t('login.submit')}
        </button>
      </form>
    </div>
  );
}
