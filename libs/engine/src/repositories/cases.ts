/**
 * The `cases` table's owner for the engine: every statement the engine runs on it (lock, insert at
 * filing, the decided update with the audit chain's head, flags raised by a clock, reads of earlier
 * cases, the lock a claim or reassignment takes). Views and the inbox read cases through their own
 * SQL (case-view, inbox-parts).
 */
import { type Principal, type SessionToConfirm, sessionConfirmedSql } from '@app/access';
import { AuditFacts, LOCK_CHAIN_HEAD_SQL, caseChain, sealedAppendCtes } from '@app/audit';
import { CteStatement, Sql } from '@app/db';
import { CaseRow, Flag } from '../case-row';
import type { Decision } from '../decide/decide-event';
import { SessionNotConfirmed, notFound } from '../errors';
import type { JurisdictionNode } from '../jurisdiction-directory';
import { isUuid } from '../uuid';
import { isVisibleTo } from '../visibility';
import { settleConfirmation } from '../session-confirmation';

/**
 * A case locked for an event, with what the lock's statement also found out: whether the actor
 * declared its applicant a relative, and whether its audit chain is open (an event's entry is then
 * sealed in the write statement itself).
 */
export type LockedCase = CaseRow & { actor_declared_relative?: boolean; chain_open?: boolean; session_confirmed?: boolean };

/**
 * The people who acted on the subject of a case about another case (ok entries of its chain), or
 * NULL for an ordinary case: SubjectSpec.barredGroups keeps them from judging it.
 */
export const SUBJECT_ACTORS_SQL = (alias: string) =>
  `(SELECT array_agg(DISTINCT e.actor_id) FROM audit_entries e
     WHERE ${alias}.subject_case_id IS NOT NULL AND e.chain_id = 'case:' || ${alias}.subject_case_id AND e.outcome = 'ok' AND e.actor_id IS NOT NULL)`;

