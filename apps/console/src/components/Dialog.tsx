/**
 * A modal dialog (the browser's <dialog>: focus stays inside, Esc closes), and a confirmation
 * built on it for actions that cannot be undone from here (disable a user, reset a password).
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { ProblemWithErrors } from './Problem';

export function Modal({ title, onClose, children, testId, wide }: {
  title: ReactNode;
  /** Esc or the close button; omitted when the dialog must be closed by its own buttons. */
  onClose?(): void;
  children: ReactNode;
  testId?: string;
  wide?: boolean;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} className={`modal ${wide ? 'modal-wide' : ''}`} data-testid={testId} aria-labelledby={testId ? `${testId}-title` : undefined}
      onCancel={(e) => {
        e.preventDefault();
        onClose?.();
      }}>
      <header className="card-head">
        <h2 id={testId ? `${testId}-title` : undefined}>{title}</h2>
        {onClose && (
          <button type="button" className="btn btn-small btn-ghost" onClick={onClose} aria-label={t('common.close')} data-testid="modal-close">×</button>
        )}
      </header>
      {children}
    </dialog>
  );
}

export function ConfirmDialog({ title, message, confirmLabel, danger, busy, error, onConfirm, onCancel, testId = 'confirm' }: {
  title: ReactNode;
  message: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  error?: unknown;
  onConfirm(): void;
  onCancel(): void;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <Modal title={title} onClose={busy ? undefined : onCancel} testId={testId}>
      <div className="modal-body">{message}</div>
      <ProblemWithErrors error={error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel} disabled={busy} data-testid={`${testId}-cancel`}>{t('common.cancel')}</button>
        <button type="button" className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`} onClick={onConfirm} disabled={busy}
          data-testid={`${testId}-ok`} autoFocus>
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
