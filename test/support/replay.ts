/**
 * History rebuilt from the audit alone (issue 17, item 5): every case's chain, in seq order — its
 * FILE entry, then the event entries — replayed through its process machine the way the engine
 * applies them (XState's pure `initialTransition` / `transition` on a snapshot restored from JSON),
 * must give the stored `cases.state` and `cases.context`. Each event entry must also start from the
 * state the replay is in and end in the state it recorded; every other entry on a case chain (SLA
 * phases, claims, reassignments, relative flags …) must leave the state alone.
 *
 * Reads everything in one REPEATABLE READ snapshot, so it is consistent while the system runs: an
 * event writes its case row and its audit entry in one transaction.
 */
import { isDeepStrictEqual } from 'node:util';
import type { DataSource } from 'typeorm';
import { initialTransition, transition } from 'xstate';
import type { ProcessRegistry } from '../../libs/processes/src';

export interface ReplayProblem {
  caseId: string;
  seq: number | null;
  problem: string;
}

export interface ReplayResult {
  cases: number;
  entries: number;
  /** Event entries applied through a machine (FILE included). */
  transitions: number;
  problems: ReplayProblem[];
}

interface Entry {
  chain_id: string;
  seq: number;
  action: string;
  outcome: string;
  from_state: string | null;
  to_state: string | null;
  payload: Record<string, any>;
}

const json = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** The event as sent: the engine adds `_onBehalfOf`, `_delegationId`, `_timerId` to what it records (payload schemas refuse `_` keys). */
function eventPayload(recorded: Record<string, any>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(recorded ?? {}).filter(([k]) => !k.startsWith('_')));
}

/** Replays one case's chain; returns the problems found (none when it rebuilds the stored row). */
export function replayCase(
  registry: ProcessRegistry,
  stored: { id: string; process_key: string; process_version: number; state: string; context: unknown; village_code?: string; township_code?: string; county_code?: string },
  entries: Entry[],
): { transitions: number; problems: ReplayProblem[] } {
  const problems: ReplayProblem[] = [];
  const fail = (seq: number | null, problem: string) => problems.push({ caseId: stored.id, seq, problem });
  const [filed, ...rest] = entries;
  if (!filed || filed.action !== 'FILE' || filed.seq !== 1) {
    fail(filed?.seq ?? null, `the chain does not start with FILE (found ${filed?.action ?? 'nothing'})`);
    return { transitions: 0, problems };
  }
  entries.forEach((e, i) => e.seq !== i + 1 && fail(e.seq, `seq ${e.seq} at position ${i + 1}`));
  // A case about another case records the subject facts its machine started from (ProcessDeclarations.subject).
  const { processKey, processVersion, data, subject, settings } = filed.payload ?? {};
  if (processKey !== stored.process_key || processVersion !== stored.process_version) {
    fail(1, `FILE names ${processKey} v${processVersion}, the case row ${stored.process_key} v${stored.process_version}`);
  }
  if (data === undefined) fail(1, 'FILE does not record the filing data');
  let def;
  try {
    def = registry.get(processKey, processVersion);
  } catch (err) {
    fail(1, `no definition for ${processKey} v${processVersion}: ${(err as Error).message}`);
    return { transitions: 0, problems };
  }
  // As the engine files: the filing data and the case's place, or for a case about another case its subject.
  const place = { villageCode: stored.village_code ?? '', townshipCode: stored.township_code ?? '', countyCode: stored.county_code ?? '' };
  // With the jurisdiction settings in force at filing when the process has any (the FILE entry records them).
  let [snapshot] = initialTransition(def.machine, subject ? { data, subject } : settings ? { data, place, settings } : { data, place });
  let transitions = 1;
  if (snapshot.value !== filed.to_state) fail(1, `FILE: the machine starts in ${JSON.stringify(snapshot.value)}, the entry says ${filed.to_state}`);
  for (const e of rest) {
    const state = snapshot.value as string;
    const isEvent = Object.hasOwn(def.events, e.action) && e.outcome === 'ok';
    if (!isEvent) {
      if (e.from_state !== e.to_state) fail(e.seq, `${e.action} is no event of ${def.key} but moves ${e.from_state} → ${e.to_state}`);
      if (e.from_state !== null && e.from_state !== state) fail(e.seq, `${e.action} recorded in ${e.from_state}, the replay is in ${state}`);
      continue;
    }
    if (e.from_state !== state) fail(e.seq, `${e.action} recorded from ${e.from_state}, the replay is in ${state}`);
    // As the engine does: the snapshot restored from the stored (JSON) context, then the pure transition.
    const restored = def.machine.resolveState({ value: state, context: json(snapshot.context) });
    const event = { type: e.action, payload: eventPayload(e.payload) };
    if (!restored.can(event)) fail(e.seq, `${e.action} is not possible in ${state} with the replayed context`);
    [snapshot] = transition(def.machine, restored, event);
    transitions++;
    if (snapshot.value !== e.to_state) fail(e.seq, `${e.action}: the machine goes to ${JSON.stringify(snapshot.value)}, the entry says ${e.to_state}`);
  }
  if (snapshot.value !== stored.state) fail(null, `replayed state ${JSON.stringify(snapshot.value)}, stored ${stored.state}`);
  if (!isDeepStrictEqual(json(snapshot.context), stored.context)) {
    fail(null, `replayed context differs from the stored one: ${JSON.stringify(json(snapshot.context))} ≠ ${JSON.stringify(stored.context)}`);
  }
  return { transitions, problems };
}

/** Replays every case in the database (or those in `caseIds`). */
export async function replayAll(ds: DataSource, registry: ProcessRegistry, caseIds?: string[]): Promise<ReplayResult> {
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const filter = caseIds ? 'WHERE id = ANY($1::uuid[])' : '';
    const cases = await qr.query(`SELECT id, process_key, process_version, state, context, village_code, township_code, county_code FROM cases ${filter} ORDER BY filed_at, id`, caseIds ? [caseIds] : []);
    const rows: Entry[] = await qr.query(
      `SELECT chain_id, seq, action, outcome, from_state, to_state, payload FROM audit_entries
       WHERE chain_id = ANY($1::text[]) ORDER BY chain_id, seq`,
      [cases.map((c: any) => `case:${c.id}`)],
    );
    await qr.query('COMMIT');
    const byChain = new Map<string, Entry[]>();
    for (const r of rows) {
      const list = byChain.get(r.chain_id) ?? [];
      list.push({ ...r, seq: Number(r.seq) });
      byChain.set(r.chain_id, list);
    }
    const result: ReplayResult = { cases: cases.length, entries: rows.length, transitions: 0, problems: [] };
    for (const c of cases) {
      const r = replayCase(registry, c, byChain.get(`case:${c.id}`) ?? []);
      result.transitions += r.transitions;
      result.problems.push(...r.problems);
    }
    return result;
  } finally {
    await qr.release();
  }
}
