/**
 * The contract between a process folder and the engine.
 *
 * A process is pure data plus a pure XState machine: no Nest, no database. The engine reads this
 * definition to decide who may send what, which human tasks to open, which deadlines to arm, which
 * SLA clocks to run and which queued jobs to start. Adding a process means adding one folder that
 * exports a `ProcessDefinition` and registering it in `registry.ts`.
 */
import type { AnyStateMachine } from 'xstate';
import type { ProcessDeclarations } from './declarations';

export const ROLES = [
  'village_clerk',
  'township_officer',
  'poverty_office',
  'housing_assessor',
  'county_housing',
  'county_civil',
  'legal_aid_officer',
  'lawyer',
  'quality_reviewer',
  'justice_bureau',
  'discipline_reviewer',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const LEVELS = ['city', 'county', 'township', 'village'] as const;
export type Level = (typeof LEVELS)[number];

/** Queue lanes, in inbox order: emergency (急难) first, then fast (三优), then normal. */
export const LANES = ['emergency', 'fast', 'normal'] as const;
export type Lane = (typeof LANES)[number];

/**
 * What a person's event decides, as the case page groups the choices (同意 / 不同意 / 退回 / 办理 /
 * 撤回) and draws the main path: agree, refuse, send back for more, undo the case (withdrawal,
 * revocation), or act otherwise (record, submit, refer). In display order, the ones that end or
 * undo the case last.
 */
export const DECISION_KINDS = ['approve', 'refuse', 'return', 'other', 'withdraw'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export interface Text {
  zh: string;
  en: string;
}

/** A JSON Schema (draft 2020-12 subset understood by ajv). Payload schemas set additionalProperties: false. */
export type JsonSchema = Record<string, unknown>;

/** Durations are real business durations in milliseconds; the engine divides them by WORKFLOW_TIME_SCALE. */
export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;

/**
 * A business duration: milliseconds, or working days (工作日: Mon–Fri in LOCAL_TIME_ZONE less the
 * configured holidays, plus the configured 调休 weekend workdays; libs/engine/src/working-days.ts).
 * n working days from a moment end at the end (24:00 local) of the n-th working day after that
 * moment's local date. Under WORKFLOW_TIME_SCALE the span is measured in the real calendar when the
 * duration starts and that elapsed time is divided by the scale like any other duration.
 */
export type Duration = number | { workingDays: number };

/** `n` working days (工作日), for clocks, timers and task due times. */
export const workingDays = (n: number): Duration => ({ workingDays: n });

/**
 * Who may send an event: a role held at the case's jurisdiction node of `level`
 * (e.g. township_officer of the case's township).
 * `assignee: 'required'` — only the user named in context[definition.assigneeField] (the assigned lawyer);
 * `assignee: 'excluded'` — anyone with the role except that user (a lawyer may not peer-review their case).
 */
export interface ActorSpec {
  role: Role;
  level: Level;
  assignee?: 'required' | 'excluded';
  /** Only in these states (one event type sent by different roles at different stages). */
  inStates?: string[];
  /**
   * Only holders of this role at a node listed in context[unitsField] (an array of ContextUnit):
   * the unit a case names rather than a fixed level (a finding's responsible unit, its supervisors).
   */
  unitsField?: string;
}

/** A role held at one jurisdiction node, named by a case's context (ActorSpec.unitsField, TaskSpec.unitsField). */
export interface ContextUnit {
  role: Role;
  jurisdictionCode: string;
}

/** Work the worker does for a case; handlers are generic and idempotent (see apps/worker). */
export type JobKind =
  | 'registry_lookup' // looks the applicant up in the assistance registry, then sends definition.onRegistryLookup(...)
  | 'disbursement' // pays context[amountField] once, records a payment reference, sends definition.paymentConfirmedEvent
  | 'national_report' // writes the record for the national information system (全国信息系统), with definition.nationalReport
  | 'charity_referral'; // records a referral to a charity organisation (慈善衔接)

/** A registry row as the engine hands it to a process (never the ID number). */
export interface RegistryFact {
  category: 'registered_poor' | 'dibao' | 'tekun' | 'poor_disabled';
  status: 'not_lifted' | 'lifted_with_policy' | 'new';
  villageCode: string;
  householdId: string;
}

export interface RuleEnv<Config> {
  /** The real current date (unscaled): people's dates (limitation deadlines, meetings) are real calendar facts. */
  now: Date;
  config: Config;
  /** Flag codes currently on the case (e.g. repeat_within_12_months). */
  flags: string[];
  /** Looks up a staff member by username; undefined when no such active user. */
  findUser(username: string): Promise<{ username: string; roles: Role[]; jurisdictionCode: string } | undefined>;
  /** The case's jurisdiction codes. */
  jurisdiction: { villageCode: string; townshipCode: string; countyCode: string };
}

/**
 * What a client should know about one payload field before sending an event on this case: the
 * limits and options the event's rule will enforce, worked out from the case and the settings, so
 * a form can show and enforce them (and prefill a computed amount) instead of learning them from a
 * 422. Advisory only: the rule still decides.
 */
export interface FieldHint {
  /** Values the rule accepts now (a subset of the schema's enum), e.g. the methods a grade allows. */
  options?: unknown[];
  /** Upper limit the rule enforces on this number. */
  maximum?: number;
  /** Upper limit by the value of a sibling field (the subsidy maximum by renovation method). */
  maximumBy?: { field: string; values: Record<string, number> };
  /** The only value the rule accepts (a computed amount). */
  equals?: number;
  /** Prefilled value. */
  value?: unknown;
  /** This number plus the sibling numbers `fields` may not exceed the sibling `field` (votes within attendees). */
  sumAtMost?: { fields: string[]; field: string };
  /** A date that may not be later than today in China (a meeting that has taken place). */
  notAfterToday?: boolean;
  /** Why, in words, shown next to the input (the cap and where it comes from, how an amount was computed). */
  note?: Text;
}

/** Hints by payload field name (top-level fields). */
export type EventHints = Record<string, FieldHint>;

export interface EventSpec<Config = unknown, Context = any> {
  title: Text;
  /** JSON Schema of the payload. Reasons are schema-blocks' `reason`: 5+ characters once trimmed (PROCESSES.md §5). */
  payload: JsonSchema;
  /** Who may send it; 'system' events come only from timers and jobs. */
  actors: ActorSpec[] | 'system';
  /** Separation of duties: one user may send events of at most one decision group on a case. */
  decisionGroup?: string;
  /**
   * What the event decides (DecisionKind); absent = 'other'. Every person-sent event of a state
   * where a person has a choice declares it, 'other' included (decision-kinds.spec.ts). A system
   * event declares one when the step bar should read it so (a timeout that counts as a withdrawal).
   */
  decision?: DecisionKind;
  /**
   * A business rule checked before the transition; return a reason to refuse with 422, or null. The
   * reason is `{ zh, en }` (the answer follows Accept-Language; the audit keeps the zh), so a rule
   * without English does not compile. Put here what needs config or facts; branching on payload
   * belongs to the machine.
   */
  rule?: (context: Context, payload: any, env: RuleEnv<Config>) => Text | null | Promise<Text | null>;
  /** Jobs queued when this event is applied (in the same transaction, via the outbox). */
  jobs?: JobKind[];
  /** Opens a task of `kind` for the last unit of context[unitsField] once applied, unless one is open for it already. */
  opensTask?: { kind: string; unitsField: string };
  /**
   * The payload's values of `keys` may appear in context[contextField] of no other case of this
   * process (a referral's receipt number is unique per receiving body): 422 otherwise.
   */
  uniqueAcrossCases?: { contextField: string; keys: string[]; reason: Text };
  /** The rule's limits, allowed options and computed values for this case (FieldHint), published in the case view. */
  hints?: (context: Context, env: { config: Config; flags: string[] }) => EventHints;
}

/**
 * A human task opened on entering a state: for `role` at the case's node of `level`, or — with
 * `unitsField` instead — one task for each unit listed in context[unitsField] (the unit a case
 * names, e.g. a finding's responsible unit).
 */
export interface TaskSpec {
  /** Task kind shown in queues, usually the state id. */
  kind: string;
  role?: Role;
  level?: Level;
  unitsField?: string;
  /** Due time from entering the state: a business duration, or one computed from the context (a deadline an event set); absent = none of its own. */
  dueIn?: Duration | ((context: any) => Duration);
}

/**
 * A task for each entry of a context list (a referral per person an investigation names): opened
 * when an event adds entries to context[listField], for `role` at the case's node of `level`; it
 * stays open across the case's state changes and is done when `doneBy` is applied with
 * payload[indexField] naming the entry (its 0-based position in the list). A case that ends first
 * cancels it. The process's machine and rule decide which entries `doneBy` may name.
 */
export interface EntryTaskSpec {
  kind: string;
  title: Text;
  listField: string;
  role: Role;
  level: Level;
  doneBy: string;
  indexField: string;
  /** Due time from opening; absent = none of its own. */
  dueIn?: Duration;
}

/**
 * A local number kept as data per jurisdiction node (a county's 低保 line), changed by the roles
 * `setBy` at that node or an admin above it through an audited route. The machine learns the values
 * in force at filing (input.settings, by name) and, when one changes, the node's cases in
 * `onChange.states` receive `onChange.event` with `{ period: the local month 'YYYY-MM',
 * [onChange.payloadField]: the new value }`, so nothing changes silently.
 */
export interface JurisdictionSettingSpec {
  name: string;
  title: Text;
  unit: Text;
  level: Level;
  setBy: Role[];
  /** The value where none has been set for the node: the configured default. */
  defaultFor: (jurisdictionCode: string) => number;
  /** Bounds of a value (inclusive). */
  min: number;
  max: number;
  onChange: { event: string; states: string[]; payloadField: string };
}

export interface TimerSpec {
  /** The system event sent when the deadline passes (if the case is still in this state). */
  event: string;
  /** Business duration from entering the state, or computed from the context (a deadline set by the filing or an event). */
  after: Duration | ((context: any) => Duration);
  /**
   * When the event leaves the case in this state, the deadline is armed again this long after the
   * firing, and so on until the case leaves the state (a reminder that repeats: 督办 every grace period).
   */
  repeatEvery?: number;
}

/**
 * A timer that fires again and again while the case stays in its state (monthly payments, periodic
 * reviews). Each firing sends `event` with `{ period }`: the local month 'YYYY-MM' for calendar
 * months, the firing's number ('1', '2', …) for days; the event's payload schema must accept it.
 * A period fires once whatever the duplicates; the next one is armed when one fires; leaving the
 * state cancels it. How months scale under WORKFLOW_TIME_SCALE: libs/engine/src/recurrence.ts.
 */
export interface RecurringTimerSpec {
  event: string;
  /** Every N business days (scaled like any duration), or every N calendar months in LOCAL_TIME_ZONE. */
  every: { days: number } | { months: number };
  /** Calendar months: the day of the month it fires on (00:00 local); absent = the day the state was entered. */
  dayOfMonth?: number;
  /**
   * The interval read from the case context when the series is armed (a review every 12 or 6 months
   * by household class); `every` is the fallback and what the registry checks.
   */
  everyOf?: (context: any) => { days: number } | { months: number };
}

export interface StateSpec {
  title: Text;
  /** Human task opened on entry, closed on exit. */
  task?: TaskSpec;
  /** Deadlines armed on entry, cancelled on exit. */
  timers?: TimerSpec[];
  /** Recurring timers: the first firing armed on entry, each next one when one fires, all cancelled on exit. */
  recurring?: RecurringTimerSpec[];
  /** Jobs queued on entry. */
  jobs?: JobKind[];
  /** Final states: the case is finished. `outcome` names how it ended (declared in definition.outcomes). */
  final?: { outcome: string };
}

/**
 * An SLA clock (时限): runs from a start to a due time, warns at `warnAfter`, is met when a stop
 * event arrives in time, breached otherwise. Clocks are data the engine stores per case.
 */
export interface ClockSpec {
  name: string;
  title: Text;
  /** 'filing' starts at filing; otherwise the event types that start it. */
  startOn: 'filing' | string[];
  /** States whose entry starts it, whatever event leads there (a stage clock; the initial state counts at filing). */
  startOnEnter?: string[];
  /** Event types that stop it (met if before the due time). */
  stopOn: string[];
  /** States whose entry stops it (an outcome decided by a payload, e.g. a failed check → denied). */
  stopOnEnter?: string[];
  /**
   * Event types that pause it: the time left is kept and nothing warns or breaches while it is
   * paused (e.g. time the applicant takes to supply materials does not count). A clock already past
   * its due time is not paused.
   */
  pauseOn?: string[];
  /** States whose entry pauses it. */
  pauseOnEnter?: string[];
  /** Event types that resume a paused clock: warning and due at the resume time + the time that was left. */
  resumeOn?: string[];
  /** States whose entry resumes it. */
  resumeOnEnter?: string[];
  /** Duration from start to due. */
  due: Duration;
  /** Duration from start to the warning; absent = no warning. */
  warnAfter?: Duration;
  /** Only for cases in these lanes (evaluated when the clock starts). */
  lanes?: Lane[];
  /** Escalation task opened at warning (and at breach if there was no warning). */
  escalateTo?: { role: Role; level: Level };
  /** Flag raised on the case at warning / at breach. */
  warnFlag?: string;
  breachFlag?: string;
  /** Statutory (法定) or internal target, for display. */
  basis?: Text;
}

/** What the engine knows about earlier cases of the same applicant or household (for anti-fraud flags). */
export interface PriorCase {
  caseId: string;
  processKey: string;
  filedAt: Date;
  sameApplicant: boolean;
  sameHousehold: boolean;
  state: string;
  data: Record<string, unknown>;
  context: Record<string, unknown>;
}

export interface FilingCheckInput<Config> {
  data: Record<string, unknown>;
  now: Date;
  config: Config;
  prior: PriorCase[];
}

export interface ProcessDefinition<Config = any, Context = any> extends ProcessDeclarations<Context> {
  key: string;
  version: number;
  title: Text;
  config: Config;
  /** Pure XState v5 machine. Input: `{ data }` (the filing data). Must not use `after` or invoke. */
  machine: AnyStateMachine;
  /** JSON Schema of the filing `data`. */
  filing: JsonSchema;
  states: Record<string, StateSpec>;
  events: Record<string, EventSpec<Config, Context>>;
  clocks?: ClockSpec[];
  /** Context key holding the username of the assigned staff member (legal aid: the lawyer). */
  assigneeField?: string;
  /** Context key holding the amount a disbursement job pays. */
  amountField?: string;
  /** Lane of the case, read from the machine context after every transition (default 'normal'). */
  laneOf?: (context: Context) => Lane;
  /** Why the case is in its lane (shown in case view and task rows), or null. */
  laneReason?: (context: Context) => Text | null;
  /** For `registry_lookup`: the system event to send given the registry row (or null if absent). */
  onRegistryLookup?: (fact: RegistryFact | null, context: Context) => { type: string; payload: Record<string, unknown> };
  /** Local numbers kept per jurisdiction node as data (JurisdictionSettingSpec). */
  jurisdictionSettings?: JurisdictionSettingSpec[];
  /** Tasks opened per entry of a context list, kept across states until their event names the entry (EntryTaskSpec). */
  entryTasks?: EntryTaskSpec[];
  /** Flags a transition's resulting context raises (e.g. a failed peer review → quality_fail). */
  flagsOf?: (context: Context) => Array<{ code: string; detail: Record<string, unknown> }>;
  /**
   * The people of a household besides the applicant, listed in the filing data under `path` as
   * `{ name, idNumber, … }`: their ID numbers are validated, encrypted, indexed and masked like the
   * applicant's (the data keeps only `idNumberMasked`), the relative check runs on each, and with
   * `uniqueOpenCase` a person (applicant or member) already in an open case of this process is
   * refused with 422 starting with that code.
   */
  personFields?: { path: string; uniqueOpenCase?: string };
  /**
   * While a case is in one of `states`, its applicant and the people of `personFields` count in
   * every process's registry lookup as `category` (低保 households are 低保 for legal aid's fast lane).
   */
  registryMembership?: { category: RegistryFact['category']; states: string[] };
  /** Flags raised at filing from the applicant's earlier cases (repeat, split). */
  filingChecks?: (input: FilingCheckInput<Config>) => Array<{ code: string; detail: Record<string, unknown> }>;
}
