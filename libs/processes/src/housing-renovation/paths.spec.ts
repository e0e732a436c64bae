/**
 * Generated paths (@xstate/graph) over sample events that include the failing variants (grade A/B,
 * a failed collective review, a failed acceptance, methods that do not fit the grade, subsidies over
 * the maximum, a handover without the sign), asserting the invariant on every simple path:
 * no path reaches `completed` without a passed collective review, the three notices, a C/D/no-house
 * assessment, county approval, a signed agreement and a passed acceptance.
 */
import { getShortestPaths, getSimplePaths, StatePath } from '@xstate/graph';
import { WITHDRAWABLE_STATES } from './machine';
import { missingForCompletion, methodFits } from './policy';
import { allPassed, config, def, ev, filing, machine } from './spec-support';
import type { FilingData, HousingRenovationContext, HousingRenovationEvent } from './types';

const SAMPLE_EVENTS: HousingRenovationEvent[] = [
  ev.verified,
  { type: 'IDENTITY_VERIFIED', payload: { category: 'dibao', status: 'new' } }, // another category: refused by the guard
  ev.unverified,
  ev.confirmIdentity,
  ev.rejectIdentity,
  ev.review(true),
  ev.review(false),
  ev.review(true, { votesFor: 40 }), // more votes than attendees: refused
  ev.noticeEnded,
  ev.objection,
  ev.townshipApprove,
  ev.townshipReject,
  ev.returnForCorrection,
  ev.resubmit,
  ev.assess('A'),
  ev.assess('B'),
  ev.assess('C'),
  ev.assess('D'),
  ev.assess('NO_HOUSE'),
  ev.countyApprove('reinforce', config.subsidyMaximum.reinforce),
  ev.countyApprove('reinforce', config.subsidyMaximum.reinforce + 1), // over the maximum: refused
  ev.countyApprove('rebuild', 30000),
  ev.countyApprove('rent', 8000),
  ev.countyApprove('new_build', config.subsidyMaximum.new_build),
  ev.countyApprove('new_build', 20000), // fits only NO_HOUSE
  ev.countyReject,
  ev.sign,
  ev.progress(60),
  ev.complete,
  ev.pass(),
  ev.pass({ ...allPassed(), roof: false }), // not every item passed: refused
  ev.fail(['roof']),
  ev.fail(['swimmingPool']), // not a checklist item: refused
  ev.rectified,
  ev.handover(true),
  ev.handover(false), // no sign: refused
  ev.withdraw,
];

/** The events of the approval path with the loops of the contract, one variant each. */
const LOOP_EVENTS: HousingRenovationEvent[] = [
  ev.verified, ev.review(true), ev.noticeEnded, ev.objection, ev.townshipApprove, ev.returnForCorrection, ev.resubmit,
  ev.assess('D'), ev.countyApprove('rebuild', 30000), ev.sign, ev.progress(60), ev.complete, ev.pass(), ev.fail(['roof']),
  ev.rectified, ev.handover(true),
];

/**
 * States are told apart by the value and the gates in context, not by ever-growing lists, so each
 * loop closes on a state already visited: re-entering a stage clears what was decided after it.
 */
function gates(c: HousingRenovationContext) {
  return [
    c.identity?.result ?? null, c.collectiveReview?.passed ?? null, c.noticesCompleted, c.grade ?? null,
    c.method ?? null, c.agreementNo ?? null, c.acceptance?.passed ?? null,
  ];
}
const byGates = (s: any) => JSON.stringify([s.value, ...gates(s.context)]);
/** Also whether the path has taken a loop (objection, return, failed acceptance), capped at one per path. */
const byGatesAndLoop = (s: any) => {
  const c = s.context as HousingRenovationContext;
  return JSON.stringify([s.value, ...gates(c), Math.min(c.objections.length + (c.correction ? 1 : 0) + c.acceptanceFailures, 1)]);
};

type Path = StatePath<any, any>;
const options = (data: FilingData) => ({ input: { data }, events: SAMPLE_EVENTS as any, serializeState: byGates });

interface Step {
  event: HousingRenovationEvent;
  from: string;
  to: string;
}
/** The path as events, each with the state it was sent in and the state it led to. */
const stepsOf = (p: Path): Step[] =>
  p.steps.slice(1).map((s, i) => ({ event: s.event as HousingRenovationEvent, from: p.steps[i].state.value as string, to: s.state.value as string }));
const ctxOf = (p: Path) => p.state.context as HousingRenovationContext;

