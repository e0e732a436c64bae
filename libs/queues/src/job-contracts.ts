/** Payloads of the jobs the outbox relay hands to BullMQ. Every handler is idempotent. */
export interface TimerJob {
  timerId: string;
  caseId: string;
  armedRevision: number;
}

export interface ClockJob {
  clockId: string;
  caseId: string;
  phase: 'warn' | 'breach';
}

/** registry_lookup, disbursement, national_report, charity_referral. */
export interface CaseJob {
  caseId: string;
  revision: number;
  /** The event that queued it (for charity referrals: the referral's payload). */
  event?: { type: string; payload: Record<string, unknown> };
}
