/** Filing data, machine context and events of legal aid (法律援助, PROCESSES.md §4). */
import type { RegistryFact } from '../definition';

export const PROCESS_KEY = 'legal-aid';

export const MATTER_TYPES = [
  'wage_arrears',
  'work_injury',
  'family_support',
  'elder_support',
  'domestic_violence',
  'contract',
  'other',
] as const;
export type MatterType = (typeof MATTER_TYPES)[number];

/**
 * Registry categories exempt from the economic-hardship check (法律援助法 Art. 42(2): social-assistance
 * recipients; the seed: 建档立卡贫困人口). poor_disabled is not in the contract's list and goes to review.
 */
export const EXEMPT_CATEGORIES = ['registered_poor', 'dibao', 'tekun'] as const satisfies readonly RegistryFact['category'][];
export type ExemptCategory = (typeof EXEMPT_CATEGORIES)[number];

export const ECONOMIC_CHECK_METHODS = ['data_check', 'integrity_pledge'] as const;
export type EconomicCheckMethod = (typeof ECONOMIC_CHECK_METHODS)[number];

/** How a lawyer's service ended (结案方式). */
export const SERVICE_OUTCOMES = [
  'won', // 胜诉
  'partly_won', // 部分胜诉
  'lost', // 败诉
  'mediated', // 调解结案
  'settled', // 和解
  'withdrawn_by_recipient', // 撤诉/撤回
  'other',
] as const;
export type ServiceOutcome = (typeof SERVICE_OUTCOMES)[number];

/** 法律援助法 Art. 48: grounds for terminating aid. */
export const TERMINATION_GROUNDS = [
  'fraud', // 以欺骗或者其他不正当手段获得法律援助
  'concealment_or_false_evidence', // 故意隐瞒重要事实或者提供虚假证据
  'illegal_use', // 利用法律援助从事违法活动
  'no_longer_eligible', // 经济状况变化，不再符合条件
  'proceedings_ended', // 案件终止审理或者已经被撤销
  'own_counsel', // 自行委托律师或者其他代理人
  'recipient_request', // 受援人有正当理由要求终止
  'other', // 法律法规规定的其他情形
] as const;
export type TerminationGround = (typeof TERMINATION_GROUNDS)[number];

export const PEER_REVIEW_GRADES = ['excellent', 'good', 'pass', 'fail'] as const;
export type PeerReviewGrade = (typeof PEER_REVIEW_GRADES)[number];

export interface FilingData {
  matterType: MatterType;
  summary: string;
  opposingParty: string;
  /** A real calendar date (YYYY-MM-DD): the limitation deadline (诉讼时效/法定期限届满日). */
  limitationDeadline?: string;
  /** The applicant's own ground for exemption from the economic check, for the officer to weigh. */
  exemptionClaim?: string;
}

/** This process uses two of the engine's lanes. */
export type LegalAidLane = 'fast' | 'normal';

export interface Denial {
  /** Where the denial was decided: the economic check or the acceptance decision. */
  stage: 'economic_review' | 'acceptance_review';
  reason: string;
}

/** Everything here is JSON: the engine stores it as the case's context. */
export interface LegalAidContext {
  data: FilingData;
  lane: LegalAidLane;
  /** FAST_LANE_CONFIRMED: exempt from the economic check, with the registry category and the legal basis. */
  exemption?: { category: ExemptCategory; basis: string };
  /** ECONOMIC_REVIEW_REQUIRED: why the registry did not exempt the applicant. */
  economicReviewReason?: string;
  economicCheck?: { passed: boolean; method: EconomicCheckMethod; note: string };
  /** REQUEST_MATERIALS sent so far: the law allows one notice listing everything missing. */
  materialsRequests: number;
  missingMaterials?: string[];
  materialsNote?: string;
  decisionNo?: string;
  /** PROVIDE_AID_FIRST (Art. 44): aid before the formal decision. */
  aidFirstReason?: string;
  denial?: Denial;
  objection?: { reason: string; upheldNote?: string; dismissalReason?: string };
  /** Username of the assigned lawyer (definition.assigneeField). */
  assignedLawyer?: string;
  progress: string[];
  closure?: { outcome: ServiceOutcome; summary: string; closedAt: string };
  peerReview?: { grade: PeerReviewGrade; score: number; comments: string };
  /** A failed peer review (同行评估不合格): a quality flag for the discipline reviewers. */
  qualityFail?: boolean;
  termination?: { ground: TerminationGround; note: string };
  /** Why the case was withdrawn (only by the materials deadline). */
  withdrawalReason?: string;
  /** How a `closed` case ended: served and peer-reviewed, or denied for good. The engine stores it as the case outcome. */
  outcome?: 'completed' | 'denied';
}

export interface LegalAidInput {
  data: FilingData;
}

type E<T extends string, P> = { type: T; payload: P };

export type LegalAidEvent =
  | E<'FAST_LANE_CONFIRMED', { category: ExemptCategory; basis: string }>
  | E<'ECONOMIC_REVIEW_REQUIRED', { reason: string }>
  | E<'ECONOMIC_CHECK', { passed: boolean; method: EconomicCheckMethod; note: string }>
  | E<'GRANT_AID', { decisionNo: string }>
  | E<'DENY_AID', { reason: string }>
  | E<'REQUEST_MATERIALS', { missing: string[] }>
  | E<'PROVIDE_AID_FIRST', { reason: string }>
  | E<'MATERIALS_SUPPLIED', { note: string }>
  | E<'MATERIALS_DEADLINE_PASSED', Record<string, never>>
  | E<'ASSIGN_LAWYER', { lawyer: string }>
  | E<'RECORD_PROGRESS', { note: string }>
  | E<'SUBMIT_CLOSURE', { outcome: ServiceOutcome; summary: string; closedAt: string }>
  | E<'TERMINATE_AID', { ground: TerminationGround; note: string }>
  | E<'SUBMIT_PEER_REVIEW', { grade: PeerReviewGrade; score: number; comments: string }>
  | E<'FILE_OBJECTION', { reason: string }>
  | E<'OBJECTION_WINDOW_ENDED', Record<string, never>>
  | E<'UPHOLD_OBJECTION', { note: string }>
  | E<'DISMISS_OBJECTION', { reason: string }>;

export type LegalAidEventType = LegalAidEvent['type'];
