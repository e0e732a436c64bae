/** Filing data, machine context and events of the minimum living allowance (最低生活保障, 低保; PROCESSES.md §6). */

export const PROCESS_KEY = 'minimum-living-allowance';

export const LABOR_CAPACITIES = ['full', 'partial', 'none'] as const;
export const BASES = ['income', 'expenditure', 'single_person'] as const;
export const RELATIVE_POSITIONS = ['dibao_staff', 'village_party', 'village_committee'] as const;
export const HOUSEHOLD_CLASSES = ['stable', 'unstable'] as const;
export type HouseholdClass = (typeof HOUSEHOLD_CLASSES)[number];
export const RECOMMENDATIONS = ['approve', 'reject'] as const;
export const CHANGE_KINDS = ['income', 'members', 'death', 'moved_away', 'fraud_report', 'voluntary_exit', 'other'] as const;
export const PROPOSALS = ['continue', 'adjust', 'gradual_exit', 'terminate'] as const;
/** How the county settled a 特困 referral: referred to 特困供养 assessment, not eligible, or declined by the person. */
export const TEKUN_OUTCOMES = ['referred', 'not_eligible', 'declined'] as const;
export type Proposal = (typeof PROPOSALS)[number];
export const TERMINATION_GROUNDS = ['fraud', 'ineligible', 'income_above_line', 'death', 'moved_away', 'voluntary'] as const;
export type TerminationGround = (typeof TERMINATION_GROUNDS)[number];
/** Grounds on which payments are held while a terminate proposal waits (PROCESSES.md §6). */
export const HOLDING_GROUNDS: readonly TerminationGround[] = ['fraud', 'ineligible', 'death', 'moved_away'];
/** Grounds that start the one-month `stop` clock: the township's 核实属实 (seed: 1个月内取消). */
export const STOP_GROUNDS: readonly TerminationGround[] = ['fraud', 'ineligible', 'death', 'moved_away'];

export interface Member {
  name: string;
  /** Masked by the engine at filing (the full number is encrypted outside the case data). */
  idNumber: string;
  relation: string;
  laborCapacity: (typeof LABOR_CAPACITIES)[number];
}

export interface FilingData {
  members: Member[];
  basis: (typeof BASES)[number];
  declaredMonthlyIncomeYuan: number;
  declaredAssets: string;
  checkConsentRef: string;
  relativeDeclaration: { declared: boolean; staffName?: string; position?: (typeof RELATIVE_POSITIONS)[number]; relation?: string };
}

/** Where the case sits, given to the machine at filing: the line and the authorised township depend on it. */
export interface Place {
  villageCode: string;
  townshipCode: string;
  countyCode: string;
}

export interface Assets {
  depositsYuan: number;
  vehicles: number;
  extraHousing: boolean;
  businessRegistered: boolean;
}

export interface Investigation {
  checkReportRef: string;
  visitDate: string;
  investigators: string[];
  householdSize: number;
  monthlyIncomeYuan: number;
  incomeItems: Array<{ kind: string; monthlyYuan: number }>;
  rigidExpenditureYuan: number;
  assets: Assets;
  assetsWithinLimits: boolean;
  householdClass: HouseholdClass;
  recommendation: (typeof RECOMMENDATIONS)[number];
  opinion: string;
  democraticReview?: boolean;
  tekunCandidates?: string[];
}

/** The figures a decision rests on: per-capita income p against the line in force, and the amount. */
export interface Assessment {
  lineYuan: number;
  perCapitaIncomeYuan: number;
  householdSize: number;
  eligible: boolean;
  /** The monthly amount the rule gives (0 when not eligible). */
  amountYuan: number;
}

export interface Review {
  checkReportRef: string;
  visitDate: string;
  investigators: string[];
  householdSize: number;
  monthlyIncomeYuan: number;
  rigidExpenditureYuan: number;
  assetsWithinLimits: boolean;
  householdClass: HouseholdClass;
  proposal: Proposal;
  ground?: TerminationGround;
  findings: string;
}

export type PayingState = 'in_payment' | 'review' | 'gradual_exit';

