/**
 * A layered layout of a process graph, computed in code (no graph library):
 * rows by BFS depth from the initial state, final states together in the bottom row,
 * row order improved by a barycentre pass, edges routed orthogonally through side channels
 * when they skip rows or go back up. Pure: the component only draws the result.
 */

export interface LayoutInput {
  initial: string | null;
  states: Array<{ id: string; final?: boolean }>;
  transitions: Array<{ from: string; event: string; to: string[] }>;
}

export interface DiagramNode {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  layer: number;
  final: boolean;
}

export type EdgeKind = 'down' | 'long' | 'back' | 'self' | 'side';

export interface DiagramEdge {
  from: string;
  to: string;
  /** Event types on this edge ("" = automatic, eventless). */
  events: string[];
  kind: EdgeKind;
  path: string;
  /** Where the label of an active edge goes; channel edges label their first horizontal run. */
  label: { x: number; y: number; anchor: 'start' | 'middle' | 'end' };
}

export interface DiagramLayout {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  /** Events available from many states to one target (e.g. a withdrawal): listed, not drawn. */
  globals: GlobalExit[];
  width: number;
  height: number;
}

export interface GlobalExit {
  event: string;
  to: string[];
  from: string[];
}

/** An event sent from this many states to the same target is a "global exit". */
export const GLOBAL_EXIT_MIN_SOURCES = 4;

/**
 * Splits out global exits: one event type, the same targets, from at least
 * GLOBAL_EXIT_MIN_SOURCES states. Drawing each of those edges would bury the main path.
 */
export function globalExits(transitions: LayoutInput['transitions']): GlobalExit[] {
  const byEvent = new Map<string, Array<{ from: string; to: string[] }>>();
  for (const t of transitions) {
    if (t.event === '') continue;
    byEvent.set(t.event, [...(byEvent.get(t.event) ?? []), t]);
  }
  const out: GlobalExit[] = [];
  for (const [event, list] of byEvent) {
    const to = [...new Set(list[0].to)].sort();
    const sameTarget = list.every((t) => [...new Set(t.to)].sort().join() === to.join());
    const from = [...new Set(list.map((t) => t.from))].filter((f) => !to.includes(f));
    if (sameTarget && from.length >= GLOBAL_EXIT_MIN_SOURCES) out.push({ event, to, from });
  }
  return out;
}

export const NODE_W = 150;
export const NODE_H = 42;
const H_GAP = 28;
const V_GAP = 46;
const CHANNEL = 9;
const MARGIN = 16;

/** BFS depth of every state reachable from the initial state. */
export function depths(input: LayoutInput): Map<string, number> {
  const out = new Map<string, number>();
  const next = new Map<string, string[]>();
  for (const t of input.transitions) {
    next.set(t.from, [...(next.get(t.from) ?? []), ...t.to]);
  }
  const start = input.initial && input.states.some((s) => s.id === input.initial) ? input.initial : input.states[0]?.id;
  if (!start) return out;
  out.set(start, 0);
  const queue = [start];
  while (queue.length) {
    const id = queue.shift()!;
    for (const to of next.get(id) ?? []) {
      if (!out.has(to)) {
        out.set(to, out.get(id)! + 1);
        queue.push(to);
      }
    }
  }
  return out;
}

/** Row of every state: BFS depth; unreachable states after the deepest; finals in the last row. */
export function assignLayers(input: LayoutInput): Map<string, number> {
  const d = depths(input);
  const finals = new Set(input.states.filter((s) => s.final).map((s) => s.id));
  let max = -1;
  for (const s of input.states) if (!finals.has(s.id) && d.has(s.id)) max = Math.max(max, d.get(s.id)!);
  const layers = new Map<string, number>();
  const unreachable = input.states.filter((s) => !finals.has(s.id) && !d.has(s.id));
  for (const s of input.states) {
    if (finals.has(s.id)) continue;
    layers.set(s.id, d.has(s.id) ? d.get(s.id)! : max + 1);
  }
  const finalRow = max + 1 + (unreachable.length ? 1 : 0);
  for (const id of finals) layers.set(id, Math.max(finalRow, 0));
  return layers;
}

