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
  /**
   * The warning or due time the job was armed for (ISO). A clock paused and resumed since has other
   * times: the job is stale. Absent on jobs armed before clocks could pause.
   */
  at?: string;
}

/** registry_lookup, disbursement, national_report, charity_referral. */
export interface CaseJob {
  caseId: string;
  revision: number;
  /** The event that queued it (for charity referrals: the referral's payload). */
  event?: { type: string; payload: Record<string, unknown> };
  /** disbursement of a payment schedule: the period it pays (absent: the case's one-off payment). */
  period?: string;
}
