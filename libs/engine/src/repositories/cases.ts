/**
 * The `cases` table's owner for the engine: every statement the engine runs on it (lock, insert at
 * filing, the decided update with the audit chain's head, flags raised by a clock, reads of earlier
 * cases, the lock a claim or reassignment takes). Views and the inbox read cases through their own
 * SQL (case-view, inbox-parts).
 */
import type { Principal } from '@app/access';
import { isInSubtree } from '@app/access';
import { AuditFacts, LOCK_CHAIN_HEAD_SQL, caseChain, sealedAppendCtes } from '@app/audit';
import { Sql } from '@app/db';
import { CaseRow, Flag } from '../case-row';
import type { Decision } from '../decide/decide-event';
import { notFound } from '../errors';
import type { JurisdictionNode } from '../jurisdiction-directory';
import { isUuid } from '../uuid';

/** A case locked for an event, with what the lock's statement also found out. */
export type LockedCase = CaseRow & { actor_declared_relative?: boolean };

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
 * applicant a relative (the case's flag may lag a declaration committed while it was being filed).
 */
export async function lockVisibleCase(tx: Sql, p: Principal, caseId: string): Promise<LockedCase> {
  if (!isUuid(caseId)) throw notFound();
  const [c] = await tx.query(
    `SELECT c.*, EXISTS (SELECT 1 FROM staff_relatives r WHERE r.user_id = $2 AND r.id_index = c.applicant_id_index AND r.withdrawn_at IS NULL)
       AS actor_declared_relative
     FROM cases c WHERE c.id = $1 FOR UPDATE`,
    [caseId, p.id],
  );
  if (!c || !isInSubtree(p, c)) throw notFound();
  return c;
}

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

export async function insertCase(tx: Sql, n: NewCase): Promise<CaseRow> {
  const [row] = (await tx.query(
    `INSERT INTO cases (process_key, process_version, state, context, lane, revision, village_code, township_code,
       county_code, city_code, applicant_name, applicant_id_cipher, applicant_id_index, applicant_id_masked,
       applicant_phone, applicant_household_size, household_key, data, flags, filed_by, filed_at, updated_at, state_entered_at)
     VALUES ($1,$2,$3,$4,$5,1,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$20,$20) RETURNING *`,
    [
      n.processKey, n.processVersion, n.state, JSON.stringify(n.context), n.lane, n.village.code, n.village.townshipCode, n.village.countyCode,
      n.village.cityCode, n.applicantName, n.idCipher, n.idIndex, n.idMasked, n.phone, n.householdSize, n.householdKey, JSON.stringify(n.data),
      JSON.stringify(n.flags), n.filedBy, n.now,
    ],
  )) as CaseRow[];
  return row;
}

/**
 * Writes a decision's case columns and its audit entry in one statement: the case chain's head is
 * locked, the entry sealed in SQL (audit-log.ts sealedAppendCtes) and the head moved (the case is
 * locked already, so the case chain's order is the case's). `audited` is false only when the case has
 * no chain head row yet; the caller then appends the usual way.
 */
export async function updateDecidedCase(
  tx: Sql,
  caseId: string,
  d: Decision,
  entry: AuditFacts,
  now: Date,
): Promise<{ updated: CaseRow; audited: boolean }> {
  const append = sealedAppendCtes(entry, 11);
  const [{ audit_seq, ...updated }] = (await tx.query(
    `WITH head AS (${LOCK_CHAIN_HEAD_SQL('$10')}),
       u AS (UPDATE cases SET state = $2, context = $3, lane = $4, revision = revision + 1, outcome = $5, decision_groups = $6,
         updated_at = $7, state_entered_at = CASE WHEN state <> $2 THEN $7 ELSE state_entered_at END,
         closed_at = CASE WHEN $8 THEN $7 ELSE closed_at END, flags = $9
       WHERE id = $1 RETURNING *),
       ${append.sql}
     SELECT u.*, (SELECT seq FROM audit_ins) AS audit_seq FROM u`,
    [
      caseId, d.nextState, JSON.stringify(d.context), d.lane, d.outcome, JSON.stringify(d.decisionGroups), now, d.final,
      JSON.stringify(d.flags), caseChain(caseId), ...append.params,
    ],
  )) as Array<CaseRow & { audit_seq: number | null }>;
  return { updated, audited: audit_seq !== null };
}

/** Flags raised outside an event (an SLA clock's warning or breach): a new revision. */
export async function setCaseFlags(tx: Sql, caseId: string, flags: unknown[], now: Date): Promise<void> {
  await tx.query(`UPDATE cases SET flags = $2, revision = revision + 1, updated_at = $3 WHERE id = $1`, [caseId, JSON.stringify(flags), now]);
}

/** The applicant's or household's cases of the last 400 days (anti-fraud filing checks). */
export async function recentCasesOf(tx: Sql, idIndex: string, householdKey: string, now: Date): Promise<any[]> {
  return tx.query(
    `SELECT id, process_key, filed_at, applicant_id_index, household_key, state, data, context FROM cases
     WHERE (applicant_id_index = $1 OR household_key = $2) AND filed_at > $3::timestamptz - interval '400 days'
     ORDER BY filed_at DESC LIMIT 200`,
    [idIndex, householdKey, now],
  );
}

export async function readCase(sql: Sql, caseId: string): Promise<CaseRow | undefined> {
  const [c] = (await sql.query(`SELECT * FROM cases WHERE id = $1`, [caseId])) as CaseRow[];
  return c;
}
