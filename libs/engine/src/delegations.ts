import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { findUserByUsername, isInSubtree } from '@app/access';
import { actorChain, appendAudit } from '@app/audit';
import { Sql, inTransaction, returning } from '@app/db';
import type { Role } from '@app/processes';
import { EARLIEST_DATE, LATEST_DATE, nonBlank } from '@app/processes/schema-blocks';
import { DomainError, conflict, forbidden, invalid, notFound } from './errors';
import { ROLE_TITLES, ROLE_TITLES_EN } from './role-titles';
import { validateAgainst } from './schema-validator';
// Type only: task-supervision → case-engine → delegations would be an import cycle (the module passes the function in).
import type { supervises } from './task-supervision';
import { localTimeZone, loadWorkQueueSettings } from './work-queue-settings';

export type OnBehalfOf = NonNullable<Principal['onBehalfOf']>;

/**
 * Roles that can be handed over while absent: every role that acts on cases. Discipline reviewers
 * and administrators do not act on cases, so there is nothing to delegate.
 */
export const DELEGABLE_ROLES: Role[] = [
  'village_clerk', 'township_officer', 'poverty_office', 'housing_assessor', 'county_housing', 'county_civil',
  'legal_aid_officer', 'lawyer', 'quality_reviewer', 'justice_bureau',
];

/**
 * The role family a delegate must hold is the delegated role itself: each role here is already the
 * narrowest unit of legal competence (a house-safety assessor may not approve subsidies, a lawyer may
 * not decide on aid), so a wider family would hand someone powers the law gives another office.
 */
export const holdsRoleFamily = (roles: readonly Role[], role: Role) => roles.includes(role);

export const CREATE_SCHEMA = {
  type: 'object',
  required: ['toUsername', 'role', 'from', 'to'],
  additionalProperties: false,
  properties: {
    toUsername: { type: 'string', minLength: 1, maxLength: 64 },
    role: { type: 'string', enum: DELEGABLE_ROLES },
    from: { type: 'string', format: 'date', formatMinimum: EARLIEST_DATE, formatMaximum: LATEST_DATE },
    to: { type: 'string', format: 'date', formatMinimum: EARLIEST_DATE, formatMaximum: LATEST_DATE },
  },
};

/** The shortest reason for ending a delegation early, counted after trimming (as a reassignment's). */
export const MIN_END_REASON_LENGTH = 5;

export const END_SCHEMA = {
  type: 'object',
  required: ['reason'],
  additionalProperties: false,
  properties: { reason: nonBlank(MIN_END_REASON_LENGTH, 500) },
};

/**
 * Delegations in force for `delegate` today (calendar day in LOCAL_TIME_ZONE, read at request time:
 * a delegation ends by itself, no job needed). Only while the delegator is active, still holds the
 * role in the same jurisdiction, and the delegate still holds it too.
 */
export async function activeDelegationsFor(sql: Sql, delegate: Principal): Promise<OnBehalfOf[]> {
  if (delegate.system) return [];
  return (await sql.query(activeDelegationsSql(1), delegationParams(delegate))).map(onBehalfOf);
}

/** The query behind activeDelegationsFor, parameters numbered from `first`, for callers that embed it. */
export const activeDelegationsSql = (first: number) => {
  const [delegate, tz, roles, jurisdiction] = [0, 1, 2, 3].map((i) => `$${first + i}`);
  return `SELECT d.id, d.role, u.id AS user_id, u.username, u.display_name
     FROM delegations d JOIN users u ON u.id = d.delegator_id
     WHERE d.delegate_id = ${delegate} AND (now() AT TIME ZONE ${tz})::date BETWEEN d.starts_on AND d.ends_on AND d.ended_at IS NULL
       AND u.active AND d.role = ANY(u.roles) AND d.role = ANY(${roles}::text[])
       AND d.jurisdiction_code = ${jurisdiction} AND u.jurisdiction_code = ${jurisdiction}
     ORDER BY d.created_at`;
};

export const delegationParams = (delegate: Principal) => [delegate.id, localTimeZone(), delegate.roles, delegate.jurisdiction.code];

export const onBehalfOf = (r: any): OnBehalfOf => ({ id: r.user_id, username: r.username, displayName: r.display_name, role: r.role, delegationId: r.id });

/** The caller as the colleague they stand in for: the colleague's name and the delegated role decide. */
export function actingAs(p: Principal): Principal {
  const d = p.onBehalfOf;
  return d ? { ...p, id: d.id, username: d.username, displayName: d.displayName, roles: [d.role], onBehalfOf: undefined } : p;
}

