/** What the poverty-alleviation registry says about an applicant, by keyed ID index (read-only here; the import writes it). */
import { Sql } from '@app/db';
import type { RegistryFact } from '@app/processes';

/** The registry's household id for the applicant (no row: the registry does not know them), read with the filing's other facts (filing-facts.ts). */
export const REGISTRY_HOUSEHOLD_SQL = (idIndex: string) => `SELECT household_id FROM registry_entries WHERE id_index = ${idIndex}`;

/** The registry's entry as a process reads it (identity check, fast-lane eligibility), or null. */
export async function registryFactOf(sql: Sql, idIndex: string): Promise<RegistryFact | null> {
  const [r] = await sql.query(`SELECT category, status, village_code, household_id FROM registry_entries WHERE id_index = $1`, [idIndex]);
  return r ? { category: r.category, status: r.status, villageCode: r.village_code, householdId: r.household_id } : null;
}