/** Every variant, no loops walked. */
const paths = getSimplePaths(machine, options(filing));
/** The approval path with at most one loop walked. */
const loopPaths = getSimplePaths(machine, { input: { data: filing }, events: LOOP_EVENTS as any, serializeState: byGatesAndLoop });
const completedPaths = [...paths, ...loopPaths].filter((p) => p.state.value === 'completed');

/** The milestones every completed case passes, in order (PROCESSES.md §2). */
const MILESTONES: Array<[string, (s: Step) => boolean]> = [
  ['identity settled', (s) => s.event.type === 'IDENTITY_VERIFIED' || s.event.type === 'CONFIRM_IDENTITY'],
  ['collective review passed', (s) => s.event.type === 'RECORD_COLLECTIVE_REVIEW' && s.event.payload.passed === true],
  ['village notice ended', (s) => s.event.type === 'NOTICE_PERIOD_ENDED' && s.from === 'village_notice'],
  ['township approved', (s) => s.event.type === 'TOWNSHIP_APPROVE'],
  ['assessed C/D/NO_HOUSE', (s) => s.event.type === 'SUBMIT_ASSESSMENT' && ['C', 'D', 'NO_HOUSE'].includes(s.event.payload.grade)],
  ['township notice ended', (s) => s.event.type === 'NOTICE_PERIOD_ENDED' && s.from === 'township_notice'],
  ['county approved', (s) => s.event.type === 'COUNTY_APPROVE'],
  ['county notice ended', (s) => s.event.type === 'NOTICE_PERIOD_ENDED' && s.from === 'county_notice'],
  ['agreement signed', (s) => s.event.type === 'SIGN_AGREEMENT'],
  ['completion reported', (s) => s.event.type === 'REPORT_COMPLETION'],
  ['acceptance passed', (s) => s.event.type === 'ACCEPTANCE_PASSED'],
  ['handed over', (s) => s.event.type === 'HANDOVER'],
];

