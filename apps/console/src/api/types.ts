/** Types of the casework API contract (apps/api), as the console reads them. */

export interface Text {
  zh: string;
  en: string;
}

export type Lane = 'emergency' | 'fast' | 'normal';
export type Level = 'province' | 'city' | 'county' | 'township' | 'village';
/** Highest first, as jurisdictions nest. */
export const LEVELS: Level[] = ['province', 'city', 'county', 'township', 'village'];
export type JsonSchema = Record<string, unknown>;

export interface Jurisdiction {
  code: string;
  name: string;
  level: Level;
  parentCode?: string | null;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  jurisdiction: { code: string; name: string; level: Level };
  /** First login or a reset password: only the password change is allowed until it is done. */
  mustChangePassword?: boolean;
}

export interface LoginResult {
  accessToken: string;
  user: User;
  mustChangePassword?: boolean;
}

export interface ActorSpec {
  role: string;
  level: Level;
  assignee?: 'required' | 'excluded';
}

export interface ProcessState {
  id: string;
  title: Text;
  final?: { outcome: string };
  task?: { kind: string; role: string; level: Level };
}

export interface ProcessEvent {
  type: string;
  title: Text;
  payload: JsonSchema;
  actors: 'system' | ActorSpec[];
  decisionGroup?: string;
  /** What the event decides, declared by the process (the api's DecisionKind; undeclared = other). */
  decision: DecisionKind;
}

/** The api's DECISION_KINDS: 同意 / 不同意 / 退回 / 办理 / 撤回. */
export type DecisionKind = 'approve' | 'refuse' | 'return' | 'other' | 'withdraw';

export interface Transition {
  from: string;
  /** Event type; "" for an eventless (automatic) edge. */
  event: string;
  to: string[];
}

/** How a finished case counts in reports (the api's definition.outcomes). */
export type ReportCategory = 'completed' | 'refused' | 'withdrawn' | 'terminated' | 'exited';

export interface ProcessInfo {
  key: string;
  version: number;
  title: Text;
  initial: string | null;
  filing: JsonSchema;
  /** Who may file: one of these roles at the village's node of this level. */
  filedBy: { roles: string[]; level: Level; also?: Array<{ roles: string[]; level: Level }> };
  states: ProcessState[];
  events: ProcessEvent[];
  transitions: Transition[];
  /** Public notice states, by state id. */
  notices: Record<string, { result: Text; issuer: { level: Level; department: Text } }>;
  /** 长期公布: the village's standing list of the process, when it keeps one. */
  standingList?: { title: Text; states: string[] } | null;
  /** The process's flags, by code (the engine's own are in the dictionary). */
  flags: Record<string, { title: Text; reviewers: boolean }>;
  /** What a finished case's outcome is called and how it counts. */
  outcomes: Record<string, { title: Text; counts: ReportCategory }>;
  /** A process about another case: filed without applicant and village, from a case, its flag and audit entries. */
  subject?: { action: Text; caseField: string; flagField: string | null; entriesField: string | null } | null;
  /** Its SLA clocks by name (a flag's detail names one). */
  clocks?: Array<{ name: string; title: Text }>;
  /** {zh,en} titles of the process's fields and values: the console has no words of its own for a process. */
  titles: { fields: Record<string, Text>; values: Record<string, Text> };
}

export interface Applicant {
  name: string;
  idNumberMasked: string;
  phone?: string;
  householdSize?: number;
}

export interface CaseSummary {
  id: string;
  processKey: string;
  state: string;
  stateTitle: Text;
  lane: Lane;
  /** Null for a case about another case (it has no applicant). */
  applicant: { name: string; idNumberMasked: string } | null;
  villageCode: string;
  villageName: string;
  filedAt: string;
  updatedAt: string;
  flags: string[];
  overdue: boolean;
}

export interface Clock {
  name: string;
  title: Text;
  basis?: Text;
  startedAt: string;
  warnAt: string | null;
  dueAt: string;
  status: 'running' | 'met' | 'warned' | 'breached';
  stoppedAt: string | null;
}

