/**
 * What a filing reads before it decides (decide-filing.ts FilingFacts), in one round trip (issue 21:
 * the registry's household, the declaring relatives and the earlier cases were three statements in a
 * row). Each part is its owner's query: registry-facts.ts, conflict-of-interest.ts, repositories/cases.ts.
 */
import type { PriorCase } from '@app/processes';
import type { Sql } from '@app/db';
import { DECLARING_RELATIVES_SQL, declaringRelative, relativesParams } from '../conflict-of-interest';
import { FilingFacts, householdKeyOf } from '../decide/decide-filing';
import { RECENT_CASES_SQL, recentCasesOf } from '../repositories/cases';
import { REGISTRY_HOUSEHOLD_SQL } from './registry-facts';

export async function filingFactsOf(
  tx: Sql,
  idIndex: string,
  /** The applicant's index and the household members' (relatives are looked for among all of them). */
  everyone: string[],
  village: Parameters<typeof relativesParams>[1],
  now: Date,
  /** Whether the process has filing checks (only they read the earlier cases). */
  withPriorCases: boolean,
): Promise<Omit<FilingFacts, 'clock'>> {
  // The earlier cases are read under the household key the decision will most likely use (householdKeyOf
  // over the registry's answer, written again here in SQL); priorCases checks it and reads again if not.
  const prior = withPriorCases
    ? `, (SELECT coalesce(json_agg(p ORDER BY p.filed_at DESC), '[]') FROM (${RECENT_CASES_SQL('$1', 'k.household_key', '$4')}) p) AS prior_cases`
    : '';
  const [row] = await tx.query(
    `WITH registry AS (${REGISTRY_HOUSEHOLD_SQL('$1')}),
       k AS (SELECT CASE WHEN (SELECT household_id FROM registry) <> '' THEN 'hh:' || (SELECT household_id FROM registry) ELSE 'id:' || $1 END AS household_key)
     SELECT (SELECT household_id FROM registry) AS registry_household_id, k.household_key,
       (SELECT coalesce(json_agg(r), '[]') FROM (${DECLARING_RELATIVES_SQL('$2', '$3')}) r) AS relatives${prior}
     FROM k`,
    [idIndex, ...relativesParams(everyone, village), ...(withPriorCases ? [now] : [])],
  );
  const registryHouseholdId: string | null = row.registry_household_id ?? null;
  const priorKey = householdKeyOf(registryHouseholdId, idIndex);
  return {
    idIndex,
    registryHouseholdId,
    relatives: (row.relatives as any[]).map(declaringRelative),
    priorCases: async (householdKey) => {
      const rows = withPriorCases && householdKey === row.household_key && householdKey === priorKey
        ? (row.prior_cases as any[])
        : await recentCasesOf(tx, idIndex, householdKey, now);
      return rows.map((r: any): PriorCase => ({
        caseId: r.id, processKey: r.process_key, filedAt: new Date(r.filed_at), sameApplicant: r.applicant_id_index === idIndex,
        sameHousehold: r.household_key === householdKey, state: r.state, data: r.data, context: r.context,
      }));
    },
  };
}
