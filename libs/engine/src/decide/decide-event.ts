import type { Principal } from '@app/access';
import type { EventSpec, ProcessDefinition, RuleEnv } from '@app/processes';
import type { JOB_QUEUE } from '@app/queues';
import { authorizeEvent } from '../authorization';
import { CaseRow, Flag, withFlags } from '../case-row';
import { RELATIVE_CONFLICT_REASON } from '../conflict-of-interest';
import { OnBehalfOf, peopleActing } from '../delegations';
import { DomainError, FieldError, Localized, conflict, forbidden, invalid, unprocessable } from '../errors';
import { validateAgainst } from '../schema-validator';
import { ClockPlan, clockPlan } from '../sla-clocks';
import { StateChangePlan, contextUnits, stateChangePlan } from '../state-effects';
import { WorkflowClock } from '../workflow-clock';
import { viewersOf } from '../visibility';
import { EntryTaskPlan, entryTaskPlan } from '../entry-tasks';
import { nextSnapshot } from './machine-steps';

/** The case as the decision reads it (a row of `cases`, locked by the caller). */
export type DecisionCase = Pick<
  CaseRow,
  | 'state' | 'context' | 'lane' | 'revision' | 'flags' | 'decision_groups' | 'filed_by'
  | 'village_code' | 'township_code' | 'county_code' | 'city_code'
>;

/** A user as a business rule sees them (env.findUser). */
export type RuleUser = Awaited<ReturnType<RuleEnv<unknown>['findUser']>>;

/**
 * What the engine has read under the lock, and the few lookups a decision may need, injected as
 * functions (the engine answers them from the database, a test from memory). They are asked only
 * when needed, as before: the caller's delegations when their own roles do not allow the event,
 * the delegator's relatives when acting for someone, users when a rule names one.
 */
export interface EventFacts {
  case: DecisionCase;
  /** Whether the caller has declared the applicant a relative (read with the lock; the flag may lag). */
  actorDeclaredRelative?: boolean;
  /** The caller's active delegations (asked only when their own roles refuse). */
  delegations: () => Promise<OnBehalfOf[]>;
  /** Whether any of these people declared the applicant a relative (asked when acting for a delegator). */
  declaredRelative: (userIds: string[]) => Promise<boolean>;
  /** Business rules' user lookup: active users only. */
  findUser: (username: string) => Promise<RuleUser>;
  /** The durations' clock (its scale); the decision never reads the time from it. */
  clock: WorkflowClock;
  /** The `now` rules see (the engine's wall clock). */
  ruleNow?: Date;
  /** A deadline's firing: recorded in the audit payload. */
  timerId?: string;
  /** Whether another case of this process lists `entry` in context[field] (EventSpec.uniqueAcrossCases). */
  takenElsewhere?: (field: string, entry: Record<string, unknown>) => Promise<boolean>;
}

export interface EventInput {
  type: string;
  payload: Record<string, unknown>;
  expectedRevision?: number;
}

/** Everything the writer persists for one event, decided without the database. */
export interface Decision {
  ok: true;
  /** The caller as they act: with `onBehalfOf` when a delegation allowed the event. */
  principal: Principal;
  event: { type: string; payload: Record<string, unknown> };
  spec: EventSpec;
  fromState: string;
  nextState: string;
  context: Record<string, any>;
  lane: CaseRow['lane'];
  laneChanged: boolean;
  final: boolean;
  outcome: string | null;
  flags: Flag[];
  /** Who may see the case from now on (ProcessDeclarations.visibility), or null for the subtree rule. */
  viewers: string[] | null;
  decisionGroups: Record<string, string[]>;
  auditEntry: {
    action: string;
    actorId: string | null;
    actorUsername: string;
    actorRole: string | null;
    jurisdictionCode: string | null;
    fromState: string;
    toState: string;
    payload: Record<string, unknown>;
  };
  effects: {
    /** Tasks closed and opened, timers armed, state jobs, closing (entering the next state). */
    state: StateChangePlan;
    /** SLA clocks stopped, paused, resumed, started. */
    clocks: ClockPlan;
    /** Jobs the event itself queues (spec.jobs). */
    jobs: Array<keyof typeof JOB_QUEUE>;
    /** A payment schedule's period fell due: its payment row and disbursement job. */
    payment: { period: string } | null;
    /** Entry tasks opened for new list entries and done for the entry the event names (ProcessDefinition.entryTasks). */
    entryTasks: EntryTaskPlan;
  };
}

