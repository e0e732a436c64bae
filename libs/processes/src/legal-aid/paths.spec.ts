/**
 * Generated paths (@xstate/graph) over sample events — including ones the machine must refuse —
 * from filings with and without a limitation deadline, asserting the process invariants on every
 * simple path.
 */
import { getShortestPaths, getSimplePaths, StatePath } from '@xstate/graph';
import { def, ev, filing, machine, urgentFiling } from './spec-support';
import type { FilingData, LegalAidContext, LegalAidEvent } from './types';

const SAMPLE_EVENTS: LegalAidEvent[] = [
  ev.fastLane('registered_poor'),
  ev.fastLane('tekun'),
  { type: 'FAST_LANE_CONFIRMED', payload: { category: 'poor_disabled', basis: '—' } } as any, // refused by the guard
  ev.reviewRequired,
  ev.econPass,
  ev.econFail,
  { type: 'ECONOMIC_CHECK', payload: { passed: false, method: 'data_check', note: '不符' } }, // refused: no reason
  ev.grant,
  ev.deny,
  ev.requestMaterials,
  ev.aidFirst,
  ev.supplied,
  ev.materialsDeadline,
  ev.assign('lvshi.wang'),
  ev.assign(''), // refused: no lawyer
  ev.progress,
  ev.closure,
  ev.terminate,
  ev.peerReview('good', 85),
  ev.peerReview('fail', 40),
  ev.peerReview('good', 120), // refused: score out of range
  ev.objection,
  ev.objectionWindowEnded,
  ev.uphold,
  ev.dismiss,
];

/** What decides the future, but not the growing progress list, so that RECORD_PROGRESS loops are visited once. */
function serializeState(s: any): string {
  const c = s.context as LegalAidContext;
  return JSON.stringify([
    s.value, c.lane, c.exemption?.category ?? null, c.materialsRequests, c.denial?.stage ?? null, c.assignedLawyer ?? null,
    c.outcome ?? null, c.qualityFail ?? null, !!c.closure, !!c.objection,
  ]);
}

type Path = StatePath<any, any>;
const options = (data: FilingData) => ({ input: { data }, events: SAMPLE_EVENTS as any, serializeState });
const simple = (data: FilingData): Path[] => getSimplePaths(machine, options(data));
const shortest = (data: FilingData): Path[] => getShortestPaths(machine, options(data));

const eventsOf = (p: Path) => p.steps.map((s) => s.event as LegalAidEvent).filter((e) => e.type !== ('xstate.init' as string));
const typesOf = (p: Path) => eventsOf(p).map((e) => e.type);
const valuesOf = (p: Path) => p.steps.map((s) => s.state.value as string);
const ctxOf = (p: Path) => p.state.context as LegalAidContext;

const plainPaths = simple(filing);
const urgentPaths = simple(urgentFiling);
const allPaths = [...plainPaths, ...urgentPaths];
const finals = new Set(Object.entries(def.states).filter(([, s]) => s.final).map(([id]) => id));