export interface CaseFlag {
  code: string;
  at: string;
  detail: unknown;
}

export interface Task {
  id: string;
  caseId: string;
  processKey: string;
  kind: string;
  title: Text;
  role: string;
  jurisdictionCode: string;
  lane: Lane;
  laneReason: Text | null;
  priority: number;
  dueAt: string | null;
  overdue: boolean;
  status: 'open' | 'claimed';
  claimedBy: string | null;
  /** The claimer's display name (claimedBy is their id). */
  claimedByName?: string | null;
  createdAt: string;
  case?: {
    state: string;
    stateTitle: Text;
    applicantName: string;
    villageName: string;
    /** 受理时间 and the whole days the applicant has waited since. */
    filedAt?: string;
    waitingDays?: number;
    amount?: { amount: number; title: Text } | null;
    /** Who moved the case last (上一经办人). */
    previousHandler?: { username: string; displayName: string; at: string } | null;
  };
  /** 催办: how often a supervisor urged it, and the latest urge. */
  urges?: number;
  lastUrge?: Urge | null;
}

export interface Urge {
  at: string;
  by: string;
  message: string;
}

/** A person a field or a reassignment may name, with their open caseload. */
export interface AssignablePerson {
  username: string;
  displayName: string;
  openCases: number;
}

/** GET /api/cases/:id/supervision: the caller's 督办 on the case. */
export interface SupervisionOverview {
  caseId: string;
  supervisor: boolean;
  supervisionTasks: Array<{ id: string; kind: string; role: string; dueAt: string | null }>;
  supervised: Array<{
    id: string;
    kind: string;
    title: Text;
    role: string;
    roleTitle: string;
    place: string;
    status: 'open' | 'claimed';
    dueAt: string | null;
    claimedBy: { username: string; displayName: string } | null;
    assignee: string | null;
    urges: number;
    lastUrge: Urge | null;
    candidates: AssignablePerson[];
  }>;
}

export interface BatchClaimResult {
  results: Array<{ id: string; status: number; task?: Task; detail?: string }>;
  claimed: number;
}

export interface AuditActionChoice {
  action: string;
  title: Text;
  process: Text | null;
}

export interface CaseView {
  id: string;
  processKey: string;
  processVersion: number;
  state: string;
  stateTitle: Text;
  lane: Lane;
  laneReason: Text | null;
  jurisdiction: {
    villageCode: string;
    villageName: string;
    townshipCode: string;
    townshipName: string;
    countyCode: string;
    countyName: string;
  };
  /** Null for a case about another case: `subjectCaseId` names that case. */
  applicant: Applicant | null;
  subjectCaseId?: string | null;
  /** Open cases about this one (findings) the caller may see. */
  openCasesAbout?: Array<{ id: string; processKey: string; state: string; stateTitle: Text; filedAt: string }>;
  data: Record<string, unknown>;
  context: Record<string, unknown>;
  flags: CaseFlag[];
  revision: number;
  filedBy: string | { username: string; displayName?: string };
  filedAt: string;
  updatedAt: string;
  outcome: string | null;
  deadlines: Array<{ event: string; dueAt: string; status: string }>;
  clocks: Clock[];
  payments?: Array<{ period: string; status: 'scheduled' | 'held' | 'paid' | 'failed' | 'cancelled'; amount: number; paymentRef: string | null; paidAt: string | null; error: string | null }>;
  availableEvents: string[];
  /** For available events: the limits, options and computed values their rules will enforce on this case. */
  eventHints?: Record<string, EventHints>;
  /** Display names of the usernames the context names (an assigned lawyer). */
  people?: Record<string, string>;
  /** Names of the jurisdiction codes the data and context hold (a finding's 责任单位). */
  places?: Record<string, string>;
  openTasks: Task[];
}

