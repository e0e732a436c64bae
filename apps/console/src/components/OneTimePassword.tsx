/**
 * A generated initial password (new user, reset): shown once, in a dialog that only closes by
 * its own button, with a copy button and the warning that it cannot be shown again.
 */
import { useRef, useState } from 'react';
import { useI18n } from '../i18n';
import { Modal } from './Dialog';

export function OneTimePassword({ username, password, onClose }: { username: string; password: string; onClose(): void }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(password);
      setCopied('yes');
    } catch {
      // No clipboard API (plain http) or no permission: the old way, then selected for a manual copy.
      input.current?.select();
      setCopied(document.execCommand?.('copy') ? 'yes' : 'failed');
    }
  };

  return (
    <Modal title={t('otp.title')} testId="one-time-password" >
      <p>{t('otp.for', { username })}</p>
      <div className="otp">
        <input ref={input} readOnly value={password} className="otp-value mono" data-testid="otp-value" data-username={username}
          aria-label={t('otp.for', { username })} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        <button type="button" className="btn btn-primary" onClick={copy} data-testid="otp-copy">
          {copied === 'yes' ? t('otp.copied') : t('otp.copy')}
        </button>
      </div>
      {copied === 'failed' && <p className="field-error" role="alert">{t('otp.copyFailed')}</p>}
      <p className="alert alert-warn" role="note" data-testid="otp-warning">{t('otp.warning')}</p>
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose} data-testid="otp-done">{t('otp.done')}</button>
      </div>
    </Modal>
  );
}
