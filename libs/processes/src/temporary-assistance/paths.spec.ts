/**
 * Generated paths (@xstate/graph) over sample events with amounts on both sides of every limit,
 * asserting the process invariants on every simple path.
 */
import { getShortestPaths, getSimplePaths, StatePath } from '@xstate/graph';
import { config, def, emergencyFiling, ev, machine, normalFiling } from './spec-support';
import type { FilingData, TemporaryAssistanceContext, TemporaryAssistanceEvent } from './types';

const SAMPLE_EVENTS: TemporaryAssistanceEvent[] = [
  ev.grant(1000),
  ev.grant(config.townshipLimit + 1), // refused by the guard
  ev.decline,
  ev.formalities,
  ev.confirm,
  ev.revoke,
  ev.investigate(2000),
  ev.investigate(15000),
  ev.investigate(50000),
  ev.reject,
  ev.noticeEnded,
  ev.objection,
  ev.approve(2000),
  ev.approve(15000),
  ev.approve(50000),
  ev.deliberate('approve', 50000),
  ev.deliberate('approve'), // no amount: refused by the guard
  ev.deliberate('reject'),
  ev.paid,
  ev.charity,
  ev.withdraw,
];

/**
 * Distinguishes states by what decides the future (value, lane, routing amount, stage) but not by
 * ever-growing lists (objections, referrals), so that loops are visited once.
 */
function serializeState(s: any): string {
  const c = s.context as TemporaryAssistanceContext;
  return JSON.stringify([s.value, c.lane, c.recommendedAmount ?? null, c.approvalStage ?? null, c.approvedAmount ?? null, c.outcome ?? null, !!c.firstRelief, !!c.formalities]);
}

type Path = StatePath<any, any>;
const options = (data: FilingData) => ({ input: { data }, events: SAMPLE_EVENTS as any, serializeState });
const simple = (data: FilingData): Path[] => getSimplePaths(machine, options(data));
const shortest = (data: FilingData): Path[] => getShortestPaths(machine, options(data));

const eventsOf = (p: Path) => p.steps.map((s) => s.event as TemporaryAssistanceEvent).filter((e) => e.type !== ('xstate.init' as string));
const valuesOf = (p: Path) => p.steps.map((s) => s.state.value as string);
const ctxOf = (p: Path) => p.state.context as TemporaryAssistanceContext;
const isApproval = (e: TemporaryAssistanceEvent) =>
  e.type === 'APPROVE' || (e.type === 'RECORD_DELIBERATION' && e.payload.decision === 'approve');

const allPaths = [...simple(emergencyFiling), ...simple(normalFiling)];

