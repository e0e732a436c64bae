/**
 * Narrower visibility declared by a definition (ProcessDeclarations.visibility): a case whose
 * `viewers` column is set is seen, inside the subtree, only by holders of a listed token — `role`
 * (any holder whose subtree holds it) or `role@code` (that role at that node). Everyone else gets
 * the same 404 as for a case outside their subtree: its existence is not leaked.
 */
import type { Principal, PlacedRow } from '@app/access';
import { isInSubtree } from '@app/access';
import type { ProcessDefinition } from '@app/processes';
import { contextUnits } from './state-effects';

/** The tokens a case's context grants, or null for the subtree rule alone. */
export function viewersOf(def: ProcessDefinition, context: Record<string, any>): string[] | null {
  const v = def.visibility;
  if (!v) return null;
  const units = v.unitsFields.flatMap((f) => contextUnits(context, f).map((u) => `${u.role}@${u.jurisdictionCode}`));
  return [...new Set([...v.roles, ...units])].sort();
}

/** The tokens a caller holds: each role, and each role at their own node. */
export function viewerTokens(p: Principal): string[] {
  return [...p.roles, ...p.roles.map((r) => `${r}@${p.jurisdiction.code}`)];
}

export function isVisibleTo(p: Principal, row: PlacedRow & { viewers?: string[] | null }): boolean {
  if (!isInSubtree(p, row)) return false;
  if (p.system || !row.viewers) return true;
  const mine = viewerTokens(p);
  return row.viewers.some((t) => mine.includes(t));
}

/** SQL for "visible" beyond the subtree, on a cases table aliased `alias`, with the caller's tokens as parameter $n (text[]). */
export function viewersCondition(alias: string, paramIndex: number): string {
  return `(${alias}.viewers IS NULL OR ${alias}.viewers && $${paramIndex}::text[])`;
}
