import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { findUserByUsername } from '@app/access';
import { actorChain, appendAudit } from '@app/audit';
import { Sql, inTransaction } from '@app/db';
import type { Role } from '@app/processes';
import { conflict, forbidden, invalid } from './errors';
import { ROLE_TITLES } from './role-titles';
import { validateAgainst } from './schema-validator';
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

const CREATE_SCHEMA = {
  type: 'object',
  required: ['toUsername', 'role', 'from', 'to'],
  additionalProperties: false,
  properties: {
    toUsername: { type: 'string', minLength: 1, maxLength: 64 },
    role: { type: 'string', enum: DELEGABLE_ROLES },
    from: { type: 'string', format: 'date' },
    to: { type: 'string', format: 'date' },
  },
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
     WHERE d.delegate_id = ${delegate} AND (now() AT TIME ZONE ${tz})::date BETWEEN d.starts_on AND d.ends_on
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

  constructor(private readonly ds: DataSource) {}

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
      throw forbidden(`您没有「${ROLE_TITLES[input.role]}」角色，不能委托该角色`);
    }
    return inTransaction(this.ds, async (tx) => {
      const [{ today }] = await tx.query(`SELECT to_char((now() AT TIME ZONE $1)::date, 'YYYY-MM-DD') AS today`, [localTimeZone()]);
      const fieldErrors = [];
      if (input.to < input.from) fieldErrors.push({ field: 'to', message: '结束日期不能早于开始日期' });
      else if (input.to < today) fieldErrors.push({ field: 'to', message: `结束日期不能早于今天（${today}）` });
      else if (daysBetween(input.from, input.to) + 1 > this.maxDays) fieldErrors.push({ field: 'to', message: `委托期限最长 ${this.maxDays} 天` });
      const delegate = await findUserByUsername(tx, input.toUsername);
      if (!delegate || !delegate.active) fieldErrors.push({ field: 'toUsername', message: '用户不存在或已停用' });
      else if (delegate.id === p.id) fieldErrors.push({ field: 'toUsername', message: '不能委托给自己' });
      else if (delegate.jurisdiction.code !== p.jurisdiction.code) {
        fieldErrors.push({ field: 'toUsername', message: `受托人须为本辖区（${p.jurisdiction.name}）的同事` });
      } else if (!holdsRoleFamily(delegate.roles, input.role)) {
        fieldErrors.push({ field: 'toUsername', message: `受托人须同样具有「${ROLE_TITLES[input.role]}」角色` });
      }
      if (fieldErrors.length) throw invalid(fieldErrors);
      const [overlap] = await tx.query(
        `SELECT u.username, to_char(d.starts_on, 'YYYY-MM-DD') AS from, to_char(d.ends_on, 'YYYY-MM-DD') AS to
         FROM delegations d JOIN users u ON u.id = d.delegate_id
         WHERE d.delegator_id = $1 AND d.role = $2 AND d.starts_on <= $4::date AND d.ends_on >= $3::date`,
        [p.id, input.role, input.from, input.to],
      );
      if (overlap) throw conflict(`该期间已将「${ROLE_TITLES[input.role]}」委托给 ${overlap.username}（${overlap.from} 至 ${overlap.to}），请调整日期`);
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

  private async rows(sql: Sql, p: Principal, id?: string) {
    const rows = await sql.query(
      `SELECT d.id, d.role, to_char(d.starts_on, 'YYYY-MM-DD') AS from, to_char(d.ends_on, 'YYYY-MM-DD') AS to, d.created_at,
         d.delegator_id, a.username AS delegator_username, a.display_name AS delegator_name,
         b.username AS delegate_username, b.display_name AS delegate_name,
         (now() AT TIME ZONE $2)::date BETWEEN d.starts_on AND d.ends_on AS active
       FROM delegations d JOIN users a ON a.id = d.delegator_id JOIN users b ON b.id = d.delegate_id
       WHERE (d.delegator_id = $1 OR d.delegate_id = $1) AND ($3::uuid IS NULL OR d.id = $3)
       ORDER BY d.created_at DESC LIMIT 200`,
      [p.id, localTimeZone(), id ?? null],
    );
    return rows.map((r: any) => ({
      id: r.id,
      direction: r.delegator_id === p.id ? 'given' : 'received',
      delegator: { username: r.delegator_username, displayName: r.delegator_name },
      delegate: { username: r.delegate_username, displayName: r.delegate_name },
      role: r.role as Role,
      roleTitle: ROLE_TITLES[r.role as Role],
      from: r.from as string,
      to: r.to as string,
      active: r.active as boolean,
      createdAt: new Date(r.created_at).toISOString(),
    }));
  }
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);
}
