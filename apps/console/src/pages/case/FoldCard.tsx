/**
 * A card that folds: open on a desktop, closed on a phone (≤ 640 px), so the phone's case page
 * shows the decision and the steps first and the long reference blocks one tap away.
 */
import type { ReactNode } from 'react';

const PHONE = '(max-width: 640px)';
export const isPhoneWidth = (): boolean => typeof window !== 'undefined' && !!window.matchMedia?.(PHONE).matches;

export function FoldCard({ title, testId, children }: { title: ReactNode; testId?: string; children: ReactNode }) {
  return (
    <details className="card card-fold" data-testid={testId} open={!isPhoneWidth()}>
      <summary className="card-head"><h2>{title}</h2></summary>
      {children}
    </details>
  );
}
