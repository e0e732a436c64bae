/** Loading and empty placeholders, a section card, and a key/value list. */
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

export function Loading() {
  const { t } = useI18n();
  return <p className="muted" aria-busy="true">{t('app.loading')}</p>;
}

export function Empty({ text }: { text?: string }) {
  const { t } = useI18n();
  return <p className="empty" data-testid="empty">{text ?? t('common.empty')}</p>;
}

export function Card({ title, actions, children, testId, className }: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
  className?: string;
}) {
  return (
    <section className={`card ${className ?? ''}`} data-testid={testId}>
      {(title || actions) && (
        <header className="card-head">
          {title && <h2>{title}</h2>}
          {actions && <div className="card-actions">{actions}</div>}
        </header>
      )}
      {children}
    </section>
  );
}

export function KeyValues({ rows, testId }: { rows: Array<[ReactNode, ReactNode] | null | false>; testId?: string }) {
  return (
    <dl className="kv" data-testid={testId}>
      {rows.filter(Boolean).map((row, i) => {
        const [k, v] = row as [ReactNode, ReactNode];
        return (
          <div className="kv-row" key={i}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        );
      })}
    </dl>
  );
}