export interface Refusal {
  ok: false;
  status: 400 | 403 | 409 | 422;
  reason: string;
  /** The reason in English, when it has one (the answer follows Accept-Language; the audit keeps `reason`). */
  reasonEn?: string;
  fieldErrors?: FieldError[];
}

const refuse = (status: Refusal['status'], reason: string | Localized, fieldErrors?: FieldError[]): Refusal => ({
  ok: false,
  status,
  ...(typeof reason === 'string' ? { reason } : { reason: reason.zh, reasonEn: reason.en }),
  ...(fieldErrors ? { fieldErrors } : {}),
});

const localized = (r: Refusal): string | Localized => (r.reasonEn ? { zh: r.reason, en: r.reasonEn } : r.reason);

/** The engine's error for a refusal (the HTTP answer and the audited refusal are unchanged). */
export function refusalError(r: Refusal): DomainError {
  switch (r.status) {
    case 400: return invalid(r.fieldErrors ?? []);
    case 403: return forbidden(localized(r));
    case 409: return conflict(localized(r));
    case 422: return unprocessable(localized(r));
  }
}

/**
 * One event on a case, decided: the event is known and its payload valid, the revision expected,
 * the state accepts it, the caller may send it (role, level, assignee, conflict of interest,
 * separation of duties, a delegation), the business rule and the machine's guard allow it; then
 * XState's pure `transition` gives the next state and context, and from them the lane, flags,
 * decision groups, the audit entry and the effects. No database: lookups come in `facts`.
 */
