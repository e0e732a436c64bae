/** Filing data, machine context and events of temporary assistance (临时救助). */

export const PROCESS_KEY = 'temporary-assistance';

export const HARDSHIP_TYPES = ['fire', 'traffic_accident', 'accident', 'sudden_illness', 'expenditure', 'other'] as const;
export type HardshipType = (typeof HARDSHIP_TYPES)[number];

export const URGENCIES = ['emergency', 'normal'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const RELIEF_FORMS = ['cash', 'transfer', 'in_kind'] as const;
export type ReliefForm = (typeof RELIEF_FORMS)[number];

export interface FilingData {
  hardshipType: HardshipType;
  urgency: Urgency;
  description: string;
  /** Yuan. */
  requestedAmount: number;
}

/** This process uses two of the engine's lanes. */
export type TemporaryAssistanceLane = 'emergency' | 'normal';

/** Who approves, recorded on entering an approval state so that rules (which see only context) know. */
export type ApprovalStage = 'township' | 'county' | 'deliberation';

export type Outcome = 'paid' | 'confirmed' | 'revoked';

export interface FirstRelief {
  amount: number;
  form: ReliefForm;
  grantedAt: string;
}

export interface Deliberation {
  meetingDate: string;
  participants: string[];
  decision: 'approve' | 'reject';
  amount?: number;
  minutesRef: string;
}

/** Everything here is JSON: the engine stores it as the case's context. */
export interface TemporaryAssistanceContext {
  data: FilingData;
  lane: TemporaryAssistanceLane;
  /** Set when the township declined first relief and moved the case to the normal procedure. */
  emergencyDeclineReason?: string;
  firstRelief?: FirstRelief;
  formalities?: { investigationReport: string; documents: string[] };
  investigationFindings?: string;
  /** From SUBMIT_INVESTIGATION; routes the case after the notice period. */
  recommendedAmount?: number;
  objections: string[];
  approvalStage?: ApprovalStage;
  /** What the disbursement job pays (definition.amountField). */
  approvedAmount?: number;
  overrideReason?: string;
  deliberation?: Deliberation;
  rejectionReason?: string;
  charityReferrals: Array<{ organization: string; note: string }>;
  paymentRef?: string;
  confirmationNote?: string;
  revocationReason?: string;
  /** A revoked first relief must be recovered (追回): a hint for the discipline reviewers. */
  recoveryRequired?: boolean;
  withdrawalReason?: string;
  /** How a closed case ended; the engine stores it as the case outcome. */
  outcome?: Outcome;
}

export interface TemporaryAssistanceInput {
  data: FilingData;
}

type E<T extends string, P> = { type: T; payload: P };

export type TemporaryAssistanceEvent =
  | E<'GRANT_FIRST_RELIEF', FirstRelief>
  | E<'DECLINE_EMERGENCY', { reason: string }>
  | E<'SUBMIT_FORMALITIES', { investigationReport: string; documents: string[] }>
  | E<'CONFIRM_RELIEF', { note: string }>
  | E<'REVOKE_RELIEF', { reason: string }>
  | E<'SUBMIT_INVESTIGATION', { findings: string; recommendedAmount: number }>
  | E<'REJECT', { reason: string }>
  | E<'NOTICE_PERIOD_ENDED', Record<string, never>>
  | E<'RECORD_OBJECTION', { summary: string }>
  | E<'APPROVE', { amount: number; overrideReason?: string }>
  | E<'RECORD_DELIBERATION', Deliberation & { overrideReason?: string; reason?: string }>
  | E<'PAYMENT_CONFIRMED', { paymentRef: string }>
  | E<'REFER_TO_CHARITY', { organization: string; note: string }>
  | E<'WITHDRAW', { reason: string }>;

export type TemporaryAssistanceEventType = TemporaryAssistanceEvent['type'];
