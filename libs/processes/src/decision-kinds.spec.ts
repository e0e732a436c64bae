/**
 * Each event declares what it decides (EventSpec.decision): the case page groups a person's choices
 * by it (同意 / 不同意 / 退回 / 办理 / 撤回) and its step bar follows the approving and other edges.
 * Until issue 20 the console guessed the kind from the event's name by regexes; the declarations
 * replace them.
 *
 * The rule: where a person has a choice — a state in which a person may send two or more events —
 * every one of those events declares its kind, 'other' included, so a new choice is classified on
 * purpose, never by default. An event a person only ever sends alone, and a system event, may leave
 * it out (= 'other'); a system event declares one when the step bar should read it so.
 */
import { DECISION_KINDS, type DecisionKind, type ProcessDefinition } from './definition';
import { eventsInState } from './describe';
import { loadProcessRegistry } from './registry';

const definitions = loadProcessRegistry({}).everyVersion();

/** Events a person may send in `state`: handled there, and an actor not bound to other states (`inStates`). */
function personEventsIn(def: ProcessDefinition, state: string): string[] {
  return eventsInState(def, state).filter((type) => {
    const actors = def.events[type]?.actors;
    return Array.isArray(actors) && actors.some((a) => !a.inStates || a.inStates.includes(state));
  });
}

/** `key@version state: EVENT` for each person's event of a choice that does not declare its kind; and how many choices there are. */
function undeclaredChoices(defs: ProcessDefinition[]): { undeclared: string[]; choices: number } {
  const undeclared: string[] = [];
  let choices = 0;
  for (const def of defs) {
    for (const state of Object.keys(def.states)) {
      const events = personEventsIn(def, state);
      if (events.length < 2) continue;
      choices++;
      for (const type of events) if (!def.events[type].decision) undeclared.push(`${def.key}@${def.version} ${state}: ${type}`);
    }
  }
  return { undeclared, choices };
}

const kindOf = (def: ProcessDefinition, type: string): DecisionKind => def.events[type].decision ?? 'other';

/**
 * Written by reading each event's name and title. A person's events: the grouping the console's
 * name regexes gave them, except three the names misled: UPHOLD_OBJECTION (异议成立, aid is given)
 * is an approval, RECHECK_FAILED (back to rectification) a return, SIGN_AGREEMENT (alone in its
 * state, no choice) other. System events never reach the decision panel, only the step
 * bar; they are listed for what they do, where the regexes misread a name: IDENTITY_UNVERIFIED
 * ('verified') and MATERIALS_DEADLINE_PASSED ('passed') were approvals, now other and withdraw.
 * Not listed = other.
 */
const EXPECTED: Record<string, Partial<Record<DecisionKind, string[]>>> = {
  'housing-renovation': {
    approve: ['IDENTITY_VERIFIED', 'CONFIRM_IDENTITY', 'TOWNSHIP_APPROVE', 'COUNTY_APPROVE', 'ACCEPTANCE_PASSED'],
    refuse: ['REJECT_IDENTITY', 'TOWNSHIP_REJECT', 'COUNTY_REJECT', 'ACCEPTANCE_FAILED'],
    return: ['RETURN_FOR_CORRECTION'],
    withdraw: ['WITHDRAW'],
  },
  'temporary-assistance': {
    approve: ['GRANT_FIRST_RELIEF', 'CONFIRM_RELIEF', 'APPROVE', 'PAYMENT_CONFIRMED'],
    refuse: ['DECLINE_EMERGENCY', 'REJECT'],
    withdraw: ['REVOKE_RELIEF', 'WITHDRAW'],
  },
  'legal-aid': {
    // 异议成立 orders aid to be given: the objection review's 同意.
    approve: ['FAST_LANE_CONFIRMED', 'GRANT_AID', 'UPHOLD_OBJECTION'],
    refuse: ['DENY_AID', 'TERMINATE_AID', 'DISMISS_OBJECTION'],
    return: ['REQUEST_MATERIALS'],
    // 补充材料期限届满（视为撤回）: the timeout counts as the applicant's withdrawal.
    withdraw: ['MATERIALS_DEADLINE_PASSED'],
  },
  'minimum-living-allowance': {
    approve: ['ACCEPT_APPLICATION', 'CONFIRM_DIBAO', 'PAYMENT_CONFIRMED', 'APPROVE_ADJUSTMENT', 'APPROVE_GRADUAL_EXIT'],
    refuse: ['REFUSE_ACCEPTANCE', 'REFUSE_DIBAO', 'PAYMENT_FAILED', 'TERMINATE_DIBAO', 'REJECT_PROPOSAL'],
    return: ['REQUEST_MATERIALS', 'RETURN_FOR_INVESTIGATION'],
    // 补齐材料期满: the case closes as withdrawn (逾期未补齐材料，视为撤回申请).
    withdraw: ['MATERIALS_DEADLINE_PASSED', 'WITHDRAW'],
  },
  'audit-rectification': {
    approve: ['ACCEPT_RECTIFICATION', 'RECHECK_PASSED'],
    // 回头看未通过 sends the finding back to rectification: a 退回, not an end.
    return: ['RETURN_RECTIFICATION', 'RECHECK_FAILED'],
    withdraw: ['WITHDRAW_FINDING'],
  },
};

