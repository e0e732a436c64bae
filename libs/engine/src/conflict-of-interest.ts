/**
 * 近亲属回避 (PROCESSES.md §1): a staff member may not act on a case whose applicant is a close
 * relative they declared. Two guards, because a declaration and a filing can cross:
 * - the case carries a `relative_filed` flag naming the staff members (raised at filing, and on
 *   every existing case of the applicant when a relative is declared later); only discipline
 *   reviewers see who (case-view.ts flagsFor, the history);
 * - the engine also asks staff_relatives directly at event time, so a case filed while the
 *   declaration was being committed is still refused.
 * A declaration reaches only the cases its declarer could act on: inside their jurisdiction
 * (issue 19: a clerk of another county flagged, bumped and wrote into this county's chains).
 * Withdrawing it (declarer only, with a reason) ends the bar on new actions; the flags stay as
 * history, the declarer listed again under `withdrawnUserIds`, and it flags no new case.
 */
import { actorChain, appendAudit, caseChain } from '@app/audit';
import type { Principal } from '@app/access';
import { LEVEL_COLUMN } from '@app/access';
import type { Sql } from '@app/db';
import type { Flag } from './case-row';
import type { DeclaringRelative } from './decide/decide-filing';
import { setCaseFlags } from './repositories/cases';

export const RELATIVE_FLAG = 'relative_filed';
export const RELATIVE_CONFLICT_REASON = { zh: '申请人是您备案的近亲属，按回避规定您不能办理此案', en: 'The applicant is a close relative you declared; the recusal rule bars you from this case' };
/** Case-chain entries a declaration and its withdrawal write: their actor is shown to discipline reviewers only. */
export const RELATIVE_ENTRY_ACTIONS = ['RELATIVE_FLAGGED', 'RELATIVE_WITHDRAWN'];

/** Has any of these people declared (and not withdrawn) the applicant with this keyed index as a close relative? */
export async function declaredRelativeOf(sql: Sql, userIds: string[], idIndex: string): Promise<boolean> {
  const rows = await sql.query(
    `SELECT 1 FROM staff_relatives WHERE user_id = ANY($1::uuid[]) AND id_index = $2 AND withdrawn_at IS NULL LIMIT 1`,
    [userIds, idIndex],
  );
  return rows.length > 0;
}

/**
 * Staff who declared the applicant (keyed index) a relative and could act on a case in this village:
 * their node is the village, its township, county or city; withdrawn declarations never count. The
 * query over placeholders for relativesParams, read with the filing's other facts (filing-facts.ts).
 */
export const DECLARING_RELATIVES_SQL = (indexes: string, codes: string) =>
  `SELECT r.user_id, u.username, r.relation FROM staff_relatives r JOIN users u ON u.id = r.user_id
     WHERE r.id_index = ANY(${indexes}::text[]) AND r.withdrawn_at IS NULL AND u.jurisdiction_code = ANY(${codes}::text[])
     ORDER BY r.created_at, r.id`;

/** The applicant's (and household members') indexes, and the village's chain of jurisdiction codes. */
export const relativesParams = (idIndex: string | string[], village: { code: string; townshipCode: string | null; countyCode: string | null; cityCode: string | null }) =>
  [Array.isArray(idIndex) ? idIndex : [idIndex], [village.code, village.townshipCode, village.countyCode, village.cityCode].filter(Boolean)];

/** A row of DECLARING_RELATIVES_SQL as the decision reads it. */
export const declaringRelative = (r: any): DeclaringRelative => ({ userId: r.user_id, username: r.username, relation: r.relation });

type RelativeDetail = { userIds?: string[]; usernames?: string[]; relations?: string[]; withdrawnUserIds?: string[] };

/** Adds `user` to the case's relative_filed flag (creating it at `now` if absent; a withdrawn declarer is named again). */
export function withRelative(flags: Flag[], user: { id: string; username: string }, relation: string, now: Date): Flag[] {
  const existing = flags.find((f) => f.code === RELATIVE_FLAG);
  if (!existing) {
    return [...flags, { code: RELATIVE_FLAG, at: now.toISOString(), detail: { userIds: [user.id], usernames: [user.username], relations: [relation] } }];
  }
  const d = existing.detail as RelativeDetail;
  let detail: RelativeDetail;
  if ((d.userIds ?? []).includes(user.id)) {
    if (!(d.withdrawnUserIds ?? []).includes(user.id)) return flags;
    detail = { ...d, withdrawnUserIds: d.withdrawnUserIds!.filter((id) => id !== user.id) };
  } else {
    detail = { ...d, userIds: [...(d.userIds ?? []), user.id], usernames: [...(d.usernames ?? []), user.username], relations: [...(d.relations ?? []), relation] };
  }
  return flags.map((f) => (f === existing ? { ...existing, detail } : f));
}