describe('housing-renovation generated paths', () => {
  it('enumerates paths that reach completed, rejected and withdrawn', () => {
    const ends = new Set(paths.map((p) => p.state.value));
    for (const end of ['completed', 'rejected', 'withdrawn']) expect(ends.has(end)).toBe(true);
    expect(completedPaths.length).toBeGreaterThan(5);
  });

  it('every completed path passes every milestone, in order, each last occurrence after the previous one', () => {
    for (const p of completedPaths) {
      const steps = stepsOf(p);
      let previous = -1;
      for (const [name, matches] of MILESTONES) {
        const at = steps.map((s, i) => (matches(s) ? i : -1)).filter((i) => i >= 0).at(-1) ?? -1;
        expect({ name, found: at >= 0, ordered: at > previous }).toEqual({ name, found: true, ordered: true });
        previous = at;
      }
      expect(steps.at(-1)!.event.type).toBe('HANDOVER');
    }
  });

  it('after an objection or a return, every stage from the one it went back to is done again', () => {
    const restartAt: Record<string, string> = {
      collective_review: 'collective review passed',
      correction: 'township approved',
      township_audit: 'township approved',
      county_approval: 'county approved',
    };
    const seen = new Set<string>();
    for (const p of completedPaths) {
      const steps = stepsOf(p);
      steps.forEach((undo, i) => {
        if (undo.event.type !== 'RECORD_OBJECTION' && undo.event.type !== 'RETURN_FOR_CORRECTION') return;
        seen.add(`${undo.event.type} ${undo.from}→${undo.to}`);
        const from = MILESTONES.findIndex(([name]) => name === restartAt[undo.to]);
        expect(from).toBeGreaterThanOrEqual(0);
        for (const [name, matches] of MILESTONES.slice(from)) {
          expect({ name, redone: steps.slice(i + 1).some(matches) }).toEqual({ name, redone: true });
        }
      });
    }
    // Every loop of the contract is walked by some completed path.
    expect([...seen].sort()).toEqual([
      'RECORD_OBJECTION county_notice→county_approval',
      'RECORD_OBJECTION township_notice→township_audit',
      'RECORD_OBJECTION village_notice→collective_review',
      'RETURN_FOR_CORRECTION county_approval→township_audit',
      'RETURN_FOR_CORRECTION township_audit→correction',
    ]);
  });

  it('a completed case never saw grade A/B or a failed collective review, and its last acceptance passed', () => {
    for (const p of completedPaths) {
      const events = stepsOf(p).map((s) => s.event);
      expect(events.some((e) => e.type === 'SUBMIT_ASSESSMENT' && ['A', 'B'].includes(e.payload.grade))).toBe(false);
      expect(events.some((e) => e.type === 'RECORD_COLLECTIVE_REVIEW' && !e.payload.passed)).toBe(false);
      expect(events.filter((e) => e.type.startsWith('ACCEPTANCE_')).at(-1)!.type).toBe('ACCEPTANCE_PASSED');
    }
  });

  it('a completed case carries every gate in context, with a method that fits the grade and a subsidy within its maximum', () => {
    for (const p of completedPaths) {
      const c = ctxOf(p);
      expect(missingForCompletion(c, config)).toEqual([]);
      expect(c.noticesCompleted).toEqual(['village', 'township', 'county']);
      expect(methodFits(c.grade, c.method)).toBe(true);
      expect(c.subsidyAmount).toBeLessThanOrEqual(config.subsidyMaximum[c.method!]);
      expect(c.handover).toEqual({ moveInDate: '2027-05-01', signInstalled: true });
    }
  });

  it('the completed paths cover every qualifying grade, the identity review, a failed acceptance and rent', () => {
    const grades = new Set(completedPaths.map((p) => ctxOf(p).grade));
    expect([...grades].sort()).toEqual(['C', 'D', 'NO_HOUSE']);
    const types = completedPaths.map((p) => stepsOf(p).map((s) => s.event.type));
    expect(types.some((t) => t.includes('CONFIRM_IDENTITY'))).toBe(true);
    expect(types.some((t) => t.includes('ACCEPTANCE_FAILED') && t.includes('RECTIFICATION_DONE'))).toBe(true);
    expect(completedPaths.some((p) => ctxOf(p).method === 'rent')).toBe(true);
  });

  it('every path through grade A/B, a failed collective review or a rejected identity ends in rejected', () => {
    const failing = (s: Step) =>
      (s.event.type === 'SUBMIT_ASSESSMENT' && ['A', 'B'].includes(s.event.payload.grade)) ||
      (s.event.type === 'RECORD_COLLECTIVE_REVIEW' && !s.event.payload.passed) ||
      s.event.type === 'REJECT_IDENTITY';
    const through = paths.filter((p) => stepsOf(p).some(failing));
    expect(through.length).toBeGreaterThan(3);
    for (const p of through) {
      expect(p.state.value).toBe('rejected');
      expect(ctxOf(p).rejectionReason!.length).toBeGreaterThanOrEqual(5);
    }
  });

  it('refused variants never move a case: over-maximum subsidies, unfit methods, false checklists, no sign', () => {
    for (const p of paths) {
      for (const s of stepsOf(p)) {
        const e = s.event;
        if (e.type === 'COUNTY_APPROVE') expect(e.payload.subsidyAmount).toBeLessThanOrEqual(config.subsidyMaximum[e.payload.method]);
        if (e.type === 'ACCEPTANCE_PASSED') expect(Object.values(e.payload.checklist).every(Boolean)).toBe(true);
        if (e.type === 'ACCEPTANCE_FAILED') expect(e.payload.failedItems).toEqual(['roof']);
        if (e.type === 'HANDOVER') expect(e.payload.signInstalled).toBe(true);
        if (e.type === 'RECORD_COLLECTIVE_REVIEW') expect(e.payload.votesFor + e.payload.votesAgainst).toBeLessThanOrEqual(e.payload.attendees);
        if (e.type === 'IDENTITY_VERIFIED') expect(e.payload.category).toBe(filing.category);
      }
    }
  });

  it('withdrawal happens only before the agreement and ends the case', () => {
    const withdrawing = paths.filter((p) => stepsOf(p).some((s) => s.event.type === 'WITHDRAW'));
    const from = new Set(withdrawing.map((p) => stepsOf(p).at(-1)!.from));
    expect([...from].sort()).toEqual([...WITHDRAWABLE_STATES].sort());
    for (const p of withdrawing) {
      expect(p.state.value).toBe('withdrawn');
      expect(stepsOf(p).map((s) => s.event.type)).not.toContain('SIGN_AGREEMENT');
    }
  });

  it('every machine state is reachable', () => {
    const reached = new Set(getShortestPaths(machine, options(filing)).map((p) => p.state.value as string));
    expect([...reached].sort()).toEqual(Object.keys(machine.root.states).sort());
  });

  it('no dead ends: every non-final state on some path lies on a path that ends in a final state', () => {
    const finals = new Set(Object.entries(def.states).filter(([, s]) => s.final).map(([id]) => id));
    const valuesOf = (p: Path) => p.steps.map((s) => s.state.value as string);
    const throughToFinal = new Set(paths.filter((p) => finals.has(p.state.value as string)).flatMap(valuesOf));
    const nonFinal = Object.keys(def.states).filter((id) => !finals.has(id));
    for (const id of nonFinal) expect({ id, ok: throughToFinal.has(id) }).toEqual({ id, ok: true });
  });
});
