/**
 * The step bar's steps: the states the case has been through (from its history, with when each was
 * entered and left), the current one, and the next few along the main path (the exits an approval,
 * an automatic edge or another non-refusing action takes, stopping at a finished state). A compact
 * reading of the same graph the diagram draws.
 */
import type { HistoryEntry, ProcessInfo } from '../../api/types';
import { decisionKind, type DecisionKind } from './decision';

export interface Step {
  state: string;
  status: 'done' | 'current' | 'next';
  enteredAt?: string;
  leftAt?: string;
}

const MAIN_PATH = new Set<DecisionKind>(['approve', 'other']);

export function buildSteps(def: ProcessInfo, current: string, history: HistoryEntry[], filedAt: string, opts = { done: 5, next: 3 }): Step[] {
  const visits: Step[] = [];
  const first = def.initial ?? history.find((h) => h.fromState)?.fromState ?? current;
  visits.push({ state: first, status: 'done', enteredAt: filedAt });
  for (const h of history) {
    if (!h.toState || h.toState === h.fromState) continue;
    const last = visits[visits.length - 1];
    if (last.state === h.toState) continue;
    last.leftAt = h.at;
    visits.push({ state: h.toState, status: 'done', enteredAt: h.at });
  }
  if (visits[visits.length - 1].state !== current) visits.push({ state: current, status: 'done' });
  const now = visits[visits.length - 1];
  now.status = 'current';
  delete now.leftAt;
  const done = visits.slice(0, -1).slice(-opts.done);

  const finals = new Set(def.states.filter((s) => s.final).map((s) => s.id));
  const next: Step[] = [];
  const seen = new Set([current]);
  let at = current;
  while (next.length < opts.next && !finals.has(at)) {
    const kindOf = (type: string) => decisionKind(def.events.find((e) => e.type === type));
    const edges = def.transitions.filter((e) => e.from === at && (e.event === '' || MAIN_PATH.has(kindOf(e.event))));
    // Approvals first, then automatic edges, then other actions; a target not yet on the bar.
    const rank = (type: string) => (type === '' ? 1 : kindOf(type) === 'approve' ? 0 : 2);
    const ranked = [...edges].sort((a, b) => rank(a.event) - rank(b.event));
    const to = ranked.flatMap((e) => e.to).find((s) => !seen.has(s) && (!finals.has(s) || completes(def, s)));
    if (!to) break;
    next.push({ state: to, status: 'next' });
    seen.add(to);
    at = to;
  }
  return [...done, now, ...next];
}

function completes(def: ProcessInfo, state: string): boolean {
  const outcome = def.states.find((s) => s.id === state)?.final?.outcome;
  return !!outcome && def.outcomes?.[outcome]?.counts === 'completed';
}
