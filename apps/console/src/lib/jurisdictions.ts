/** Helpers over jurisdictions from GET /api/jurisdictions. */
import { LEVELS, type Jurisdiction, type JurisdictionNode, type Level } from '../api/types';

/** Depth-first order (county, its townships, their villages …) for tree-like display. */
export function treeOrder(list: Jurisdiction[]): Jurisdiction[] {
  const codes = new Set(list.map((j) => j.code));
  const children = new Map<string, Jurisdiction[]>();
  const roots: Jurisdiction[] = [];
  for (const j of [...list].sort((a, b) => a.code.localeCompare(b.code))) {
    if (j.parentCode && codes.has(j.parentCode)) children.set(j.parentCode, [...(children.get(j.parentCode) ?? []), j]);
    else roots.push(j);
  }
  const out: Jurisdiction[] = [];
  const visit = (j: Jurisdiction) => {
    out.push(j);
    (children.get(j.code) ?? []).forEach(visit);
  };
  roots.forEach(visit);
  return out;
}

export const ofLevel = (list: Jurisdiction[], level: Jurisdiction['level']) =>
  treeOrder(list).filter((j) => j.level === level);

/** "小路口镇 闫那里村" — a village with its township, for pickers. */
export function villageLabel(list: Jurisdiction[], village: Jurisdiction): string {
  const township = list.find((j) => j.code === village.parentCode);
  return township ? `${township.name} ${village.name}` : village.name;
}

/**
 * GET /api/jurisdictions answers `{items}` (the children of `parent`, or the caller's own node);
 * an older api answered the caller's whole subtree as a bare array. Either way this gives the
 * nodes asked for, with child counts, and says whether the answer was the whole subtree.
 */
export function normalizeJurisdictions(body: unknown, parent?: string): { nodes: JurisdictionNode[]; whole: Jurisdiction[] | null } {
  if (Array.isArray(body)) {
    const list = body as Jurisdiction[];
    const codes = new Set(list.map((j) => j.code));
    const counts = new Map<string, number>();
    for (const j of list) if (j.parentCode) counts.set(j.parentCode, (counts.get(j.parentCode) ?? 0) + 1);
    const node = (j: Jurisdiction): JurisdictionNode => ({ ...j, parentCode: j.parentCode ?? null, childCount: counts.get(j.code) ?? 0 });
    const picked = parent ? list.filter((j) => j.parentCode === parent) : list.filter((j) => !j.parentCode || !codes.has(j.parentCode));
    return { nodes: treeOrder(picked).map(node), whole: list };
  }
  const items = (body as { items?: JurisdictionNode[] } | null)?.items ?? [];
  return { nodes: items.map((j) => ({ ...j, parentCode: j.parentCode ?? null, childCount: j.childCount ?? 0 })), whole: null };
}

const depth = (level: Level) => LEVELS.indexOf(level);

/**
 * The caller's subtree down to `downTo` (pickers need villages or counties), from the caller's own
 * nodes by asking for children level by level; nodes at `downTo` are not opened.
 */
export async function expandTo(
  roots: JurisdictionNode[],
  downTo: Level,
  children: (code: string) => Promise<JurisdictionNode[]>,
): Promise<Jurisdiction[]> {
  const out: JurisdictionNode[] = [...roots];
  let frontier = roots;
  while (frontier.length > 0) {
    const open = frontier.filter((j) => j.childCount > 0 && depth(j.level) < depth(downTo));
    const next = (await Promise.all(open.map((j) => children(j.code)))).flat();
    out.push(...next);
    frontier = next;
  }
  return out.map(({ code, name, level, parentCode }) => ({ code, name, level, parentCode }));
}