export interface MlaContext {
  data: FilingData;
  place: Place;
  /** From the filing: the applicant and the members. */
  householdSize: number;
  /** Recorded by the registry lookup at filing (never blocking): a 建档立卡 household may exit gradually. */
  registeredPoor?: boolean;
  materialsRequested: boolean;
  missingMaterials?: string[];
  materialsNote?: string;
  acceptedMaterials?: string[];
  investigation?: Investigation;
  /** p, the line and the amount from the latest investigation. */
  assessment?: Assessment;
  /** How many investigations were submitted (a re-investigation after an objection or a failed vote counts). */
  investigations: number;
  /** The 公示 rounds published (an objection leads to a new one). */
  noticeRounds: number;
  democraticReviews: Array<{ meetingDate: string; attendees: number; votesFor: number; votesAgainst: number; minutesRef: string; passed: boolean }>;
  objections: string[];
  /** Who confirms: the county, or an authorised township (decided at the end of the notice). */
  confirmationLevel?: 'county' | 'township';
  deadlineExtended: boolean;
  extensionReason?: string;
  returnedFor?: string[];
  countyVisit?: { visitDate: string; investigators: string[] };
  /** The monthly amount paid (paymentSchedule.amountField). */
  amountYuan?: number;
  /** The line in force at the latest decision. */
  lineYuan?: number;
  householdClass?: HouseholdClass;
  /** Every decision on the amount, in order: confirmation and adjustments, with the line in force. */
  decisions: Array<{ kind: 'confirm' | 'adjust' | 'gradual_exit' | 'terminate'; amountYuan: number; lineYuan: number; perCapitaIncomeYuan?: number }>;
  dueMonths: string[];
  paid: Array<{ period: string; paymentRef: string }>;
  failed: Array<{ period: string; error: string }>;
  reviewsDue: string[];
  changeReports: Array<{ kind: (typeof CHANGE_KINDS)[number]; occurredOn: string; summary: string }>;
  fraudReported: boolean;
  /** The review history (动态管理), every SUBMIT_REVIEW in order. */
  reviews: Array<Review & { assessment: Assessment }>;
  /** A review's proposal waiting for the change decision; `from` is where REJECT_PROPOSAL returns. */
  pendingProposal?: Review & { assessment: Assessment; from: PayingState };
  /** Payments are held while this is true (a terminate proposal on fraud/ineligible/death/moved_away waits). */
  paymentsHeld: boolean;
  gradualExit?: { months: number; monthsPaid: number; amountYuan: number };
  rejectedProposals: string[];
  termination?: { ground: TerminationGround; reason: string; recoveryYuan?: number };
  recoveryDue: boolean;
  refusalReason?: string;
  withdrawalReason?: string;
  tekunReferrals: string[];
  /** The county's line in force (data), from filing and each line change; absent = the configured line. */
  lineInForceYuan?: number;
  /** The county's outcome per referral, by its index in tekunReferrals. */
  tekunOutcomes: Array<{ index: number; outcome: (typeof TEKUN_OUTCOMES)[number]; note: string }>;
  outcome?: 'rejected' | 'withdrawn' | 'exited' | 'terminated';
}

export interface MlaInput {
  data: FilingData;
  place?: Place;
  /** The jurisdiction settings in force at filing (index.ts: `line`, the county's 低保 line). */
  settings?: { line?: number };
}

type E<T extends string, P> = { type: T; payload: P };

export type MlaEvent =
  | E<'REGISTRY_CHECKED', { registeredPoor: boolean; category?: string }>
  | E<'ACCEPT_APPLICATION', { materials: string[] }>
  | E<'REQUEST_MATERIALS', { missing: string[] }>
  | E<'REFUSE_ACCEPTANCE', { reason: string }>
  | E<'MATERIALS_SUPPLIED', { note: string }>
  | E<'MATERIALS_DEADLINE_PASSED', Record<string, never>>
  | E<'SUBMIT_INVESTIGATION', Investigation>
  | E<'RECORD_DEMOCRATIC_REVIEW', { meetingDate: string; attendees: number; votesFor: number; votesAgainst: number; minutesRef: string; passed: boolean }>
  | E<'NOTICE_PERIOD_ENDED', Record<string, never>>
  | E<'RECORD_OBJECTION', { summary: string }>
  | E<'CONFIRM_DIBAO', { amountYuan: number; countyVisit?: { visitDate: string; investigators: string[] } }>
  | E<'REFUSE_DIBAO', { reason: string }>
  | E<'RETURN_FOR_INVESTIGATION', { missing: string[] }>
  | E<'EXTEND_DEADLINE', { reason: string }>
  | E<'MONTHLY_PAYMENT_DUE', { period: string }>
  | E<'PAYMENT_CONFIRMED', { period: string; paymentRef: string }>
  | E<'PAYMENT_FAILED', { period: string; error: string }>
  | E<'REVIEW_DUE', { period: string; lineYuan?: number }>
  | E<'REPORT_CHANGE', { kind: (typeof CHANGE_KINDS)[number]; occurredOn: string; summary: string }>
  | E<'SUBMIT_REVIEW', Review>
  | E<'APPROVE_ADJUSTMENT', { amountYuan: number }>
  | E<'APPROVE_GRADUAL_EXIT', { months: number }>
  | E<'TERMINATE_DIBAO', { ground: TerminationGround; reason: string; recoveryYuan?: number }>
  | E<'REJECT_PROPOSAL', { reason: string }>
  | E<'WITHDRAW', { reason: string }>
  | E<'RECORD_TEKUN_REFERRAL', { index: number; outcome: (typeof TEKUN_OUTCOMES)[number]; note: string }>;

export type MlaEventType = MlaEvent['type'];