export async function lockCase(tx: Sql, caseId: string): Promise<CaseRow | undefined> {
  if (!isUuid(caseId)) return undefined;
  const [c] = await tx.query(`SELECT * FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
  return c;
}

/**
 * Locks a case for work on its tasks (claim, release, reassignment, an expired claim): what their
 * audit entry and checks need. `skipLocked`: a sweep passes over a case busy with an event.
 */
export async function lockCaseForTask(
  tx: Sql,
  caseId: string,
  opts: { skipLocked?: boolean } = {},
): Promise<Pick<CaseRow, 'id' | 'state' | 'flags'> | undefined> {
  const [c] = await tx.query(`SELECT id, state, flags FROM cases WHERE id = $1 FOR UPDATE${opts.skipLocked ? ' SKIP LOCKED' : ''}`, [caseId]);
  return c;
}

/**
 * Locks a case the caller may see. In the same round trip: whether the caller has declared the
 * applicant a relative (the case's flag may lag a declaration committed while it was being filed),
 * and whether its audit chain is open.
 */
export async function lockVisibleCase(tx: Sql, p: Principal, caseId: string, toConfirm?: SessionToConfirm): Promise<LockedCase> {
  if (!isUuid(caseId)) throw toConfirm ? new SessionNotConfirmed() : notFound();
  const [c] = await tx.query(toConfirm ? LOCK_VISIBLE_CONFIRMING_SQL : LOCK_VISIBLE_SQL, toConfirm ? [caseId, p.id, toConfirm.sessionId, toConfirm.fingerprint] : [caseId, p.id]);
  // Nothing is answered for a remembered session before it is confirmed (not even a 404).
  if (toConfirm) settleConfirmation(toConfirm, c?.session_confirmed);
  // A case about another one: a declared relative of the subject's applicant may not act on it either.
  if (!c || !isVisibleTo(p, c)) throw notFound();
  return c;
}

const lockVisibleSql = (confirming: boolean) => `
  SELECT c.*, EXISTS (SELECT 1 FROM staff_relatives r WHERE r.user_id = $2 AND r.withdrawn_at IS NULL
      AND r.id_index = coalesce(c.applicant_id_index, (SELECT s.applicant_id_index FROM cases s WHERE s.id = c.subject_case_id)))
    AS actor_declared_relative, ${SUBJECT_ACTORS_SQL('c')} AS subject_actor_ids,
    EXISTS (SELECT 1 FROM audit_chains h WHERE h.chain_id = 'case:' || c.id) AS chain_open
    ${confirming ? `, ${sessionConfirmedSql('$3', '$2', '$4')} AS session_confirmed` : ''}
  FROM cases c WHERE c.id = $1 FOR UPDATE OF c`;
const LOCK_VISIBLE_SQL = lockVisibleSql(false);
/** The same, confirming a remembered session (ADR 0013) in the same statement: no read of its own. */
const LOCK_VISIBLE_CONFIRMING_SQL = lockVisibleSql(true);

export interface NewCase {
  processKey: string;
  processVersion: number;
  state: string;
  context: Record<string, unknown>;
  lane: string;
  village: Pick<JurisdictionNode, 'code' | 'townshipCode' | 'countyCode' | 'cityCode'>;
  applicantName: string;
  idCipher: string;
  idIndex: string;
  idMasked: string;
  phone: string | null;
  householdSize: number | null;
  householdKey: string;
  data: Record<string, unknown>;
  flags: Flag[];
  filedBy: string;
  now: Date;
}

/**
 * A new case's row as the CTE `filed` of the filing's one write statement (write-filing.ts). Its id
 * is made by the caller (`ids.caseId`), so that the statement's other parts (the chain, the first
 * task, its timers) can name it. Returns the row as the statement stores it, for those parts.
 */
export function insertCaseCte(b: CteStatement, ids: { caseId: string; now: string }, id: string, n: NewCase): CaseRow {
  const v = (x: unknown) => b.param(x);
  b.cte('filed', `INSERT INTO cases (id, process_key, process_version, state, context, lane, revision, village_code, township_code,
       county_code, city_code, applicant_name, applicant_id_cipher, applicant_id_index, applicant_id_masked,
       applicant_phone, applicant_household_size, household_key, data, flags, filed_by, filed_at, updated_at, state_entered_at)
     VALUES (${ids.caseId}, ${v(n.processKey)}, ${v(n.processVersion)}, ${v(n.state)}, ${v(JSON.stringify(n.context))}, ${v(n.lane)}, 1,
       ${v(n.village.code)}, ${v(n.village.townshipCode)}, ${v(n.village.countyCode)}, ${v(n.village.cityCode)}, ${v(n.applicantName)},
       ${v(n.idCipher)}, ${v(n.idIndex)}, ${v(n.idMasked)}, ${v(n.phone)}, ${v(n.householdSize)}, ${v(n.householdKey)},
       ${v(JSON.stringify(n.data))}, ${v(JSON.stringify(n.flags))}, ${v(n.filedBy)}, ${ids.now}, ${ids.now}, ${ids.now}) RETURNING *`);
  return {
    id, process_key: n.processKey, process_version: n.processVersion, state: n.state, context: n.context, lane: n.lane as CaseRow['lane'],
    outcome: null, revision: 1, village_code: n.village.code, township_code: n.village.townshipCode!, county_code: n.village.countyCode!,
    city_code: n.village.cityCode!, applicant_name: n.applicantName, applicant_id_cipher: n.idCipher, applicant_id_index: n.idIndex,
    applicant_id_masked: n.idMasked, applicant_phone: n.phone, applicant_household_size: n.householdSize, household_key: n.householdKey,
    data: n.data, flags: n.flags, filed_by: n.filedBy, decision_groups: {}, filed_at: n.now, updated_at: n.now, state_entered_at: n.now, closed_at: null,
  };
}

/** A case about another case (ProcessDeclarations.subject): no applicant, the subject's place, its viewers. */
export interface NewSubjectCase {
  processKey: string;
  processVersion: number;
  state: string;
  context: Record<string, unknown>;
  lane: string;
  subject: Pick<CaseRow, 'id' | 'village_code' | 'township_code' | 'county_code' | 'city_code'>;
  viewers: string[] | null;
  data: Record<string, unknown>;
  flags: Flag[];
  filedBy: string;
  now: Date;
}

export async function insertSubjectCase(tx: Sql, n: NewSubjectCase): Promise<CaseRow> {
  const [row] = (await tx.query(
    `INSERT INTO cases (process_key, process_version, state, context, lane, revision, village_code, township_code,
       county_code, city_code, subject_case_id, viewers, data, flags, filed_by, filed_at, updated_at, state_entered_at)
     VALUES ($1,$2,$3,$4,$5,1,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$15,$15) RETURNING *`,
    [
      n.processKey, n.processVersion, n.state, JSON.stringify(n.context), n.lane, n.subject.village_code, n.subject.township_code,
      n.subject.county_code, n.subject.city_code, n.subject.id, n.viewers, JSON.stringify(n.data), JSON.stringify(n.flags), n.filedBy, n.now,
    ],
  )) as CaseRow[];
  return row;
}

/**
 * A decision's case columns and its audit entry, as CTEs of the event's one write statement
 * (write-decision.ts): the case chain's head is locked, the entry sealed in SQL (audit-log.ts
 * sealedAppendCtes) and the head moved (the case is locked already, so the case chain's order is
 * the case's). The updated row is `u`; `audit_ins` is empty only when the case has no chain head
 * row yet (the caller then appends the usual way). `ids` are the statement's shared placeholders.
 */
export function decidedCaseCtes(b: CteStatement, ids: { caseId: string; now: string }, d: Decision, entry: AuditFacts): void {
  const state = b.param(d.nextState);
  b.cte('head', LOCK_CHAIN_HEAD_SQL(`${b.param(caseChain(entry.caseId!))}::text`));
  b.cte('u', `UPDATE cases SET state = ${state}, context = ${b.param(JSON.stringify(d.context))}, lane = ${b.param(d.lane)},
      revision = revision + 1, outcome = ${b.param(d.outcome)}, decision_groups = ${b.param(JSON.stringify(d.decisionGroups))},
      updated_at = ${ids.now}, state_entered_at = CASE WHEN state <> ${state} THEN ${ids.now} ELSE state_entered_at END,
      closed_at = CASE WHEN ${b.param(d.final)} THEN ${ids.now} ELSE closed_at END, flags = ${b.param(JSON.stringify(d.flags))},
      viewers = ${b.param(d.viewers)}
    WHERE id = ${ids.caseId} RETURNING *`);
  const append = sealedAppendCtes(entry, b.nextParam);
  b.raw(append.sql, append.params);
}

/**
 * The final query of that statement: the updated row, the audit entry's number (null: not
 * appended) and any `extraColumns` computed from the row `u` (the event's answer, the case view).
 */
export const decidedCaseSelect = (extraColumns?: string) =>
  `SELECT u.*, (SELECT seq FROM audit_ins) AS audit_seq${extraColumns ? `, ${extraColumns}` : ''} FROM u`;

/** Flags raised outside an event (an SLA clock's warning or breach): a new revision. */
export async function setCaseFlags(tx: Sql, caseId: string, flags: unknown[], now: Date): Promise<void> {
  await tx.query(`UPDATE cases SET flags = $2, revision = revision + 1, updated_at = $3 WHERE id = $1`, [caseId, JSON.stringify(flags), now]);
}

/** The applicant's or household's cases of the last 400 days (anti-fraud filing checks). */
export async function recentCasesOf(tx: Sql, idIndex: string, householdKey: string, now: Date): Promise<any[]> {
  return tx.query(RECENT_CASES_SQL('$1', '$2', '$3'), [idIndex, householdKey, now]);
}

/** recentCasesOf's query over placeholders or expressions, for a read that asks more at once (filing-facts.ts). */
export const RECENT_CASES_SQL = (idIndex: string, householdKey: string, now: string) =>
  `SELECT id, process_key, filed_at, applicant_id_index, household_key, state, data, context FROM cases
     WHERE (applicant_id_index = ${idIndex} OR household_key = ${householdKey}) AND filed_at > ${now}::timestamptz - interval '400 days'
     ORDER BY filed_at DESC LIMIT 200`;

export async function readCase(sql: Sql, caseId: string): Promise<CaseRow | undefined> {
  const [c] = (await sql.query(`SELECT * FROM cases WHERE id = $1`, [caseId])) as CaseRow[];
  return c;
}

/**
 * Whether another case of the same process lists `entry` in context[field] (EventSpec.uniqueAcrossCases).
 * Serialised per value: two cases registering the same receipt at once cannot both pass.
 */
export async function listedInAnotherCase(tx: Sql, c: Pick<CaseRow, 'id' | 'process_key'>, field: string, entry: Record<string, unknown>): Promise<boolean> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${c.process_key}:${field}:${JSON.stringify(entry)}`]);
  const rows = await tx.query(`SELECT 1 FROM cases WHERE process_key = $1 AND id <> $2 AND context->$3 @> $4::jsonb LIMIT 1`, [
    c.process_key, c.id, field, JSON.stringify([entry]),
  ]);
  return rows.length > 0;
}

/**
 * An open case of `processKey` about `subjectId` whose data[field] is `value` (SubjectSpec.uniqueOpenBy).
 * Two filings about one subject are serialised by an advisory lock so that only one can pass.
 */
export async function openCaseAbout(tx: Sql, subjectId: string, processKey: string, field: string, value: unknown): Promise<{ id: string } | undefined> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${processKey}:${subjectId}`]);
  const [open] = await tx.query(
    `SELECT id FROM cases WHERE subject_case_id = $1 AND process_key = $2 AND closed_at IS NULL
       AND coalesce(data->>$3, '') = coalesce($4::text, '') LIMIT 1`,
    [subjectId, processKey, field, value],
  );
  return open;
}