export async function decideEvent(
  def: ProcessDefinition,
  facts: EventFacts,
  principal: Principal,
  input: EventInput,
  now: Date,
): Promise<Decision | Refusal> {
  const c = facts.case;
  let p = principal;
  // Own properties only: `constructor`, `__proto__`, `toString` … are not event types (a 500 before).
  const spec: EventSpec | undefined = Object.hasOwn(def.events, input.type) ? def.events[input.type] : undefined;
  if (!spec) return refuse(400, '输入无效', [{ field: 'type', message: `未知事件类型「${input.type}」`, en: `unknown event type "${input.type}"` }]);
  const payloadErrors = validateAgainst(spec.payload, input.payload ?? {}, 'payload');
  if (payloadErrors.length) return refuse(400, '输入无效', payloadErrors);
  if (input.expectedRevision !== undefined && input.expectedRevision !== c.revision) {
    return refuse(409, {
      zh: `案件已被他人更新（当前版本 ${c.revision}，您提交的是 ${input.expectedRevision}），请刷新后重试`,
      en: `The case was updated by someone else (revision ${c.revision}, you sent ${input.expectedRevision}); reload and try again`,
    });
  }
  const stateTitle = def.states[c.state]?.title ?? { zh: c.state, en: c.state };
  if (def.states[c.state]?.final || !eventHandledIn(def, c.state, input.type)) {
    return refuse(422, {
      zh: `案件当前处于「${stateTitle.zh}」，不能执行「${spec.title.zh}」`,
      en: `The case is at "${stateTitle.en}": "${spec.title.en}" is not possible there`,
    });
  }
  let actorRole: string | null = null;
  if (!p.system) {
    let verdict = authorizeEvent(p, input.type, spec, c, def);
    // Not the caller's own work: maybe an absent colleague's, delegated to them for today.
    for (const d of verdict.ok || p.onBehalfOf ? [] : await facts.delegations()) {
      const v = authorizeEvent({ ...p, onBehalfOf: d }, input.type, spec, c, def);
      if (v.ok) {
        p = { ...p, onBehalfOf: d };
        verdict = v;
        break;
      }
    }
    if (!verdict.ok) return refuse(403, { zh: verdict.reason, en: verdict.reasonEn });
    // The flag may lag a declaration committed while this case was being filed: ask the declarations too
    // (the lock already asked about the caller; a delegator is asked here).
    const related = p.onBehalfOf ? await facts.declaredRelative(peopleActing(p)) : facts.actorDeclaredRelative;
    if (related) return refuse(403, RELATIVE_CONFLICT_REASON);
    actorRole = verdict.actor.role;
  } else if (spec.actors !== 'system') {
    return refuse(422, { zh: `「${spec.title.zh}」不是系统事件`, en: `"${spec.title.en}" is not a system event` });
  }
  const event = { type: input.type, payload: input.payload ?? {} };
  const snapshot = def.machine.resolveState({ value: c.state, context: c.context });
  // Business rules first: their reasons say what to fix; a guard that still refuses gets the generic answer.
  if (spec.rule) {
    const reason = await spec.rule(c.context, event.payload, {
      now: facts.ruleNow ?? now,
      config: def.config,
      flags: c.flags.map((f) => f.code),
      jurisdiction: { villageCode: c.village_code, townshipCode: c.township_code, countyCode: c.county_code },
      findUser: facts.findUser,
    });
    if (reason) return refuse(422, reason);
  }
  if (spec.uniqueAcrossCases && facts.takenElsewhere) {
    const u = spec.uniqueAcrossCases;
    const entry = Object.fromEntries(u.keys.map((k) => [k, event.payload[k]]));
    if (await facts.takenElsewhere(u.contextField, entry)) return refuse(422, u.reason);
  }
  if (!snapshot.can(event)) {
    return refuse(422, {
      zh: `案件当前处于「${stateTitle.zh}」，「${spec.title.zh}」的条件不满足`,
      en: `The case is at "${stateTitle.en}": the conditions of "${spec.title.en}" are not met`,
    });
  }
  const next = nextSnapshot(def.machine, snapshot, event);
  const to = stateIdOf(next.value);
  const context = next.context as Record<string, any>;
  const lane = def.laneOf ? def.laneOf(context) : c.lane;
  const final = def.states[to]?.final;
  const flags = def.flagsOf ? withFlags(c.flags as Flag[], def.flagsOf(context), now) : (c.flags as Flag[]);
  const groups = { ...c.decision_groups };
  if (spec.decisionGroup && !p.system) {
    const members = new Set(groups[spec.decisionGroup] ?? []);
    for (const id of peopleActing(p)) members.add(id);
    groups[spec.decisionGroup] = [...members];
  }
  const after = { ...c, state: to, context, lane };
  const statePlan = stateChangePlan(def, facts.clock, after, c.state, now);
  if (spec.opensTask) {
    const last = contextUnits(context, spec.opensTask.unitsField).at(-1);
    if (last) statePlan.unitTasks.push({ kind: spec.opensTask.kind, role: last.role, jurisdictionCode: last.jurisdictionCode, ownDue: null });
  }
  const schedule = def.paymentSchedule;
  const period = event.payload.period;
  return {
    ok: true,
    principal: p,
    event,
    spec,
    fromState: c.state,
    nextState: to,
    context,
    lane,
    laneChanged: lane !== c.lane,
    final: !!final,
    outcome: final ? (context.outcome ?? final.outcome) : null,
    flags,
    viewers: viewersOf(def, context),
    decisionGroups: groups,
    auditEntry: {
      action: input.type,
      actorId: p.system ? null : p.id,
      actorUsername: p.username,
      actorRole,
      jurisdictionCode: p.system ? null : p.jurisdiction.code,
      fromState: c.state,
      toState: to,
      payload: {
        ...event.payload,
        ...(p.onBehalfOf ? { _onBehalfOf: p.onBehalfOf.username, _delegationId: p.onBehalfOf.delegationId } : {}),
        ...(facts.timerId ? { _timerId: facts.timerId } : {}),
      },
    },
    effects: {
      state: statePlan,
      clocks: clockPlan(def, after, input.type, to !== c.state ? to : null),
      entryTasks: entryTaskPlan(def, facts.clock, c, c.context, context, event, now),
      jobs: [...(spec.jobs ?? [])],
      payment:
        schedule && p.system && input.type === schedule.dueEvent && schedule.payingStates.includes(to) && typeof period === 'string'
          ? { period }
          : null,
    },
  };
}

export function stateIdOf(value: unknown): string {
  if (typeof value !== 'string') throw new Error(`process machines must be flat; got state ${JSON.stringify(value)}`);
  return value;
}

function eventHandledIn(def: ProcessDefinition, state: string, type: string): boolean {
  const node = (def.machine.root.states as Record<string, any>)[state];
  return !!node && node.transitions.has(type);
}
