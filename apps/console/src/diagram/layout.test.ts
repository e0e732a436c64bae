import { describe, expect, it } from 'vitest';
import { wrapLabel } from './ProcessDiagram';
import { assignLayers, depths, layoutProcess } from './layout';

// A slice of housing-renovation (PROCESSES.md §2).
const housing = {
  initial: 'identity_check',
  states: [
    { id: 'identity_check' }, { id: 'identity_review' }, { id: 'collective_review' }, { id: 'village_notice' },
    { id: 'township_audit' }, { id: 'correction' }, { id: 'danger_assessment' },
    { id: 'rejected', final: true }, { id: 'withdrawn', final: true }, { id: 'completed', final: true },
  ],
  transitions: [
    { from: 'identity_check', event: 'IDENTITY_VERIFIED', to: ['collective_review'] },
    { from: 'identity_check', event: 'IDENTITY_UNVERIFIED', to: ['identity_review'] },
    { from: 'identity_review', event: 'CONFIRM_IDENTITY', to: ['collective_review'] },
    { from: 'identity_review', event: 'REJECT_IDENTITY', to: ['rejected'] },
    { from: 'collective_review', event: 'RECORD_COLLECTIVE_REVIEW', to: ['village_notice', 'rejected'] },
    { from: 'village_notice', event: 'NOTICE_PERIOD_ENDED', to: ['township_audit'] },
    { from: 'village_notice', event: 'RECORD_OBJECTION', to: ['collective_review'] },
    { from: 'township_audit', event: 'TOWNSHIP_APPROVE', to: ['danger_assessment'] },
    { from: 'township_audit', event: 'RETURN_FOR_CORRECTION', to: ['correction'] },
    { from: 'correction', event: 'RESUBMIT', to: ['township_audit'] },
    { from: 'danger_assessment', event: 'SUBMIT_ASSESSMENT', to: ['completed', 'rejected'] },
    { from: 'township_audit', event: 'WITHDRAW', to: ['withdrawn'] },
    { from: 'danger_assessment', event: 'REPORT_PROGRESS', to: ['danger_assessment'] },
  ],
};

describe('process diagram layout', () => {
  it('rows states by BFS depth from the initial state', () => {
    const d = depths(housing);
    expect(d.get('identity_check')).toBe(0);
    expect(d.get('collective_review')).toBe(1);
    expect(d.get('village_notice')).toBe(2);
    expect(d.get('correction')).toBe(4);
  });

  it('puts every final state in one bottom row', () => {
    const layers = assignLayers(housing);
    const bottom = Math.max(...layers.values());
    expect(layers.get('rejected')).toBe(bottom);
    expect(layers.get('withdrawn')).toBe(bottom);
    expect(layers.get('completed')).toBe(bottom);
    expect(layers.get('danger_assessment')).toBeLessThan(bottom);
  });

  it('places nodes without overlap, inside the drawing', () => {
    const l = layoutProcess(housing);
    expect(l.nodes).toHaveLength(housing.states.length);
    for (const a of l.nodes) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.x + a.w).toBeLessThanOrEqual(l.width);
      expect(a.y + a.h).toBeLessThanOrEqual(l.height);
      for (const b of l.nodes) {
        if (a === b) continue;
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap).toBe(false);
      }
    }
  });

  it('classifies edges and merges events between the same pair', () => {
    const l = layoutProcess(housing);
    const edge = (from: string, to: string) => l.edges.find((e) => e.from === from && e.to === to)!;
    expect(edge('identity_check', 'collective_review').kind).toBe('down');
    expect(edge('village_notice', 'collective_review').kind).toBe('back');
    expect(edge('collective_review', 'rejected').kind).toBe('long');
    expect(edge('danger_assessment', 'danger_assessment').kind).toBe('self');
    expect(l.edges.every((e) => e.path.startsWith('M') && !e.path.includes('NaN'))).toBe(true);
  });

  it('still lays out unreachable states and a missing initial', () => {
    const l = layoutProcess({ initial: null, states: [{ id: 'a' }, { id: 'b' }, { id: 'z' }], transitions: [{ from: 'a', event: 'E', to: ['b'] }] });
    expect(l.nodes.map((n) => n.id).sort()).toEqual(['a', 'b', 'z']);
  });

  it('wraps long labels to two lines', () => {
    expect(wrapLabel('乡镇审核')).toEqual(['乡镇审核']);
    expect(wrapLabel('Supplement the formalities afterwards')).toHaveLength(2);
  });
});

describe('global exits', () => {
  it('lists an event sent from many states to one target instead of drawing it', () => {
    const many = {
      initial: 'a',
      states: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id })).concat([{ id: 'w', final: true } as { id: string; final?: boolean }]),
      transitions: [
        { from: 'a', event: 'N', to: ['b'] }, { from: 'b', event: 'N', to: ['c'] }, { from: 'c', event: 'N', to: ['d'] }, { from: 'd', event: 'N', to: ['e'] },
        ...['a', 'b', 'c', 'd'].map((from) => ({ from, event: 'WITHDRAW', to: ['w'] })),
      ],
    };
    const l = layoutProcess(many);
    expect(l.globals).toEqual([{ event: 'WITHDRAW', to: ['w'], from: ['a', 'b', 'c', 'd'] }]);
    expect(l.edges.some((e) => e.events.includes('WITHDRAW'))).toBe(false);
    expect(l.nodes.find((n) => n.id === 'w')).toBeDefined();
  });

  it('keeps an event with few sources as edges', () => {
    expect(layoutProcess(housing).edges.some((e) => e.events.includes('WITHDRAW'))).toBe(true);
  });
});
