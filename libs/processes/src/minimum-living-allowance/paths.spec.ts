/**
 * Generated paths (@xstate/graph) over sample events on both sides of the line, asserting the
 * process invariants on every simple path, and the decision groups of PROCESSES.md §6.
 */
import { getShortestPaths, getSimplePaths, StatePath } from '@xstate/graph';
import { minimumLivingAllowance } from './index';
import { def, ev, filing, machine, place, run, toPayment } from './spec-support';
import type { MlaContext, MlaEvent } from './types';

/** Before payment: acceptance to confirmation (in_payment is where this graph stops). */
const APPLY_EVENTS: MlaEvent[] = [
  ev.accept, ev.refuseAcceptance,
  ev.investigate('approve'), ev.investigate('approve', 1800) /* refused by the guard */, ev.investigate('reject', 1800),
  ev.vote(true), ev.vote(false), ev.noticeEnded, ev.objection,
  ev.confirm(900), ev.confirm(950) /* refused: not the computed amount */, ev.refuse, ev.returnFor, ev.extend, ev.withdraw,
];
/** While paying, from a confirmed registered-poor household. */
const PAYING_EVENTS: MlaEvent[] = [
  ev.due('2026-07'), ev.paid('2026-07'), ev.reviewDue, ev.change('fraud_report'),
  ev.review('continue', 900), ev.review('adjust', 1200), ev.review('gradual_exit', 2100), ev.review('terminate', 2100, 'fraud'),
  ev.adjust(600), ev.exit(2), ev.terminate('fraud'), ev.rejectProposal,
];

/** What decides the future, not the ever-growing lists, so that loops are visited once. */
function serializeState(s: any): string {
  const c = s.context as MlaContext;
  return JSON.stringify([
    s.value, c.materialsRequested, c.deadlineExtended, c.assessment?.eligible ?? null, c.objections.length > 0, c.fraudReported,
    c.pendingProposal?.proposal ?? null, c.pendingProposal?.from ?? null, c.gradualExit ? [c.gradualExit.months, c.gradualExit.monthsPaid] : null,
    c.amountYuan ?? null,
  ]);
}

type Path = StatePath<any, any>;
const applying = { input: { data: filing, place }, events: APPLY_EVENTS as any, serializeState, stopWhen: (s: any) => s.value === 'in_payment' };
const confirmed = run([ev.registry(true), ...toPayment]);
const paying = { input: { data: filing, place }, fromState: confirmed as any, events: PAYING_EVENTS as any, serializeState };
/** The materials notice, apart (it would double every path after acceptance). */
const MATERIALS_EVENTS: MlaEvent[] = [ev.accept, ev.request, ev.refuseAcceptance, ev.supplied, ev.materialsLate, ev.withdraw];
const materials = { input: { data: filing, place }, events: MATERIALS_EVENTS as any, serializeState, stopWhen: (s: any) => s.value === 'investigation' };
const applyPaths: Path[] = [...getSimplePaths(machine, applying), ...getSimplePaths(machine, materials)];
const payPaths: Path[] = getSimplePaths(machine, paying);
const allPaths = [...applyPaths, ...payPaths];
const eventsOf = (p: Path) => p.steps.map((s) => s.event as MlaEvent).filter((e) => e.type !== ('xstate.init' as string));
const valuesOf = (p: Path) => p.steps.map((s) => s.state.value as string);
const ctxOf = (p: Path) => p.state.context as MlaContext;

