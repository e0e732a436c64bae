/**
 * ProcessDefinition.registryMembership: a case in one of the declared states makes its applicant
 * and household members count as that registry category in every registry lookup (低保 households
 * in payment are 低保 for legal aid's fast lane and temporary assistance: "低保对象由同级民政部门认定提供").
 * Membership is derived from the case's state, so it begins and ends with the audited transitions
 * into and out of those states; the imported registry (registry_entries) is consulted first.
 */
import type { Sql } from '@app/db';
import type { ProcessDefinition, RegistryFact } from '@app/processes';

export async function coveredByOpenCase(sql: Sql, defs: ProcessDefinition[], idIndex: string, exceptCaseId: string): Promise<RegistryFact | null> {
  for (const def of defs) {
    const m = def.registryMembership;
    if (!m) continue;
    const [hit] = await sql.query(
      `SELECT c.id, c.village_code FROM cases c
       WHERE c.process_key = $1 AND c.state = ANY($2::text[]) AND c.id <> $4
         AND (c.applicant_id_index = $3 OR EXISTS (SELECT 1 FROM case_persons p WHERE p.case_id = c.id AND p.id_index = $3))
       ORDER BY c.filed_at LIMIT 1`,
      [def.key, m.states, idIndex, exceptCaseId],
    );
    if (hit) return { category: m.category, status: 'new', villageCode: hit.village_code, householdId: `case:${hit.id}` };
  }
  return null;
}

/**
 * Whether a transition from `from` to `to` makes the case's people join or leave the registry
 * category its process declares (registryMembership): each is its own audit entry in the case's
 * chain beside the event's, so the registry's history reads off the chain without knowing the
 * process's states. Null when membership does not change.
 */
export function membershipChange(def: ProcessDefinition, from: string, to: string): { action: 'REGISTRY_JOINED' | 'REGISTRY_LEFT'; category: RegistryFact['category'] } | null {
  const m = def.registryMembership;
  if (!m) return null;
  const before = m.states.includes(from);
  const after = m.states.includes(to);
  if (before === after) return null;
  return { action: after ? 'REGISTRY_JOINED' : 'REGISTRY_LEFT', category: m.category };
}
