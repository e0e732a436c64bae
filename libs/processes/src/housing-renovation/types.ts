/** Filing data, machine context and events of rural housing renovation (农村危房改造). */

export const PROCESS_KEY = 'housing-renovation';

/** Registry categories (PROCESSES.md §1); the filing names the one the applicant claims. */
export const CATEGORIES = ['registered_poor', 'dibao', 'tekun', 'poor_disabled'] as const;
export type Category = (typeof CATEGORIES)[number];

export const REGISTRY_STATUSES = ['not_lifted', 'lifted_with_policy', 'new'] as const;
export type RegistryStatus = (typeof REGISTRY_STATUSES)[number];

/** House safety grades (房屋安全等级); NO_HOUSE = 无房户. */
export const GRADES = ['A', 'B', 'C', 'D', 'NO_HOUSE'] as const;
export type Grade = (typeof GRADES)[number];

/** Renovation methods: 维修加固, 拆除重建, 新建, 租赁(宜租则租). */
export const METHODS = ['reinforce', 'rebuild', 'new_build', 'rent'] as const;
export type Method = (typeof METHODS)[number];

export const GRADE_ZH: Record<Grade, string> = {
  A: 'A 级',
  B: 'B 级',
  C: 'C 级（局部危房）',
  D: 'D 级（整幢危房）',
  NO_HOUSE: '无房户',
};

export const METHOD_ZH: Record<Method, string> = { reinforce: '维修加固', rebuild: '拆除重建', new_build: '新建', rent: '租赁安置' };

/** 宜固则固、宜建则建、宜租则租: the methods each qualifying grade allows; A and B do not qualify. */
export const METHODS_BY_GRADE: Record<Grade, readonly Method[]> = {
  A: [],
  B: [],
  C: ['reinforce'],
  D: ['rebuild', 'rent'],
  NO_HOUSE: ['new_build', 'rent'],
};

export const CATEGORY_ZH: Record<Category, string> = {
  registered_poor: '建档立卡贫困户',
  dibao: '低保户',
  tekun: '特困供养人员',
  poor_disabled: '贫困残疾人家庭',
};

/** The three notices of the 三级公示 system. */
export type NoticeLevel = 'village' | 'township' | 'county';

export interface FilingData {
  category: Category;
  houseDescription: string;
  houseStructure?: string;
  builtYear?: number;
}

/** How the applicant's identity was settled (身份识别以扶贫部门认定为准). */
export interface IdentityRecord {
  /** verified/unverified by the registry lookup; confirmed/rejected by the poverty office after it. */
  result: 'verified' | 'unverified' | 'confirmed' | 'rejected';
  registryCategory?: Category;
  registryStatus?: RegistryStatus;
  /** Why the registry lookup did not verify (zh-CN). */
  lookupReason?: string;
  /** The poverty office's note when it confirmed the identity by hand. */
  note?: string;
}

export interface CollectiveReview {
  meetingDate: string;
  attendees: number;
  votesFor: number;
  votesAgainst: number;
  minutesRef: string;
  passed: boolean;
}

export interface Objection {
  notice: NoticeLevel;
  summary: string;
}

/** A return for correction: by the township (to the village) or by the county (to the township). */
export interface Correction {
  returnedFrom: 'township_audit' | 'county_approval';
  missing: string[];
  resubmitNote?: string;
}

export interface Acceptance {
  passed: boolean;
  checklist?: Record<string, boolean>;
  inspectors?: string[];
  failedItems?: string[];
  note?: string;
}

/** Everything here is JSON: the engine stores it as the case's context. */
export interface HousingRenovationContext {
  data: FilingData;
  /** The category claimed at filing, checked against the registry. */
  category: Category;
  identity?: IdentityRecord;
  collectiveReview?: CollectiveReview;
  /** Notices whose period ended without an objection, in the order they ended. */
  noticesCompleted: NoticeLevel[];
  objections: Objection[];
  townshipOpinion?: string;
  correction?: Correction;
  grade?: Grade;
  assessment?: { reportRef: string; assessedAt: string };
  /** Decided by the county (COUNTY_APPROVE); read by notices and the national report. */
  method?: Method;
  subsidyAmount?: number;
  agreementNo?: string;
  agreement?: { signedAt: string; plannedCompletionDate: string };
  /** The latest progress report. */
  progress?: { percent: number; note: string };
  completion?: { completedAt: string };
  /** The latest acceptance result; `acceptanceFailures` counts failed rounds before it. */
  acceptance?: Acceptance;
  acceptanceFailures: number;
  rectificationNote?: string;
  handover?: { moveInDate: string; signInstalled: true };
  rejectionReason?: string;
  /** The state the case was rejected in. */
  rejectedIn?: string;
  withdrawalReason?: string;
  withdrawnFrom?: string;
}

export interface HousingRenovationInput {
  data: FilingData;
}

type E<T extends string, P> = { type: T; payload: P };

export type HousingRenovationEvent =
  | E<'IDENTITY_VERIFIED', { category: Category; status: RegistryStatus }>
  | E<'IDENTITY_UNVERIFIED', { reason: string }>
  | E<'CONFIRM_IDENTITY', { note: string }>
  | E<'REJECT_IDENTITY', { reason: string }>
  | E<'RECORD_COLLECTIVE_REVIEW', CollectiveReview>
  | E<'NOTICE_PERIOD_ENDED', Record<string, never>>
  | E<'RECORD_OBJECTION', { summary: string }>
  | E<'TOWNSHIP_APPROVE', { opinion: string }>
  | E<'TOWNSHIP_REJECT', { reason: string }>
  | E<'RETURN_FOR_CORRECTION', { missing: string[] }>
  | E<'RESUBMIT', { note: string }>
  | E<'SUBMIT_ASSESSMENT', { grade: Grade; reportRef: string; assessedAt: string }>
  | E<'COUNTY_APPROVE', { method: Method; subsidyAmount: number }>
  | E<'COUNTY_REJECT', { reason: string }>
  | E<'SIGN_AGREEMENT', { agreementNo: string; signedAt: string; plannedCompletionDate: string }>
  | E<'REPORT_PROGRESS', { percent: number; note: string }>
  | E<'REPORT_COMPLETION', { completedAt: string }>
  | E<'ACCEPTANCE_PASSED', { checklist: Record<string, boolean>; inspectors: string[] }>
  | E<'ACCEPTANCE_FAILED', { failedItems: string[]; note: string }>
  | E<'RECTIFICATION_DONE', { note: string }>
  | E<'HANDOVER', { moveInDate: string; signInstalled: boolean }>
  | E<'WITHDRAW', { reason: string }>;

export type HousingRenovationEventType = HousingRenovationEvent['type'];