describe('minimum-living-allowance generated paths', () => {
  it('explores a real graph', () => {
    expect(applyPaths.length).toBeGreaterThan(50);
    expect(payPaths.length).toBeGreaterThan(20);
  });

  it('every machine state is reachable except the transient routing state, which no path rests in', () => {
    // An authorised township confirms itself (DIBAO_TOWNSHIP_CONFIRMATION).
    const authorised = minimumLivingAllowance({ DIBAO_TOWNSHIP_CONFIRMATION: place.townshipCode }).machine;
    const reached = new Set<string>(
      [...getShortestPaths(machine, applying), ...getShortestPaths(machine, materials), ...getShortestPaths(machine, paying), ...getShortestPaths(authorised, applying)].map((p) => p.state.value as string),
    );
    expect(getShortestPaths(machine, applying).map((p) => p.state.value)).not.toContain('township_confirmation');
    expect([...reached].sort()).toEqual(Object.keys(machine.root.states).filter((s) => s !== 'routing_after_investigation').sort());
    for (const p of allPaths) expect(valuesOf(p)).not.toContain('routing_after_investigation');
  });

  it('no dead ends: every non-final state reached continues to a final state on some path', () => {
    const finals = new Set(Object.entries(def.states).filter(([, s]) => s.final).map(([id]) => id));
    const throughToFinal = new Set<string>(['in_payment']); // the paying graph starts there and reaches finals (checked below)
    expect(payPaths.some((p) => finals.has(p.state.value as string))).toBe(true);
    for (const p of allPaths) if (finals.has(p.state.value as string)) valuesOf(p).forEach((v) => throughToFinal.add(v));
    for (const v of new Set(allPaths.flatMap(valuesOf).filter((x) => !finals.has(x)))) expect({ v, ok: throughToFinal.has(v) }).toEqual({ v, ok: true });
  });

  it('no household is paid without acceptance, an eligible investigation, a democratic review, a full notice period and a confirmation of the computed amount', () => {
    const confirmedPaths = applyPaths.filter((p) => valuesOf(p).includes('in_payment'));
    expect(confirmedPaths.length).toBeGreaterThan(0);
    for (const p of confirmedPaths) {
      const i = valuesOf(p).indexOf('in_payment');
      const before = eventsOf(p).slice(0, i).map((e) => e.type);
      for (const t of ['ACCEPT_APPLICATION', 'SUBMIT_INVESTIGATION', 'RECORD_DEMOCRATIC_REVIEW', 'NOTICE_PERIOD_ENDED']) expect(before).toContain(t);
      const confirm = p.steps[i].event as MlaEvent;
      expect(confirm.type).toBe('CONFIRM_DIBAO');
      expect(p.steps[i].state.context.amountYuan).toBe(p.steps[i - 1].state.context.assessment.amountYuan);
      expect(p.steps[i].state.context.decisions.at(-1)).toMatchObject({ kind: 'confirm', lineYuan: 600 });
    }
  });

  it('an objection always leads to a new investigation and a new notice before any confirmation', () => {
    for (const p of allPaths) {
      const types = eventsOf(p).map((e) => e.type);
      const o = types.indexOf('RECORD_OBJECTION');
      const c = types.indexOf('CONFIRM_DIBAO');
      if (o < 0 || c < 0 || c < o) continue;
      const between = types.slice(o, c);
      expect(between).toContain('SUBMIT_INVESTIGATION');
      expect(between).toContain('NOTICE_PERIOD_ENDED');
    }
  });

  it('exited only after an approved gradual exit whose months were all due; terminated only through a terminate proposal', () => {
    const exited = allPaths.filter((p) => p.state.value === 'exited');
    expect(exited.length).toBeGreaterThan(0);
    for (const p of exited) {
      const types = eventsOf(p).map((e) => e.type);
      expect(types).toContain('APPROVE_GRADUAL_EXIT');
      const ge = ctxOf(p).gradualExit!;
      expect(ge.monthsPaid).toBe(ge.months);
    }
    for (const p of allPaths.filter((x) => x.state.value === 'terminated')) {
      expect(eventsOf(p).some((e) => e.type === 'SUBMIT_REVIEW' && e.payload.proposal === 'terminate')).toBe(true);
      expect(ctxOf(p).recoveryDue).toBe(ctxOf(p).termination!.ground === 'fraud');
    }
  });

  it('one materials notice and one extension on every path', () => {
    for (const p of applyPaths) {
      const types = eventsOf(p).map((e) => e.type);
      expect(types.filter((t) => t === 'REQUEST_MATERIALS').length).toBeLessThanOrEqual(1);
      const extended = p.steps.filter((s, i) => s.event.type === 'EXTEND_DEADLINE' && i > 0 && !p.steps[i - 1].state.context.deadlineExtended);
      expect(extended.length).toBeLessThanOrEqual(1);
    }
  });

  it('payments are held exactly while a terminate proposal on a holding ground waits', () => {
    const ps = def.paymentSchedule!;
    const seen = new Map<string, MlaContext>();
    for (const p of payPaths) seen.set(serializeState(p.state), p.state.context);
    expect([...seen.values()].some((c) => ps.holdWhile!(c))).toBe(true);
    for (const c of seen.values()) expect(ps.holdWhile!(c)).toBe(c.pendingProposal?.proposal === 'terminate' && c.pendingProposal.ground === 'fraud');
  });
});

describe('minimum-living-allowance decision groups', () => {
  const group = (name: string) => Object.entries(def.events).filter(([, e]) => e.decisionGroup === name).map(([t]) => t).sort();
  it('acceptance, investigation and review are one group; confirmation and change decisions the other; records none', () => {
    expect(group('investigation')).toEqual(['ACCEPT_APPLICATION', 'REFUSE_ACCEPTANCE', 'REQUEST_MATERIALS', 'SUBMIT_INVESTIGATION', 'SUBMIT_REVIEW']);
    expect(group('confirmation')).toEqual([
      'APPROVE_ADJUSTMENT', 'APPROVE_GRADUAL_EXIT', 'CONFIRM_DIBAO', 'EXTEND_DEADLINE', 'REFUSE_DIBAO', 'REJECT_PROPOSAL', 'RETURN_FOR_INVESTIGATION', 'TERMINATE_DIBAO',
    ]);
    for (const t of ['RECORD_DEMOCRATIC_REVIEW', 'RECORD_OBJECTION', 'MATERIALS_SUPPLIED', 'REPORT_CHANGE', 'WITHDRAW']) expect(def.events[t].decisionGroup).toBeUndefined();
  });
  it('a township officer confirms only in township_confirmation; change decisions are the county’s', () => {
    const actors = def.events.CONFIRM_DIBAO.actors as any[];
    expect(actors).toEqual(expect.arrayContaining([
      expect.objectContaining({ role: 'township_officer', inStates: ['township_confirmation'] }),
      expect.objectContaining({ role: 'county_civil', inStates: ['county_confirmation'] }),
    ]));
    for (const t of ['APPROVE_ADJUSTMENT', 'APPROVE_GRADUAL_EXIT', 'TERMINATE_DIBAO', 'REJECT_PROPOSAL']) {
      expect((def.events[t].actors as any[]).map((a) => a.role)).toEqual(['county_civil']);
    }
  });
});
