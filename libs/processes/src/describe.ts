import type { ProcessDefinition } from './definition';

export interface TransitionEdge {
  from: string;
  event: string;
  to: string[];
}

/**
 * The machine's graph read from its state nodes: what the console draws and what
 * GET /api/processes publishes. Eventless (`always`) edges appear with event "".
 */
export function transitionsOf(def: ProcessDefinition): TransitionEdge[] {
  const edges: TransitionEdge[] = [];
  for (const [id, node] of Object.entries(def.machine.root.states) as Array<[string, any]>) {
    for (const [event, list] of node.transitions as Map<string, any[]>) {
      const to = new Set<string>();
      for (const t of list) for (const target of t.target ?? [{ key: id }]) to.add(target.key);
      edges.push({ from: id, event, to: [...to] });
    }
    for (const t of node.always ?? []) {
      edges.push({ from: id, event: '', to: (t.target ?? []).map((x: any) => x.key) });
    }
  }
  return edges;
}

/** Event types the machine handles in a state (guards not evaluated). */
export function eventsInState(def: ProcessDefinition, state: string): string[] {
  const node = (def.machine.root.states as Record<string, any>)[state];
  return node ? [...(node.transitions as Map<string, unknown>).keys()] : [];
}

/**
 * GET /api/processes: everything a client needs to show a process without words of its own — its
 * states, events and graph, who files, its notices, flags and outcomes, and the {zh,en} titles of
 * its fields and values.
 */
export function describeProcess(def: ProcessDefinition) {
  return {
    key: def.key,
    version: def.version,
    title: def.title,
    initial: def.machine.root.config.initial ?? null,
    filing: def.filing,
    filedBy: def.filedBy,
    states: Object.entries(def.states).map(([id, s]) => ({ id, title: s.title, final: s.final, task: s.task })),
    events: Object.entries(def.events).map(([type, e]) => ({
      type, title: e.title, payload: e.payload, actors: e.actors, decisionGroup: e.decisionGroup, decision: e.decision ?? 'other',
    })),
    clocks: (def.clocks ?? []).map((c) => ({ name: c.name, title: c.title, basis: c.basis, lanes: c.lanes })),
    transitions: transitionsOf(def),
    /** Notice states: what the notice says and who issues it. */
    notices: Object.fromEntries(Object.entries(def.notices ?? {}).map(([state, n]) => [state, { result: n.result, issuer: n.issuer }])),
    /** 长期公布: the village's standing list, when the process keeps one. */
    standingList: def.standingList ? { title: def.standingList.title, states: def.standingList.states } : null,
    flags: def.flags,
    outcomes: def.outcomes,
    /** A process about another case: filed without applicant and village, from a case, its flag and entries. */
    subject: def.subject
      ? { action: def.subject.action, caseField: def.subject.caseField, flagField: def.subject.flagField ?? null, entriesField: def.subject.entriesField ?? null }
      : null,
    titles: def.titles,
  };
}