describe('legal-aid generated paths', () => {
  it('explores a meaningful number of paths, ending in every final state', () => {
    expect(allPaths.length).toBeGreaterThan(50);
    expect(new Set(allPaths.map((p) => p.state.value)).size).toBeGreaterThanOrEqual(finals.size);
    for (const f of finals) expect(allPaths.some((p) => p.state.value === f)).toBe(true);
  });

  it('every machine state is reachable', () => {
    const reached = new Set<string>();
    for (const p of [...shortest(filing), ...shortest(urgentFiling)]) reached.add(p.state.value as string);
    expect([...reached].sort()).toEqual(Object.keys(machine.root.states).sort());
  });

  it('no dead ends: every non-final state reached lies on some path to a final state', () => {
    const throughToFinal = new Set<string>();
    for (const p of allPaths) if (finals.has(p.state.value as string)) valuesOf(p).forEach((v) => throughToFinal.add(v));
    const reachedNonFinal = new Set(allPaths.flatMap(valuesOf).filter((v) => !finals.has(v)));
    expect(reachedNonFinal.size).toBe(Object.keys(def.states).length - finals.size);
    for (const v of reachedNonFinal) expect({ v, ok: throughToFinal.has(v) }).toEqual({ v, ok: true });
  });

  it('no path enters economic_review in the fast lane (after FAST_LANE_CONFIRMED)', () => {
    const fastPaths = allPaths.filter((p) => typesOf(p).includes('FAST_LANE_CONFIRMED'));
    expect(fastPaths.length).toBeGreaterThan(0);
    for (const p of fastPaths) {
      expect(valuesOf(p)).not.toContain('economic_review');
      expect(typesOf(p)).not.toContain('ECONOMIC_CHECK');
      expect(ctxOf(p).lane).toBe('fast');
    }
    for (const p of allPaths) {
      p.steps.forEach((step) => {
        if (step.state.value === 'economic_review') expect(step.state.context.lane).toBe('normal');
      });
    }
  });

  it('the fast lane comes only from FAST_LANE_CONFIRMED with an exempt category, and never reverts', () => {
    for (const p of allPaths) {
      const confirmed = typesOf(p).includes('FAST_LANE_CONFIRMED');
      expect(ctxOf(p).lane).toBe(confirmed ? 'fast' : 'normal');
      if (confirmed) expect(['registered_poor', 'dibao', 'tekun']).toContain(ctxOf(p).exemption?.category);
    }
  });

  it('no path reaches closed through service without SUBMIT_PEER_REVIEW (after SUBMIT_CLOSURE)', () => {
    const servedAndClosed = allPaths.filter((p) => p.state.value === 'closed' && valuesOf(p).includes('in_service'));
    expect(servedAndClosed.length).toBeGreaterThan(0);
    for (const p of servedAndClosed) {
      const types = typesOf(p);
      expect(types.at(-1)).toBe('SUBMIT_PEER_REVIEW');
      expect(types.indexOf('SUBMIT_CLOSURE')).toBeGreaterThanOrEqual(0);
      expect(types.indexOf('SUBMIT_CLOSURE')).toBeLessThan(types.lastIndexOf('SUBMIT_PEER_REVIEW'));
      expect(ctxOf(p).outcome).toBe('completed');
      expect(ctxOf(p).peerReview?.score).toBeLessThanOrEqual(100);
    }
  });

  it('a closed case was either peer-reviewed after service or denied for good; failed reviews are marked', () => {
    for (const p of allPaths.filter((x) => x.state.value === 'closed')) {
      const c = ctxOf(p);
      if (c.outcome === 'completed') {
        expect(typesOf(p)).toContain('SUBMIT_PEER_REVIEW');
        expect(c.qualityFail).toBe(c.peerReview?.grade === 'fail');
      } else {
        expect(c.outcome).toBe('denied');
        expect(c.denial).toBeDefined();
        expect(valuesOf(p)).not.toContain('in_service');
      }
    }
    expect(allPaths.some((p) => ctxOf(p).qualityFail === true)).toBe(true);
  });

  it('at most one materials notice on every path', () => {
    for (const p of allPaths) expect(typesOf(p).filter((t) => t === 'REQUEST_MATERIALS').length).toBeLessThanOrEqual(1);
    expect(allPaths.some((p) => typesOf(p).includes('REQUEST_MATERIALS'))).toBe(true);
  });

  it('service starts only by assigning a named lawyer, after aid was granted, provided first or ordered on objection', () => {
    const served = allPaths.filter((p) => valuesOf(p).includes('in_service'));
    expect(served.length).toBeGreaterThan(0);
    for (const p of served) {
      const i = valuesOf(p).indexOf('in_service');
      const entering = p.steps[i].event as LegalAidEvent;
      expect(entering.type).toBe('ASSIGN_LAWYER');
      expect(p.steps[i].state.context.assignedLawyer).toBe('lvshi.wang');
      const before = eventsOf(p).slice(0, i).map((e) => e.type);
      expect(before.some((t) => ['GRANT_AID', 'PROVIDE_AID_FIRST', 'UPHOLD_OBJECTION'].includes(t))).toBe(true);
    }
  });

  it('aid before the decision happens only for filings with a limitation deadline', () => {
    for (const p of plainPaths) expect(typesOf(p)).not.toContain('PROVIDE_AID_FIRST');
    expect(urgentPaths.some((p) => typesOf(p).includes('PROVIDE_AID_FIRST'))).toBe(true);
  });

  it('objection review is entered only from a denial, and assignment after it only when upheld', () => {
    for (const p of allPaths) {
      const values = valuesOf(p);
      const i = values.indexOf('objection_review');
      if (i < 0) continue;
      expect(values[i - 1]).toBe('denied');
      expect(p.steps[i].event.type).toBe('FILE_OBJECTION');
      const after = values.slice(i + 1);
      if (after.includes('assignment')) expect(p.steps[i + 1].event.type).toBe('UPHOLD_OBJECTION');
    }
  });

  it('refused sample events never move a case', () => {
    for (const p of allPaths) {
      for (const e of eventsOf(p)) {
        if (e.type === 'ASSIGN_LAWYER') expect(e.payload.lawyer).not.toBe('');
        if (e.type === 'SUBMIT_PEER_REVIEW') expect(e.payload.score).toBeLessThanOrEqual(100);
        if (e.type === 'FAST_LANE_CONFIRMED') expect(e.payload.category).not.toBe('poor_disabled');
        if (e.type === 'ECONOMIC_CHECK' && !e.payload.passed) expect(e.payload.note.length).toBeGreaterThanOrEqual(5);
      }
    }
  });
});
