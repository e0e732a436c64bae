/** Helpers over the flat jurisdiction list from GET /api/jurisdictions. */
import type { Jurisdiction } from '../api/types';

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