/** Marks `userId` as withdrawn in the case's relative_filed flag; the same list when there is nothing to mark. */
export function withoutRelative(flags: Flag[], userId: string): Flag[] {
  const existing = flags.find((f) => f.code === RELATIVE_FLAG);
  const d = (existing?.detail ?? {}) as RelativeDetail;
  if (!existing || !(d.userIds ?? []).includes(userId) || (d.withdrawnUserIds ?? []).includes(userId)) return flags;
  const updated: Flag = { ...existing, detail: { ...d, withdrawnUserIds: [...(d.withdrawnUserIds ?? []), userId] } };
  return flags.map((f) => (f === existing ? updated : f));
}

/** The applicant's cases inside the declarer's jurisdiction, locked in id order (the order the engine takes them in). */
function lockCasesWithin(tx: Sql, p: Principal, idIndex: string): Promise<Array<{ id: string; state: string; flags: Flag[]; closed_at: Date | null }>> {
  return tx.query(
    `SELECT id, state, flags, closed_at FROM cases WHERE applicant_id_index = $1 AND ${LEVEL_COLUMN[p.jurisdiction.level]} = $2 ORDER BY id FOR UPDATE`,
    [idIndex, p.jurisdiction.code],
  );
}

/**
 * Flags every case of the applicant inside the declarer's jurisdiction (open or closed: a
 * relative's case decided before the declaration is exactly what a reviewer wants to see) for the
 * declaring staff member, inside the declaration's transaction. Cases are locked in id order before
 * any audit chain, the order the engine takes them in, so this never deadlocks with an event.
 */
export function flagCasesOfRelative(tx: Sql, p: Principal, idIndex: string, relation: string, now: Date): Promise<number> {
  return rewriteRelativeFlags(tx, p, idIndex, relation, now, 'RELATIVE_FLAGGED', (flags) => withRelative(flags, p, relation, now));
}

/**
 * The relative flag changed on each of the applicant's cases the declarer can reach (locked), each
 * change a new revision (through the cases repository) and an entry on the case's chain.
 */
async function rewriteRelativeFlags(
  tx: Sql, p: Principal, idIndex: string, relation: string, now: Date,
  action: 'RELATIVE_FLAGGED' | 'RELATIVE_WITHDRAWN', change: (flags: Flag[]) => Flag[],
): Promise<number> {
  let changed = 0;
  for (const c of await lockCasesWithin(tx, p, idIndex)) {
    const flags = change(c.flags);
    if (flags === c.flags) continue;
    await setCaseFlags(tx, c.id, flags, now);
    await appendAudit(tx, {
      chainId: caseChain(c.id), caseId: c.id, at: now, actorId: p.id, actorUsername: p.username, actorRole: p.roles.join(','),
      jurisdictionCode: p.jurisdiction.code, action, outcome: 'ok', fromState: c.state, toState: c.state,
      payload: { flag: RELATIVE_FLAG, declaredBy: p.username, relation, caseClosed: c.closed_at !== null },
    });
    changed++;
  }
  return changed;
}

/** The declaration itself on the declaring person's chain (never the full number). */
export function auditDeclaration(tx: Sql, p: Principal, relative: { id: string; name: string; relation: string; idNumberMasked: string }, flaggedCases: number, now: Date) {
  return appendAudit(tx, {
    chainId: actorChain(p.id), caseId: null, at: now, actorId: p.id, actorUsername: p.username, actorRole: p.roles.join(','),
    jurisdictionCode: p.jurisdiction.code, action: 'DECLARE_RELATIVE', outcome: 'ok', fromState: null, toState: null,
    payload: { relativeId: relative.id, name: relative.name, relation: relative.relation, idNumberMasked: relative.idNumberMasked, flaggedCases },
  });
}

/**
 * Withdrawal of a declaration: the declarer's flags on the applicant's cases (inside their
 * jurisdiction, where the declaration reached) mark them withdrawn, each change on the case's chain.
 */
export function unflagCasesOfRelative(tx: Sql, p: Principal, idIndex: string, relation: string, now: Date): Promise<number> {
  return rewriteRelativeFlags(tx, p, idIndex, relation, now, 'RELATIVE_WITHDRAWN', (flags) => withoutRelative(flags, p.id));
}

/** The withdrawal on the declaring person's chain (never the full number). */
export function auditWithdrawal(
  tx: Sql, p: Principal, relative: { id: string; name: string; relation: string; idNumberMasked: string; reason: string }, updatedCases: number, now: Date,
) {
  return appendAudit(tx, {
    chainId: actorChain(p.id), caseId: null, at: now, actorId: p.id, actorUsername: p.username, actorRole: p.roles.join(','),
    jurisdictionCode: p.jurisdiction.code, action: 'WITHDRAW_RELATIVE', outcome: 'ok', fromState: null, toState: null,
    payload: { relativeId: relative.id, name: relative.name, relation: relative.relation, idNumberMasked: relative.idNumberMasked, reason: relative.reason, updatedCases },
  });
}