/** People bound by conflicts of interest and separation of duties for this action: both, when delegated. */
export const peopleActing = (p: Principal): string[] => (p.onBehalfOf ? [p.id, p.onBehalfOf.id] : [p.id]);

/** POST/GET /api/delegations: an officer hands their role to a colleague for a date range. */
export class Delegations {
  private readonly maxDays = loadWorkQueueSettings().delegationMaxDays;
  private readonly supervisors = loadWorkQueueSettings().supervisors;

  /** `supervisesTask`: task-supervision.ts's `supervises`, the rule of who may reassign a task. */
  constructor(private readonly ds: DataSource, private readonly supervisesTask: typeof supervises) {}

  async create(p: Principal, body: unknown) {
    const errors = validateAgainst(CREATE_SCHEMA, body, '');
    if (errors.length) throw invalid(errors);
    const input = body as { toUsername: string; role: Role; from: string; to: string };
    if (!p.roles.includes(input.role)) {
      // A refused action is evidence (PROCESSES.md §5), on the caller's own chain.
      await inTransaction(this.ds, (tx) =>
        appendAudit(tx, {
          chainId: actorChain(p.id), caseId: null, at: new Date(), actorId: p.id, actorUsername: p.username, actorRole: p.roles.join(','),
          jurisdictionCode: p.jurisdiction.code, action: 'DELEGATE_ROLE', outcome: 'refused', fromState: null, toState: null,
          payload: { status: 403, toUsername: input.toUsername, role: input.role, from: input.from, to: input.to },
        }),
      ).catch(() => undefined);
      throw forbidden({ zh: `您没有「${ROLE_TITLES[input.role]}」角色，不能委托该角色`, en: `You do not have the role "${ROLE_TITLES_EN[input.role]}" and cannot delegate it` });
    }
    return inTransaction(this.ds, async (tx) => {
      const [{ today }] = await tx.query(`SELECT to_char((now() AT TIME ZONE $1)::date, 'YYYY-MM-DD') AS today`, [localTimeZone()]);
      const fieldErrors = [];
      if (input.to < input.from) fieldErrors.push({ field: 'to', message: '结束日期不能早于开始日期', en: 'the end date cannot be before the start date' });
      else if (input.to < today) fieldErrors.push({ field: 'to', message: `结束日期不能早于今天（${today}）`, en: `the end date cannot be before today (${today})` });
      else if (daysBetween(input.from, input.to) + 1 > this.maxDays) fieldErrors.push({ field: 'to', message: `委托期限最长 ${this.maxDays} 天`, en: `a delegation lasts at most ${this.maxDays} days` });
      const delegate = await findUserByUsername(tx, input.toUsername);
      if (!delegate || !delegate.active) fieldErrors.push({ field: 'toUsername', message: '用户不存在或已停用', en: 'no such user, or the user is disabled' });
      else if (delegate.id === p.id) fieldErrors.push({ field: 'toUsername', message: '不能委托给自己', en: 'you cannot delegate to yourself' });
      else if (delegate.jurisdiction.code !== p.jurisdiction.code) {
        fieldErrors.push({ field: 'toUsername', message: `受托人须为本辖区（${p.jurisdiction.name}）的同事`, en: `the delegate must be a colleague in your jurisdiction (${p.jurisdiction.name})` });
      } else if (!holdsRoleFamily(delegate.roles, input.role)) {
        fieldErrors.push({ field: 'toUsername', message: `受托人须同样具有「${ROLE_TITLES[input.role]}」角色`, en: `the delegate must also hold the role "${ROLE_TITLES_EN[input.role]}"` });
      }
      if (fieldErrors.length) throw invalid(fieldErrors);
      const [overlap] = await tx.query(
        `SELECT u.username, to_char(d.starts_on, 'YYYY-MM-DD') AS from, to_char(d.ends_on, 'YYYY-MM-DD') AS to
         FROM delegations d JOIN users u ON u.id = d.delegate_id
         WHERE d.delegator_id = $1 AND d.role = $2 AND d.starts_on <= $4::date AND d.ends_on >= $3::date AND d.ended_at IS NULL`,
        [p.id, input.role, input.from, input.to],
      );
      if (overlap) throw conflict({
          zh: `该期间已将「${ROLE_TITLES[input.role]}」委托给 ${overlap.username}（${overlap.from} 至 ${overlap.to}），请调整日期`,
          en: `"${ROLE_TITLES_EN[input.role]}" is already delegated to ${overlap.username} in that period (${overlap.from} to ${overlap.to}); change the dates`,
        });
      const [row] = await tx.query(
        `INSERT INTO delegations (delegator_id, delegate_id, role, jurisdiction_code, starts_on, ends_on)
         VALUES ($1,$2,$3,$4,$5,$6) RETURNING id`,
        [p.id, delegate!.id, input.role, p.jurisdiction.code, input.from, input.to],
      );
      await appendAudit(tx, {
        chainId: actorChain(p.id), caseId: null, at: new Date(), actorId: p.id, actorUsername: p.username, actorRole: input.role,
        jurisdictionCode: p.jurisdiction.code, action: 'DELEGATE_ROLE', outcome: 'ok', fromState: null, toState: null,
        payload: { delegationId: row.id, toUsername: delegate!.username, role: input.role, from: input.from, to: input.to },
      });
      const [view] = await this.rows(tx, p, row.id);
      return view;
    });
  }

