/**
 * What a process declares so that generic code (engine, api, worker, console) never has to know it
 * by name: who files, which states are public notices and what they print, the flags it raises,
 * how its final outcomes count in reports, what its external report carries, the event its
 * payment job sends, who supervises its task roles, and the {zh,en} titles of every word it brings.
 * The registry checks these against the machine at start-up (registry-checks.ts).
 */
import type { Level, Role, Text } from './definition';
import type { DocumentSpec } from './documents';

/**
 * What the engine tells a process about the case a new case is about (SubjectSpec): its place,
 * its flags, and who acts in its process at each level (events' actors and tasks).
 */
export interface SubjectFacts {
  caseId: string;
  processKey: string;
  state: string;
  jurisdiction: { villageCode: string; townshipCode: string; countyCode: string; cityCode: string };
  flags: string[];
  rolesAt: Record<Level, Role[]>;
  /** The subject process's `supervisors` declaration. */
  supervisors: Partial<Record<Role, Role>>;
}

/**
 * A process whose cases are about another case, not a person (an audit finding): filed without
 * `applicant` and `villageCode` (400 if present), placed at the subject's jurisdiction path, and
 * checked against the subject by the engine before the process's own `check`.
 */
export interface SubjectSpec {
  /** The console's action that opens the filing from a flag or an audit entry (立案整改). */
  action: Text;
  /** The filing field holding the subject case's id: a case of another process inside the filer's subtree (else 404). */
  caseField: string;
  /** Optional filing field naming a flag code: it must be raised on the subject (else 422). */
  flagField?: string;
  /** Optional filing field listing audit entry ids: each must be an entry of the subject's chain (else 422). */
  entriesField?: string;
  /** One open case per subject and this filing field's value (else 422 `duplicate_finding`). */
  uniqueOpenBy?: string;
  /** Decision groups no one who acted on the subject case may send (independence of the check). */
  barredGroups?: string[];
  /** The process's own checks on the filing against the subject: a reason (422) or null. */
  check?: (data: Record<string, any>, subject: SubjectFacts) => Text | null;
}

/**
 * Who may see a case when §1's subtree rule is too wide (a finding names staff): holders of `roles`
 * whose subtree holds it, and holders of a unit's role at its node for each unit listed in the
 * context fields `unitsFields`. Everyone else gets 404, admin included.
 */
export interface VisibilitySpec {
  roles: Role[];
  unitsFields: string[];
}


/**
 * How a finished case counts in the 月调度 and other reports: approved and delivered (completed),
 * refused on the merits or revoked after the fact (refused), withdrawn by the applicant (withdrawn),
 * ended by the authority (terminated), or left the procedure otherwise, e.g. moved to another one
 * (exited).
 */
export const REPORT_CATEGORIES = ['completed', 'refused', 'withdrawn', 'terminated', 'exited'] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

/** Who may file a case: a holder of one of `roles` whose node is the filed village's node at `level`. */
export interface FilingRule {
  roles: Role[];
  level: Level;
  /** Further filers at other levels (低保: a village clerk for the village, or a township officer at the township's window). */
  also?: Array<{ roles: Role[]; level: Level }>;
}

/** A line a printed notice adds under the result (the grade, the method, an amount). */
export interface NoticeLine {
  /** Stable name (the console's test id is `notice-<key>`). */
  key: string;
  title: Text;
  value: Text | number;
  /** Print as money (yuan). */
  money?: boolean;
}

/** A public notice (公示) stage: the state itself is the notice period. */
export interface NoticeSpec<Context = any> {
  /** What the printed notice says the stage decided. */
  result: Text;
  /** Who publishes it: the office (`department`) of the case's node at `level` (村民委员会, 人民政府, 住房和城乡建设局). */
  issuer: { level: 'village' | 'township' | 'county'; department: Text };
  /** Further lines from the case context; left out when the value is not there yet. */
  details?: (context: Context) => NoticeLine[];
}

/**
 * 长期公布: the village's standing public list of a process's beneficiaries: cases in `states` stand
 * on it (names masked, no ID numbers) with the lines `details` gives, until they leave those states.
 */
