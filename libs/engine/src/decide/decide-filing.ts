import type { PriorCase, ProcessDefinition } from '@app/processes';
import { CaseRow, Flag, withFlags } from '../case-row';
import { ClockPlan, clockPlan } from '../sla-clocks';
import { StateChangePlan, stateChangePlan } from '../state-effects';
import { WorkflowClock } from '../workflow-clock';
import { stateIdOf } from './decide-event';
import { initialSnapshot } from './machine-steps';

/** A member of staff who declared the applicant a relative, where they could act on the case. */
export interface DeclaringRelative {
  userId: string;
  username: string;
  relation: string;
}

/**
 * What filing reads from the database, injected (the engine answers from its transaction, a test
 * from memory): the registry's household of the applicant, staff relatives inside the village's
 * chain of jurisdictions, and, asked only when the process has filing checks, the applicant's or
 * household's earlier cases.
 */
export interface FilingFacts {
  /** The applicant's keyed ID index (never the number). */
  idIndex: string;
  /** The registry's household id for the applicant, or null when the registry does not know them. */
  registryHouseholdId: string | null;
  relatives: DeclaringRelative[];
  /** Earlier cases of the applicant or their household (anti-fraud checks), by household key. */
  priorCases: (householdKey: string) => Promise<PriorCase[]>;
  /** The durations' clock (its scale). */
  clock: WorkflowClock;
}

/** The filing as the decision reads it (validated: the schema, the ID number and the village). */
export interface FilingRequest {
  data: Record<string, unknown>;
  village: Pick<CaseRow, 'village_code' | 'township_code' | 'county_code' | 'city_code'>;
  /** The jurisdiction settings in force for the case's nodes (ProcessDefinition.jurisdictionSettings), by name. */
  settings?: Record<string, number>;
}

/** Everything the filing writer persists, decided without the database. */
export interface FilingDecision {
  state: string;
  context: Record<string, any>;
  lane: CaseRow['lane'];
  householdKey: string;
  /** The jurisdiction settings the machine started from (recorded in the FILE entry), or null when the process has none. */
  settings: Record<string, number> | null;
  /** The flags raised at filing, as stored on the case. */
  flags: Flag[];
  effects: {
    /** Entering the initial state: its task, timers, recurring timers and jobs. */
    state: StateChangePlan;
    /** Clocks started by filing or by the initial state. */
    clocks: ClockPlan;
  };
}

/** The household a case counts against: the registry's, else the applicant alone. */
export const householdKeyOf = (registryHouseholdId: string | null, idIndex: string) =>
  registryHouseholdId ? `hh:${registryHouseholdId}` : `id:${idIndex}`;

/**
 * A new case, decided: the machine's initial state and context from the filing data, the lane the
 * process gives it, the flags (a declared relative of staff who could act on it; the process's
 * anti-fraud checks over earlier cases) and what entering the initial state and the filing clocks
 * ask for. No database: the lookups come in `facts`.
 */
export async function decideFiling(def: ProcessDefinition, req: FilingRequest, facts: FilingFacts, now: Date): Promise<FilingDecision> {
  // The machine also learns where the case sits (a line per county, an authorised township).
  const place = { villageCode: req.village.village_code, townshipCode: req.village.township_code, countyCode: req.village.county_code };
  // … and the local numbers in force there (jurisdictionSettings), which the FILE entry records.
  const input = def.jurisdictionSettings?.length ? { data: req.data, place, settings: req.settings ?? {} } : { data: req.data, place };
  const snapshot = initialSnapshot(def.machine, input);
  const state = stateIdOf(snapshot.value);
  const context = snapshot.context as Record<string, any>;
  const lane = (def.laneOf ? def.laneOf(context) : 'normal') as CaseRow['lane'];
  const householdKey = householdKeyOf(facts.registryHouseholdId, facts.idIndex);

  const raised: Array<{ code: string; detail: Record<string, unknown> }> = [];
  if (facts.relatives.length > 0) {
    raised.push({
      code: 'relative_filed',
      detail: {
        userIds: facts.relatives.map((r) => r.userId), usernames: facts.relatives.map((r) => r.username), relations: facts.relatives.map((r) => r.relation),
      },
    });
  }
  if (def.filingChecks) {
    const prior = await facts.priorCases(householdKey);
    raised.push(...def.filingChecks({ data: req.data, now, config: def.config, prior }));
  }
  const filed = { state, context, lane, ...req.village };
  return {
    state,
    context,
    lane,
    householdKey,
    settings: def.jurisdictionSettings?.length ? req.settings ?? {} : null,
    flags: withFlags([], raised, now),
    effects: {
      state: stateChangePlan(def, facts.clock, filed, null, now),
      clocks: clockPlan(def, filed, 'filing'),
    },
  };
}