/** One payload field's hint (the api's FieldHint): advisory, the rule still decides. */
export interface FieldHint {
  options?: unknown[];
  maximum?: number;
  maximumBy?: { field: string; values: Record<string, number> };
  equals?: number;
  value?: unknown;
  sumAtMost?: { fields: string[]; field: string };
  notAfterToday?: boolean;
  note?: Text;
}
export type EventHints = Record<string, FieldHint>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TaskPage extends Page<Task> {
  counts: { emergency: number; fast: number; normal: number; overdue: number };
}

export interface HistoryEntry {
  seq: number;
  at: string;
  actor: { username: string; displayName: string } | null;
  role: string | null;
  action: string;
  fromState: string | null;
  toState: string | null;
  payload: unknown;
  hash: string;
}

export interface Notice {
  processKey: string;
  caseId: string;
  stage: { state: string; title: Text | string };
  applicant: { name: string; idNumberMasked: string };
  village: string | { code?: string; name: string };
  township: string | { code?: string; name: string };
  county: string | { code?: string; name: string };
  result: string | Text;
  /** Lines the process adds under the result (a grade, a method, an amount). */
  details: Array<{ key: string; title: Text; value: Text | number; money?: boolean }>;
  /** Who publishes the notice: the office of the case's node at that level. */
  issuer: { level: Level; name: string; department: Text };
  /** `to` is null when the notice stage has no timer on record. */
  period: { from: string; to: string | null };
  hotline: string;
}

/** A printed form's content (GET /api/cases/:id/documents/:key): the process declares it, the api resolves it. */
export type DocumentFormat = 'text' | 'money' | 'date' | 'value' | 'list' | 'count' | 'person';
export interface DocumentFieldValue {
  key: string;
  title: Text;
  format: DocumentFormat;
  wide: boolean;
  /** null: the case does not have it (yet); the sheet leaves the line blank. */
  value: string | number | Text | Array<string | Text> | null;
}
export interface DocumentSheet {
  key: string;
  caseId: string;
  caseNo: string;
  processKey: string;
  processTitle: Text;
  title: Text;
  issuer: { level: Level; name: string; department: Text };
  intro: Text | null;
  sections: Array<{ title: Text | null; fields: DocumentFieldValue[] }>;
  closing: Text | null;
  signatures: Text[];
  seal: true;
  printedAt: string;
}

/** A village's 公示 table (GET /api/notice-tables/:processKey/:state?villageCode=). */
export interface NoticeTable {
  processKey: string;
  processTitle: Text;
  stage: { state: string; title: Text };
  result: Text;
  village: string;
  township: string;
  county: string;
  issuer: { level: Level; name: string; department: Text };
  hotline: string;
  printedAt: string;
  rows: Array<{
    caseNo: string;
    nameMasked: string;
    idNumberMasked: string;
    householdSize: number | null;
    details: Array<{ key: string; title: Text; value: Text | number; money?: boolean }>;
    period: { from: string | null; to: string | null };
  }>;
}

/** 长期公布: GET /api/cases/standing-lists/:processKey/:villageCode (names masked). */
export interface StandingList {
  processKey: string;
  title: Text;
  village: string;
  villageCode: string;
  items: Array<{ caseId: string; name: string; since: string | null; details: Notice['details'] }>;
  hotline: string;
}

/** GET /api/audit: a page of entries and the names of the jurisdiction codes it holds. */
export interface AuditSearchPage extends Page<AuditEntry> {
  places?: Record<string, string>;
}

export interface AuditEntry {
  id: string;
  chainId: string;
  seq: number;
  caseId: string | null;
  at: string;
  actor: string | { username: string; displayName?: string } | null;
  /** The actor's display name (the search answers it beside the login name). */
  actorDisplayName?: string | null;
  role: string | null;
  jurisdictionCode: string | null;
  action: string;
  outcome: string;
  fromState: string | null;
  toState: string | null;
  payload: unknown;
}

export interface VerifyResult {
  valid: boolean;
  checked: number;
  chains: number;
  firstBad?: { chainId: string; caseId: string | null; seq: number; reason: string };
}