  /** Delegations the caller gave or received, newest first. */
  async listOwn(p: Principal) {
    return { items: await this.rows(this.ds, p) };
  }

  /**
   * POST /api/delegations/:id/end {reason}: the delegator, or a supervisor of the delegated role at
   * the delegation's jurisdiction (the rules of task reassignment: the same role one level up, or a
   * TASK_SUPERVISORS role), ends a delegation before its last day. From then on the delegate no
   * longer sees or acts on the delegator's tasks. Audited on the delegator's chain with the reason;
   * a refusal on the caller's own chain.
   */
  async end(p: Principal, id: string, body: unknown) {
    const errors = validateAgainst(END_SCHEMA, body, '');
    if (errors.length) throw invalid(errors);
    const reason = (body as { reason: string }).reason.trim();
    if (!UUID.test(id)) throw notFound({ zh: '委托不存在或不在您的辖区内', en: 'The delegation does not exist or is outside your jurisdiction' });
    try {
      return await inTransaction(this.ds, async (tx) => {
        const d = await this.lockForEnd(tx, p, id);
        const actorRole = this.mayEnd(p, d);
        if (d.ended_at) throw conflict({ zh: `该委托已于 ${new Date(d.ended_at).toISOString()} 由 ${d.ended_by_username} 提前结束`, en: `The delegation was ended early by ${d.ended_by_username} at ${new Date(d.ended_at).toISOString()}` });
        if (d.past) throw conflict({ zh: `该委托已于 ${d.to} 到期，无需结束`, en: `The delegation expired on ${d.to}; there is nothing to end` });
        const [{ ended_at }] = await returning(tx,
          `UPDATE delegations SET ended_at = now(), ended_by = $2, end_reason = $3 WHERE id = $1 RETURNING ended_at`,
          [d.id, p.id, reason],
        );
        await appendAudit(tx, {
          chainId: actorChain(d.delegator_id), caseId: null, at: new Date(ended_at), actorId: p.id, actorUsername: p.username, actorRole,
          jurisdictionCode: p.jurisdiction.code, action: 'DELEGATION_ENDED', outcome: 'ok', fromState: null, toState: null,
          payload: {
            delegationId: d.id, delegatorUsername: d.delegator_username, toUsername: d.delegate_username, role: d.role,
            from: d.from, to: d.to, reason,
          },
        });
        const [view] = await this.rows(tx, p, d.id);
        return view;
      });
    } catch (err) {
      if (err instanceof DomainError && err.status === 403) {
        // A refused action is evidence (PROCESSES.md §5), on the caller's own chain, after the rollback.
        await inTransaction(this.ds, (tx) =>
          appendAudit(tx, {
            chainId: actorChain(p.id), caseId: null, at: new Date(), actorId: p.id, actorUsername: p.username, actorRole: p.roles.join(','),
            jurisdictionCode: p.jurisdiction.code, action: 'DELEGATION_ENDED', outcome: 'refused', fromState: null, toState: null,
            payload: { status: 403, reason: err.message, delegationId: id, endReason: reason },
          }),
        ).catch(() => undefined);
      }
      throw err;
    }
  }