/** Orders each row: BFS discovery order, then by the mean position of predecessors above. */
function orderRows(input: LayoutInput, layers: Map<string, number>): string[][] {
  const rows: string[][] = [];
  const discovery = [...depths(input).keys()];
  const rank = (id: string) => {
    const i = discovery.indexOf(id);
    return i < 0 ? discovery.length + input.states.findIndex((s) => s.id === id) : i;
  };
  for (const s of [...input.states].sort((a, b) => rank(a.id) - rank(b.id))) {
    const l = layers.get(s.id)!;
    (rows[l] ??= []).push(s.id);
  }
  const preds = new Map<string, string[]>();
  for (const t of input.transitions) {
    for (const to of t.to) {
      if (to !== t.from && layers.get(t.from)! < layers.get(to)!) preds.set(to, [...(preds.get(to) ?? []), t.from]);
    }
  }
  const position = new Map<string, number>();
  const place = (row: string[]) => row.forEach((id, i) => position.set(id, i - (row.length - 1) / 2));
  for (let l = 0; l < rows.length; l++) {
    rows[l] ??= [];
    if (l > 0) {
      const score = (id: string) => {
        const p = (preds.get(id) ?? []).filter((x) => position.has(x));
        return p.length ? p.reduce((a, x) => a + position.get(x)!, 0) / p.length : 0;
      };
      const scored = rows[l].map((id, i) => ({ id, i, s: score(id) }));
      scored.sort((a, b) => a.s - b.s || a.i - b.i);
      rows[l] = scored.map((x) => x.id);
    }
    place(rows[l]);
  }
  return rows;
}

