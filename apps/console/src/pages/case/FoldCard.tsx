/**
 * A card that folds: open on a desktop, closed on a phone (≤ 640 px), so the phone's case page
 * shows the decision and the steps first and the long reference blocks one tap away. Folded, its
 * head says in one line what is inside ("办理记录 · 12 条"), so the phone user knows whether to open it.
 */
import { useSyncExternalStore, type ReactNode } from 'react';

const PHONE = '(max-width: 640px)';
const isPhoneWidth = (): boolean => typeof window !== 'undefined' && !!window.matchMedia?.(PHONE).matches;

const onWidthChange = (changed: () => void): (() => void) => {
  const query = typeof window !== 'undefined' ? window.matchMedia?.(PHONE) : undefined;
  query?.addEventListener('change', changed);
  return () => query?.removeEventListener('change', changed);
};

/** Whether the page is phone-wide now; a rotation or a resized window across 640 px lays the page out again. */
export const usePhoneWidth = (): boolean => useSyncExternalStore(onWidthChange, isPhoneWidth, () => false);

export function FoldCard({ title, summary, testId, className, foldOnPhone = true, children }: {
  title: ReactNode;
  /** One line shown beside the title while folded (a count, a status). */
  summary?: ReactNode;
  testId?: string;
  className?: string;
  /** False keeps it open on a phone too (the 督办 panel when 督办 is the work in hand). */
  foldOnPhone?: boolean;
  children: ReactNode;
}) {
  const phone = usePhoneWidth();
  return (
    <details className={`card card-fold ${className ?? ''}`} data-testid={testId} open={!(foldOnPhone && phone)}>
      <summary className="card-head" data-testid={testId ? `${testId}-fold` : undefined}>
        <h2>{title}{summary != null && <span className="fold-summary"> · {summary}</span>}</h2>
      </summary>
      {children}
    </details>
  );
}