  /** The delegation, locked, with its jurisdiction's place in the tree; 404 unless the caller is a party or it lies in their subtree. */
  private async lockForEnd(tx: Sql, p: Principal, id: string) {
    const [d] = await tx.query(
      `SELECT d.id, d.role, d.delegator_id, d.delegate_id, d.jurisdiction_code, d.ended_at,
         to_char(d.starts_on, 'YYYY-MM-DD') AS from, to_char(d.ends_on, 'YYYY-MM-DD') AS to,
         d.ends_on < (now() AT TIME ZONE $2)::date AS past,
         a.username AS delegator_username, b.username AS delegate_username, e.username AS ended_by_username,
         j.level AS j_level, j.city_code AS j_city, j.county_code AS j_county, j.township_code AS j_township
       FROM delegations d JOIN users a ON a.id = d.delegator_id JOIN users b ON b.id = d.delegate_id
         JOIN jurisdictions j ON j.code = d.jurisdiction_code LEFT JOIN users e ON e.id = d.ended_by
       WHERE d.id = $1 FOR UPDATE OF d`,
      [id, localTimeZone()],
    );
    if (!d) throw notFound({ zh: '委托不存在或不在您的辖区内', en: 'The delegation does not exist or is outside your jurisdiction' });
    const own = (level: string) => (d.j_level === level ? d.jurisdiction_code : null);
    d.placed = {
      role: d.role, process_key: null, jurisdiction_code: d.jurisdiction_code,
      city_code: own('city') ?? d.j_city, county_code: own('county') ?? d.j_county, township_code: own('township') ?? d.j_township, village_code: own('village'),
    };
    const party = d.delegator_id === p.id || d.delegate_id === p.id;
    if (!party && !isInSubtree(p, d.placed)) throw notFound({ zh: '委托不存在或不在您的辖区内', en: 'The delegation does not exist or is outside your jurisdiction' });
    return d;
  }

  /** The role the caller ends it in: the delegator in the delegated role, else a supervisor's (403 otherwise). */
  private mayEnd(p: Principal, d: any): string {
    if (d.delegator_id === p.id) return d.role;
    // A delegation serves every process the role works in: a supervisor of the role in any of them may end it.
    const processKeys = [...new Set(this.supervisors.map((r) => r.processKey).filter((k) => k !== '*')), '*'];
    for (const processKey of processKeys) {
      const verdict = this.supervisesTask(p, { ...d.placed, process_key: processKey }, this.supervisors);
      if (verdict.ok) return verdict.role;
    }
    throw forbidden({
      zh: `只有委托人本人或其上级（上一级的${ROLE_TITLES[d.role as Role]}或督办角色）可以提前结束此委托`,
      en: `Only the delegator or a superior (a ${ROLE_TITLES_EN[d.role as Role]} or supervisor one level up) may end this delegation early`,
    });
  }

  private async rows(sql: Sql, p: Principal, id?: string) {
    const rows = await sql.query(
      `SELECT d.id, d.role, to_char(d.starts_on, 'YYYY-MM-DD') AS from, to_char(d.ends_on, 'YYYY-MM-DD') AS to, d.created_at,
         d.delegator_id, d.delegate_id, a.username AS delegator_username, a.display_name AS delegator_name,
         b.username AS delegate_username, b.display_name AS delegate_name,
         d.ended_at, e.username AS ended_by_username, d.end_reason,
         d.ended_at IS NULL AND (now() AT TIME ZONE $2)::date BETWEEN d.starts_on AND d.ends_on AS active
       FROM delegations d JOIN users a ON a.id = d.delegator_id JOIN users b ON b.id = d.delegate_id LEFT JOIN users e ON e.id = d.ended_by
       WHERE (CASE WHEN $3::uuid IS NULL THEN d.delegator_id = $1 OR d.delegate_id = $1 ELSE d.id = $3 END)
       ORDER BY d.created_at DESC LIMIT 200`,
      [p.id, localTimeZone(), id ?? null],
    );
    return rows.map((r: any) => ({
      id: r.id,
      direction: r.delegator_id === p.id ? 'given' : r.delegate_id === p.id ? 'received' : 'supervised',
      delegator: { username: r.delegator_username, displayName: r.delegator_name },
      delegate: { username: r.delegate_username, displayName: r.delegate_name },
      role: r.role as Role,
      roleTitle: ROLE_TITLES[r.role as Role],
      from: r.from as string,
      to: r.to as string,
      active: r.active as boolean,
      createdAt: new Date(r.created_at).toISOString(),
      ended: r.ended_at ? { at: new Date(r.ended_at).toISOString(), byUsername: r.ended_by_username as string, reason: r.end_reason as string } : null,
    }));
  }
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
