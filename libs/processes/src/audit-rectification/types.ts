/** Filing data, machine context and events of the audit-rectification ledger (审计整改台账, PROCESSES.md §7). */
import type { ContextUnit, Role } from '../definition';
import type { SubjectFacts } from '../declarations';

export const PROCESS_KEY = 'audit-rectification';

export const CATEGORIES = ['favouritism', 'false_claim', 'split', 'diversion', 'procedure', 'inaction', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];
export const SEVERITIES = ['general', 'serious'] as const;
export const EVIDENCE_KINDS = ['audit_entry', 'document', 'payment'] as const;
export const RECEIVING_BODIES = ['discipline_inspection', 'judicial'] as const;
export type ReceivingBody = (typeof RECEIVING_BODIES)[number];
export const REFERRAL_OUTCOMES = ['case_opened', 'no_case', 'sanctioned', 'transferred'] as const;
export const SUPERVISION_METHODS = ['notice', 'interview', 'onsite'] as const;
/** Roles a finding may name as responsible: the line roles; never the reviewers themselves or admin. */
export const RESPONSIBLE_ROLES = [
  'village_clerk', 'township_officer', 'poverty_office', 'housing_assessor', 'county_housing', 'county_civil',
  'legal_aid_officer', 'lawyer', 'quality_reviewer', 'justice_bureau',
] as const satisfies readonly Role[];
export type ResponsibleRole = (typeof RESPONSIBLE_ROLES)[number];

export interface FilingData {
  subjectCaseId: string;
  flagCode?: string;
  auditEntryIds?: Array<string | number>;
  category: Category;
  severity: 'general' | 'serious';
  responsibleJurisdictionCode: string;
  responsibleRole: ResponsibleRole;
  description: string;
  basis: string;
  rectificationDays?: number;
  amountInvolvedYuan?: number;
}

export interface EvidenceRef {
  kind: (typeof EVIDENCE_KINDS)[number];
  ref: string;
}

export interface Rectification {
  measures: string;
  evidenceRefs: EvidenceRef[];
  completedAt: string;
  recoveredAmountYuan?: number;
}

export interface Referral {
  to: ReceivingBody;
  receiptNo: string;
  referredAt: string;
  summary: string;
  outcome?: (typeof REFERRAL_OUTCOMES)[number];
  outcomeNote?: string;
}

/** Everything here is JSON: the engine stores it as the case's context. */
export interface AuditRectificationContext {
  data: FilingData;
  /** The unit that must rectify (ActorSpec/TaskSpec unitsField): one entry. */
  responsibleUnits: ContextUnit[];
  /** The units above the responsible one, nearest first: who supervises at each escalation. */
  escalationPath: ContextUnit[];
  /** The supervisors escalations have reached so far (visibility, RECORD_SUPERVISION, their tasks). */
  supervisorUnits: ContextUnit[];
  escalationLevel: number;
  /** Days allowed for the current round of rectification (filing, a return or a relapse). */
  rectificationDays: number;
  rectifications: Rectification[];
  contests: Array<{ reason: string; evidenceRefs: EvidenceRef[] }>;
  /** What the unit answered last: only a rectification may be accepted, not a bare contest. */
  lastAnswer?: 'rectification' | 'contest';
  returns: Array<{ reasons: string[]; rectificationDays: number }>;
  overdueCount: number;
  relapses: Array<{ reason: string; rectificationDays: number }>;
  acceptance?: { note: string };
  recheck?: { checkedAt: string; note: string };
  referrals: Referral[];
  supervisions: Array<{ instruction: string; method: (typeof SUPERVISION_METHODS)[number]; escalationLevel: number }>;
  withdrawalReason?: string;
}

export interface AuditRectificationInput {
  data: FilingData;
  /** Given by the engine at filing (SubjectSpec); absent in machine-only tests. */
  subject?: SubjectFacts;
}

type E<T extends string, P> = { type: T; payload: P };

export type AuditRectificationEvent =
  | E<'SUBMIT_RECTIFICATION', Rectification>
  | E<'CONTEST_FINDING', { reason: string; evidenceRefs: EvidenceRef[] }>
  | E<'RECTIFICATION_OVERDUE', Record<string, never>>
  | E<'ACCEPT_RECTIFICATION', { note: string }>
  | E<'RETURN_RECTIFICATION', { reasons: string[]; rectificationDays?: number }>
  | E<'WITHDRAW_FINDING', { reason: string }>
  | E<'RECHECK_DUE', Record<string, never>>
  | E<'RECHECK_PASSED', { checkedAt: string; note: string }>
  | E<'RECHECK_FAILED', { reason: string; rectificationDays?: number }>
  | E<'REFER_CLUE', { to: ReceivingBody; receiptNo: string; referredAt: string; summary: string }>
  | E<'RECORD_REFERRAL_OUTCOME', { receiptNo: string; outcome: (typeof REFERRAL_OUTCOMES)[number]; note: string }>
  | E<'RECORD_SUPERVISION', { instruction: string; method: (typeof SUPERVISION_METHODS)[number] }>;

export type AuditRectificationEventType = AuditRectificationEvent['type'];