export function layoutProcess(full: LayoutInput): DiagramLayout {
  const globals = globalExits(full.transitions);
  const isGlobal = (t: { event: string }) => globals.some((g) => g.event === t.event);
  const input = { ...full, transitions: full.transitions.filter((t) => !isGlobal(t)) };
  const layers = assignLayers(input);
  const rows = orderRows(input, layers);
  const finals = new Set(input.states.filter((s) => s.final).map((s) => s.id));

  // Merge transitions into one edge per (from, to), keeping every event type.
  const merged = new Map<string, { from: string; to: string; events: string[] }>();
  for (const t of input.transitions) {
    for (const to of t.to) {
      if (!layers.has(t.from) || !layers.has(to)) continue;
      const key = `${t.from}\u0000${to}`;
      const e = merged.get(key) ?? { from: t.from, to, events: [] };
      if (!e.events.includes(t.event)) e.events.push(t.event);
      merged.set(key, e);
    }
  }
  const kindOf = (from: string, to: string): EdgeKind => {
    if (from === to) return 'self';
    const d = layers.get(to)! - layers.get(from)!;
    return d === 1 ? 'down' : d > 1 ? 'long' : d === 0 ? 'side' : 'back';
  };
  const edges0 = [...merged.values()].map((e) => ({ ...e, kind: kindOf(e.from, e.to) }));

  // Node positions; side channels for long (left) and back (right) edges.
  const rowWidth = (n: number) => n * NODE_W + Math.max(0, n - 1) * H_GAP;
  const inner = Math.max(NODE_W, ...rows.map((r) => rowWidth(r.length)));
  const leftCount = edges0.filter((e) => e.kind === 'long').length;
  const rightCount = edges0.filter((e) => e.kind === 'back').length;
  const left = MARGIN + leftCount * CHANNEL + (leftCount ? 8 : 0);
  const width = left + inner + MARGIN + rightCount * CHANNEL + (rightCount ? 8 : 0) + 30; // 30: self loops
  const nodes = new Map<string, DiagramNode>();
  rows.forEach((row, l) => {
    const start = left + (inner - rowWidth(row.length)) / 2;
    row.forEach((id, i) => {
      nodes.set(id, { id, x: start + i * (NODE_W + H_GAP), y: MARGIN + l * (NODE_H + V_GAP), w: NODE_W, h: NODE_H, layer: l, final: finals.has(id) });
    });
  });
  const height = MARGIN * 2 + rows.length * NODE_H + Math.max(0, rows.length - 1) * V_GAP;

  // Ports: spread edge ends along the bottom (leaving) and top (arriving) of each node.
  const cx = (id: string) => nodes.get(id)!.x + NODE_W / 2;
  const bottomOut = new Map<string, typeof edges0>();
  const topIn = new Map<string, typeof edges0>();
  for (const e of edges0) {
    if (e.kind === 'down' || e.kind === 'long') {
      bottomOut.set(e.from, [...(bottomOut.get(e.from) ?? []), e]);
      topIn.set(e.to, [...(topIn.get(e.to) ?? []), e]);
    }
  }
  const portX = (list: typeof edges0 | undefined, e: (typeof edges0)[number], node: string, other: (x: typeof e) => string) => {
    const sorted = [...(list ?? [])].sort((a, b) => cx(other(a)) - cx(other(b)));
    const i = sorted.indexOf(e);
    const n = nodes.get(node)!;
    return n.x + (NODE_W * (i + 1)) / (sorted.length + 1);
  };

  let leftChannel = 0;
  let rightChannel = 0;
  const edges: DiagramEdge[] = edges0.map((e) => {
    const a = nodes.get(e.from)!;
    const b = nodes.get(e.to)!;
    switch (e.kind) {
      case 'self': {
        const x = a.x + a.w;
        const path = `M${x},${a.y + 12} C${x + 26},${a.y + 2} ${x + 26},${a.y + a.h - 2} ${x},${a.y + a.h - 12}`;
        return { ...e, path, label: { x: x + 28, y: a.y + a.h / 2, anchor: 'start' } };
      }
      case 'down': {
        const sx = portX(bottomOut.get(e.from), e, e.from, (x) => x.to);
        const tx = portX(topIn.get(e.to), e, e.to, (x) => x.from);
        const sy = a.y + a.h;
        const ty = b.y;
        const my = (sy + ty) / 2;
        // Label near the target end: sibling edges fan out there, so their labels do not collide.
        return { ...e, path: `M${sx},${sy} C${sx},${my} ${tx},${my} ${tx},${ty}`, label: { x: sx + (tx - sx) * 0.85, y: sy + (ty - sy) * 0.68, anchor: 'middle' } };
      }
      case 'long': {
        const ch = left - 8 - leftChannel * CHANNEL;
        const slot = leftChannel % 4;
        leftChannel++;
        const sx = portX(bottomOut.get(e.from), e, e.from, (x) => x.to);
        const tx = portX(topIn.get(e.to), e, e.to, (x) => x.from);
        const y1 = a.y + a.h + 8 + slot * 6;
        const y2 = b.y - 8 - slot * 6;
        // Labelled along the run from the source to the left channel (a label centred on the channel
        // itself would stick out of the drawing).
        return { ...e, path: ortho([[sx, a.y + a.h], [sx, y1], [ch, y1], [ch, y2], [tx, y2], [tx, b.y]]), label: { x: ch + 6, y: y1 - 7, anchor: 'start' } };
      }
      case 'back': {
        const ch = left + inner + 8 + rightChannel * CHANNEL;
        const slot = rightChannel % 4;
        rightChannel++;
        const sx = a.x + a.w - 14 - slot * 5;
        const tx = b.x + b.w - 14 - slot * 5;
        const y1 = a.y - 8 - slot * 6;
        const y2 = b.y + b.h + 8 + slot * 6;
        return { ...e, path: ortho([[sx, a.y], [sx, y1], [ch, y1], [ch, y2], [tx, y2], [tx, b.y + b.h]]), label: { x: ch - 6, y: y1 - 7, anchor: 'end' } };
      }
      case 'side': {
        const [l, r] = a.x < b.x ? [a, b] : [b, a];
        const y = a.y + a.h / 2;
        const fromX = a === l ? l.x + l.w : r.x;
        const toX = a === l ? r.x : l.x + l.w;
        return { ...e, path: `M${fromX},${y} L${toX},${y}`, label: { x: (fromX + toX) / 2, y: y - 6, anchor: 'middle' } };
      }
    }
  });

  return { nodes: [...nodes.values()], edges, globals, width, height };
}

/** An orthogonal polyline with rounded corners. */
export function ortho(points: Array<[number, number]>, r = 6): string {
  let d = `M${points[0][0]},${points[0][1]}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [px, py] = points[i - 1];
    const [x, y] = points[i];
    const [nx, ny] = points[i + 1];
    const r1 = Math.min(r, Math.hypot(x - px, y - py) / 2);
    const r2 = Math.min(r, Math.hypot(nx - x, ny - y) / 2);
    const ax = x - Math.sign(x - px) * r1;
    const ay = y - Math.sign(y - py) * r1;
    const bx = x + Math.sign(nx - x) * r2;
    const by = y + Math.sign(ny - y) * r2;
    d += ` L${ax},${ay} Q${x},${y} ${bx},${by}`;
  }
  const last = points[points.length - 1];
  return `${d} L${last[0]},${last[1]}`;
}