export interface StandingListSpec<Context = any> {
  title: Text;
  states: string[];
  details?: (context: Context) => NoticeLine[];
}

export interface FlagSpec {
  title: Text;
  /** Listed for discipline reviewers (GET /api/flags); false = shown on the case only (e.g. a warning before a breach). */
  reviewers: boolean;
}

/** An outcome a finished case may record: the final state's `outcome`, or context.outcome when the machine sets one. */
export interface OutcomeSpec {
  title: Text;
  counts: ReportCategory;
}

/** {zh,en} titles of the process's words: filing, payload and context field names, and the enum values they take. */
export interface ProcessTitles {
  fields: Record<string, Text>;
  values: Record<string, Text>;
}

export interface ProcessDeclarations<Context = any> {
  /** Who may file (the engine refuses anyone else with 403, and audits it). */
  filedBy: FilingRule;
  /** The village's standing public list (长期公布), when the process keeps one. */
  standingList?: StandingListSpec<Context>;
  /** Public notice states, by state id. */
  notices?: Record<string, NoticeSpec<Context>>;
  /** The forms it prints (申请审批表, 受理回执, 决定书 …), by key (documents.ts). */
  documents?: Record<string, DocumentSpec<Context>>;
  /** Every flag the process raises (clocks, flagsOf, filingChecks), by code. */
  flags: Record<string, FlagSpec>;
  /** Every outcome a finished case may record, by outcome. */
  outcomes: Record<string, OutcomeSpec>;
  /**
   * The amount a work list shows for the case (the inbox's 金额 column and its Excel export): the
   * latest of what was decided, recommended or asked for, with what it is; null when none yet.
   * Without it the list shows context[amountField] once the case has one.
   */
  listAmount?: (context: Context & { data?: Record<string, unknown> }) => { amount: number; title: Text } | null;
  /** For `national_report`: what the record for the national information system carries beyond case, place and applicant. */
  nationalReport?: (context: Context) => Record<string, unknown>;
  /** For `disbursement`: the system event the job sends once paid, with `{ paymentRef }`. */
  paymentConfirmedEvent?: string;
  /**
   * Payments by period (a monthly benefit): the payment job for a period is queued when `dueEvent`
   * (a recurring timer's event, carrying `{ period }`) is applied in one of `payingStates`; it pays
   * the amount in context[amountField] once per (case, period) and sends `confirmedEvent` with
   * `{ period, paymentRef }` or `failedEvent` with `{ period, error }`. A period whose job runs after
   * the case left the paying states (or finished) is cancelled, not paid.
   */
  paymentSchedule?: PaymentScheduleSpec;
  /**
   * Task kinds that supervise other work on the case (督办) besides the engine's escalations: their
   * holders may urge (催办), reassign (改派) the supervised tasks and write a supervision opinion.
   */
  supervisionTasks?: string[];
  /** Who supervises a task role of this process besides the same role one level up (TASK_SUPERVISORS overrides). */
  supervisors?: Partial<Record<Role, Role>>;
  /** Cases about another case (no applicant, no villageCode). */
  subject?: SubjectSpec;
  /** Narrower visibility than the subtree rule. */
  visibility?: VisibilitySpec;
  /** Read-only roles (discipline_reviewer) that may file this process and send its events: the read-only guard's one exception. */
  writableBy?: Role[];
  /** Decision groups the filer may send anyway (the filer rule protects applicants; a case without one needs no such protection). */
  filerMayDecide?: string[];
  titles: ProcessTitles;
}

/** A process's payments by period (ProcessDeclarations.paymentSchedule). */
export interface PaymentScheduleSpec {
  payingStates: string[];
  dueEvent: string;
  amountField: string;
  confirmedEvent: string;
  failedEvent: string;
  /**
   * While true for the case context, a due period's job pays nothing and leaves the period `held`;
   * the held periods are paid when it turns false in a paying state, cancelled when the case ends.
   */
  holdWhile?: (context: any) => boolean;
}