describe('temporary-assistance generated paths', () => {
  it('every machine state is reachable (intake is the transient initial state)', () => {
    const reached = new Set<string>(['intake']);
    for (const p of [...shortest(emergencyFiling), ...shortest(normalFiling)]) reached.add(p.state.value as string);
    expect([...reached].sort()).toEqual(Object.keys(machine.root.states).sort());
  });

  it('no path ever rests in intake', () => {
    for (const p of allPaths) expect(valuesOf(p)).not.toContain('intake');
  });

  it('no dead ends: from every non-final state reached, some path continues to a final state', () => {
    const finals = new Set(Object.entries(def.states).filter(([, s]) => s.final).map(([id]) => id));
    const throughToFinal = new Set<string>();
    for (const p of allPaths) if (finals.has(p.state.value as string)) valuesOf(p).forEach((v) => throughToFinal.add(v));
    const reachedNonFinal = new Set(allPaths.flatMap(valuesOf).filter((v) => !finals.has(v)));
    expect(reachedNonFinal.size).toBe(Object.keys(def.states).length - finals.size - 1); // all but intake and finals
    for (const v of reachedNonFinal) expect({ v, ok: throughToFinal.has(v) }).toEqual({ v, ok: true });
  });

  it('no path closes an emergency-lane case without first relief and then formalities', () => {
    const closedEmergency = allPaths.filter((p) => p.state.value === 'closed' && ctxOf(p).lane === 'emergency');
    expect(closedEmergency.length).toBeGreaterThan(0);
    for (const p of closedEmergency) {
      const types = eventsOf(p).map((e) => e.type);
      const grant = types.indexOf('GRANT_FIRST_RELIEF');
      const formalities = types.indexOf('SUBMIT_FORMALITIES');
      expect(grant).toBeGreaterThanOrEqual(0);
      expect(formalities).toBeGreaterThan(grant);
      expect(['confirmed', 'revoked']).toContain(ctxOf(p).outcome);
      expect(ctxOf(p).firstRelief!.amount).toBeLessThanOrEqual(config.townshipLimit);
    }
  });

  it('no path reaches disbursement or payment without an approval (APPROVE or an approving deliberation)', () => {
    const paying = allPaths.filter((p) => valuesOf(p).includes('disbursement') || eventsOf(p).some((e) => e.type === 'PAYMENT_CONFIRMED'));
    expect(paying.length).toBeGreaterThan(0);
    for (const p of paying) {
      const firstDisbursement = valuesOf(p).indexOf('disbursement');
      const approvalStep = p.steps.findIndex((s) => isApproval(s.event as TemporaryAssistanceEvent));
      expect(approvalStep).toBeGreaterThanOrEqual(0);
      expect(approvalStep).toBeLessThanOrEqual(firstDisbursement);
      expect(p.steps[firstDisbursement].state.context.approvedAmount).toBeGreaterThan(0);
    }
  });

  it('every approval stays within its stage limit, and every stage is exercised', () => {
    const stages = new Set<string>();
    for (const p of allPaths) {
      p.steps.forEach((step, i) => {
        const e = step.event as TemporaryAssistanceEvent;
        if (!isApproval(e) || step.state.value !== 'disbursement') return;
        const stage = p.steps[i - 1].state.context.approvalStage as string;
        stages.add(stage);
        const amount = step.state.context.approvedAmount as number;
        if (stage === 'township') expect(amount).toBeLessThanOrEqual(config.townshipLimit);
        if (stage === 'county') expect(amount).toBeLessThanOrEqual(config.countyMaximum);
        if (stage === 'deliberation') expect(e.type).toBe('RECORD_DELIBERATION');
      });
    }
    expect([...stages].sort()).toEqual(['county', 'deliberation', 'township']);
  });

  it('a case that reaches an approval state went through investigation and the full notice period', () => {
    for (const p of allPaths) {
      const values = valuesOf(p);
      const i = values.findIndex((v) => ['township_approval', 'county_approval', 'deliberation'].includes(v));
      if (i < 0) continue;
      expect(p.steps[i].event.type).toBe('NOTICE_PERIOD_ENDED');
      expect(eventsOf(p).some((e) => e.type === 'SUBMIT_INVESTIGATION')).toBe(true);
    }
  });

  it('first relief and declining the emergency exclude each other; the normal lane never grants first relief', () => {
    for (const p of allPaths) {
      const types = eventsOf(p).map((e) => e.type);
      expect(types.includes('GRANT_FIRST_RELIEF') && types.includes('DECLINE_EMERGENCY')).toBe(false);
    }
    for (const p of simple(normalFiling)) expect(eventsOf(p).map((e) => e.type)).not.toContain('GRANT_FIRST_RELIEF');
  });

  it('a closed normal-lane case was paid; a declined emergency case closes only through payment', () => {
    const closedNormal = allPaths.filter((p) => p.state.value === 'closed' && ctxOf(p).lane === 'normal');
    expect(closedNormal.some((p) => ctxOf(p).emergencyDeclineReason)).toBe(true);
    for (const p of closedNormal) {
      expect(ctxOf(p).outcome).toBe('paid');
      expect(eventsOf(p).at(-1)!.type).toBe('PAYMENT_CONFIRMED');
    }
  });
});