describe('declared decision kinds', () => {
  it('every event a person may send where a person has a choice declares what it decides', () => {
    const { undeclared, choices } = undeclaredChoices(definitions);
    expect(choices).toBeGreaterThan(20);
    expect(undeclared).toEqual([]);
  });

  it('the rule finds a choice left undeclared, and reads a person\'s events as the engine authorizes them', () => {
    const def = definitions.find((d) => d.key === 'housing-renovation')!;
    const undeclared = (type: string) => ({ ...def.events[type], decision: undefined });
    const changed = { ...def, events: { ...def.events, TOWNSHIP_REJECT: undeclared('TOWNSHIP_REJECT'), HANDOVER: undeclared('HANDOVER') } };
    // HANDOVER is a person's only event where it is sent: nothing to choose between, nothing to declare.
    expect(undeclaredChoices([changed]).undeclared).toEqual([`housing-renovation@${def.version} township_audit: TOWNSHIP_REJECT`]);
    expect(personEventsIn(def, 'township_audit').sort()).toEqual(['RETURN_FOR_CORRECTION', 'TOWNSHIP_APPROVE', 'TOWNSHIP_REJECT', 'WITHDRAW']);
    // RECORD_OBJECTION's county actor is bound to county_notice: still a person's event in each notice state.
    expect(personEventsIn(def, 'village_notice')).toContain('RECORD_OBJECTION');
    expect(personEventsIn(def, 'identity_check')).not.toContain('IDENTITY_VERIFIED');
  });

  it('reproduce the grouping the console used to guess, for the five processes', () => {
    // The five processes of issue 20; a process added later is held to the rule above, not to this table.
    const keys = new Set(definitions.map((d) => d.key));
    expect(Object.keys(EXPECTED).filter((k) => keys.has(k))).toHaveLength(5);
    for (const def of definitions.filter((d) => d.key in EXPECTED)) {
      const expected = EXPECTED[def.key];
      for (const kind of Object.keys(expected)) for (const type of expected[kind as DecisionKind]!) expect([def.key, type, type in def.events]).toEqual([def.key, type, true]);
      const actual: Record<string, string[]> = {};
      for (const type of Object.keys(def.events)) {
        const kind = kindOf(def, type);
        if (kind !== 'other') (actual[kind] ??= []).push(type);
      }
      const sorted = (m: Partial<Record<string, string[]>>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, [...v!].sort()]));
      expect([def.key, sorted(actual)]).toEqual([def.key, sorted(expected)]);
    }
  });

  it('declare only the kinds the console knows', () => {
    for (const def of definitions) for (const e of Object.values(def.events)) if (e.decision) expect(DECISION_KINDS).toContain(e.decision);
  });
});