export interface FlagItem {
  code: string;
  caseId: string;
  at: string;
  detail: unknown;
  processKey?: string;
  /** The audit entries behind the flag (the same instant on the case's chain). */
  auditEntryIds?: number[];
}

export interface FlagsResult {
  items: FlagItem[];
  counts: Record<string, number>;
  /** {zh, en} title of every code the list may show. */
  titles?: Record<string, Text>;
  /** Display names of the usernames the page's details name (操作人, 相关人员). */
  people?: Record<string, string>;
}

export interface DispatchRow {
  processKey: string;
  countyCode: string;
  countyName: string;
  filed: number;
  completed: number;
  rejected: number;
  /** Older apis leave it out. */
  withdrawnOrTerminated?: number;
  inProgress: number;
  slaMet: number;
  slaBreached: number;
  slaMetPct: number | null;
  /** Cases (not deadlines): on time / late in the period. */
  slaCasesMet?: number;
  slaCasesBreached?: number;
  stageMedians: Record<string, number>;
  /** Finished in the period by outcome, flags raised by code, money in yuan (absent from older apis). */
  byOutcome?: Record<string, number>;
  entered?: Record<string, number>;
  flags?: Record<string, number>;
  moneyGrantedYuan?: number;
  moneyPaidYuan?: number;
  casesInPayment?: number;
}

/** GET /api/reports/dispatch: 月调度 (month), 季汇总 (quarter), 半年通报 (half). */
export interface DispatchReport {
  /** "2026-05", "2026-Q3", "2026-H1" (older apis send only `month`). */
  period?: string;
  kind?: 'month' | 'quarter' | 'half';
  month?: string;
  countyCode?: string | null;
  source?: 'kept' | 'live';
  builtAt?: string | null;
  titles?: { outcomes: Record<string, Record<string, Text>>; states?: Record<string, Record<string, Text>>; flags: Record<string, Text> };
  rows: DispatchRow[];
  /** Each township's volumes under its county. */
  townships?: DispatchTownshipRow[];
}

export interface DispatchTownshipRow {
  processKey: string;
  countyCode: string;
  townshipCode: string;
  townshipName: string;
  filed: number;
  completed: number;
  rejected: number;
  withdrawnOrTerminated: number;
  inProgress: number;
  slaCasesBreached: number;
}

/** RFC 9457 problem details, with the api's field errors. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  /** Field errors; a CSV import's also name the line (1 = the header). */
  errors?: Array<{ field: string; message: string; line?: number }>;
}

/** A node of GET /api/jurisdictions?parent= (lazily browsed tree). */
export interface JurisdictionNode {
  code: string;
  name: string;
  level: Level;
  parentCode: string | null;
  childCount: number;
}

/** GET /api/admin/roles: which jurisdiction levels each role may sit at. */
export interface AdminRole {
  role: string;
  title: Text | string;
  levels: Level[];
}

export interface AdminUser {
  username: string;
  displayName: string;
  roles: string[];
  jurisdiction: { code: string; name: string; level: Level };
  phone: string | null;
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface NewUser {
  username: string;
  displayName: string;
  roles: string[];
  jurisdictionCode: string;
  phone?: string;
}

export interface UserPatch {
  displayName?: string;
  roles?: string[];
  jurisdictionCode?: string;
  disabled?: boolean;
}

export interface ImportCounts {
  imported: number;
  updated: number;
  unchanged: number;
}

/** A document on a case (GET /api/cases/:id/attachments). */
export interface Attachment {
  id: string;
  name: string;
  size: number;
  contentType: string;
  sha256: string;
  kind: string;
  kindTitle: Text;
  uploadedBy: { username: string; displayName: string };
  uploadedAt: string;
}

export interface AttachmentList {
  caseId: string;
  canUpload: boolean;
  maxBytes: number;
  kinds: Array<{ kind: string; title: Text }>;
  items: Attachment[];
}
