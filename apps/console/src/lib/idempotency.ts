/**
 * One Idempotency-Key per form submission. A retry after a network failure (no response, so the
 * api may or may not have applied it) reuses the key when the body is unchanged; any answered
 * attempt or a changed body gets a new key (reusing a key with another body is a 409).
 */
import { useRef } from 'react';
import { uuid } from './uuid';

export class SubmissionKeys {
  private last: { key: string; body: string; answered: boolean } | undefined;

  keyFor(body: unknown): string {
    const json = JSON.stringify(body);
    if (this.last && !this.last.answered && this.last.body === json) return this.last.key;
    this.last = { key: uuid(), body: json, answered: false };
    return this.last.key;
  }

  /** Record whether the api answered (any HTTP status) or the request got no response. */
  settle(answered: boolean): void {
    if (this.last) this.last.answered = answered;
  }
}

export function useSubmissionKeys(): SubmissionKeys {
  const ref = useRef<SubmissionKeys | null>(null);
  ref.current ??= new SubmissionKeys();
  return ref.current;
}
