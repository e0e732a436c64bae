import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  LEVEL_TITLES, Principal, ROLE_LEVELS, hashPassword, oneTimePassword, revokeUserSessions, rolesMisplaced,
} from '@app/access';
import { Sql, inTransaction } from '@app/db';
import { DomainError, ROLE_TITLES, ROLE_TITLES_EN, conflict, invalid, notFound, validateAgainst } from '@app/engine';
import { ROLES, Role } from '@app/processes';
import { auditAdministration } from './administration-audit';
import { ANCESTOR_COLUMN, JurisdictionTree, StoredNode } from './jurisdiction-tree';

const USERNAME = { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{2,63}$' };
const DISPLAY_NAME = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[^\\u0000-\\u001f\\u007f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]+$' };
const ROLE_LIST = { type: 'array', minItems: 1, maxItems: ROLES.length, uniqueItems: true, items: { type: 'string', enum: [...ROLES] } };
const CODE = { type: 'string', minLength: 1, maxLength: 32 };

export const CREATE_SCHEMA = {
  type: 'object', additionalProperties: false, required: ['username', 'displayName', 'roles', 'jurisdictionCode'],
  properties: { username: USERNAME, displayName: DISPLAY_NAME, roles: ROLE_LIST, jurisdictionCode: CODE, phone: { type: 'string', pattern: '^[0-9+ -]{5,20}$' } },
};
export const PATCH_SCHEMA = {
  type: 'object', additionalProperties: false, minProperties: 1,
  properties: { displayName: DISPLAY_NAME, roles: ROLE_LIST, jurisdictionCode: CODE, disabled: { type: 'boolean' } },
};

interface UserRecord {
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  active: boolean;
  phone: string | null;
  must_change_password: boolean;
  created_at: Date;
  last_login_at: Date | null;
  jurisdiction_code: string;
  j_name: string;
  j_level: StoredNode['level'];
}

const USER_RECORD = `SELECT u.id, u.username, u.display_name, u.roles, u.active, u.phone, u.must_change_password, u.created_at, u.last_login_at,
  u.jurisdiction_code, j.name AS j_name, j.level AS j_level FROM users u JOIN jurisdictions j ON j.code = u.jurisdiction_code`;

function view(u: UserRecord) {
  return {
    username: u.username, displayName: u.display_name, roles: u.roles,
    jurisdiction: { code: u.jurisdiction_code, name: u.j_name, level: u.j_level },
    phone: u.phone, disabled: !u.active, mustChangePassword: u.must_change_password,
    createdAt: new Date(u.created_at).toISOString(), lastLoginAt: u.last_login_at ? new Date(u.last_login_at).toISOString() : null,
  };
}

/** What the audit keeps of a user: never a password, a hash or a phone number. */
const facts = (u: { display_name: string; roles: Role[]; jurisdiction_code: string; active: boolean }) => ({
  displayName: u.display_name, roles: u.roles, jurisdictionCode: u.jurisdiction_code, disabled: !u.active,
});

/**
 * Users, administered inside the administrator's subtree (a county admin never sees another
 * county's people: 404). A role must fit its jurisdiction's level; a new user and a reset password
 * get a one-time password, shown once, that must be changed at the next login; disabling a user or
 * changing its roles, jurisdiction or password ends its sessions on every replica.
 */
@Injectable()
export class UserAdministration {
  constructor(private readonly ds: DataSource, private readonly tree: JurisdictionTree) {}

  roles() {
    return { items: ROLES.map((role) => ({ role, title: ROLE_TITLES[role], levels: ROLE_LEVELS[role] })) };
  }

  async create(admin: Principal, body: unknown) {
    const errors = validateAgainst(CREATE_SCHEMA, body, '');
    if (errors.length) throw invalid(errors);
    const input = body as { username: string; displayName: string; roles: Role[]; jurisdictionCode: string; phone?: string };
    const node = await this.placeIn(this.ds, admin, input.jurisdictionCode, input.roles);
    const password = oneTimePassword();
    const hash = await hashPassword(password);
    await inTransaction(this.ds, async (tx) => {
      const rows = await tx.query(
        `INSERT INTO users (username, display_name, password_hash, jurisdiction_code, roles, phone, must_change_password)
         VALUES ($1,$2,$3,$4,$5,$6,true) ON CONFLICT (username) DO NOTHING RETURNING id`,
        [input.username, input.displayName.trim(), hash, node.code, input.roles, input.phone ?? null],
      );
      if (!rows.length) throw conflict({ zh: `用户名 ${input.username} 已存在`, en: `The username ${input.username} already exists` });
      await auditAdministration(tx, admin, 'USER_CREATED', {
        username: input.username, before: null,
        after: facts({ display_name: input.displayName.trim(), roles: input.roles, jurisdiction_code: node.code, active: true }),
      });
    });
    return { username: input.username, initialPassword: password };
  }

  async list(admin: Principal, q: Record<string, unknown>) {
    for (const [k, v] of Object.entries(q)) if (typeof v !== 'string') throw invalid([{ field: k, message: '同一参数只能出现一次', en: 'a parameter may appear only once' }]);
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw invalid([{ field: 'limit', message: '应为 1–200 的整数', en: 'must be an integer from 1 to 200' }]);
    const params: unknown[] = [admin.jurisdiction.code];
    const where = [`(j.code = $1 OR j.${ANCESTOR_COLUMN[admin.jurisdiction.level]} = $1)`];
    const add = (cond: string, v: unknown) => {
      params.push(v);
      where.push(cond.replace(/\?/g, `$${params.length}`));
    };
    if (q.q) add(`(u.username ILIKE ? OR u.display_name ILIKE ?)`, `%${String(q.q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (q.role) {
      if (!(ROLES as readonly string[]).includes(q.role as string)) throw invalid([{ field: 'role', message: '未知角色', en: 'unknown role' }]);
      add(`? = ANY(u.roles)`, q.role);
    }
    if (q.jurisdictionCode) {
      const node = await this.tree.inScope(this.ds, admin, q.jurisdictionCode as string);
      if (!node) throw notFound({ zh: '行政区划不存在或不在您的管理范围内', en: 'The jurisdiction does not exist or is outside what you administer' });
      add(`(j.code = ? OR j.${ANCESTOR_COLUMN[node.level]} = ?)`, node.code);
    }
    if (q.disabled !== undefined) {
      if (!['true', 'false'].includes(q.disabled as string)) throw invalid([{ field: 'disabled', message: '应为 true 或 false', en: 'must be true or false' }]);
      add(`u.active = ?`, q.disabled === 'false');
    }
    if (q.cursor) {
      const after = Buffer.from(String(q.cursor), 'base64url').toString('utf8');
      if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(after)) throw invalid([{ field: 'cursor', message: '分页游标无效', en: 'the page cursor is not valid' }]);
      add(`u.username > ?`, after);
    }
    params.push(limit + 1);
    const rows: UserRecord[] = await this.ds.query(`${USER_RECORD} WHERE ${where.join(' AND ')} ORDER BY u.username LIMIT $${params.length}`, params);
    const page = rows.slice(0, limit);
    return { items: page.map(view), nextCursor: rows.length > limit ? Buffer.from(page[page.length - 1].username).toString('base64url') : null };
  }

  async update(admin: Principal, username: string, body: unknown) {
    const errors = validateAgainst(PATCH_SCHEMA, body, '');
    if (errors.length) throw invalid(errors);
    const input = body as { displayName?: string; roles?: Role[]; jurisdictionCode?: string; disabled?: boolean };
    return inTransaction(this.ds, async (tx) => {
      const user = await this.userInScope(tx, admin, username, true);
      const roles = input.roles ?? user.roles;
      const code = input.jurisdictionCode ?? user.jurisdiction_code;
      const active = input.disabled === undefined ? user.active : !input.disabled;
      if (user.id === admin.id && (input.roles || input.jurisdictionCode || input.disabled !== undefined)) {
        throw new DomainError(400, '输入无效', { zh: '不能更改自己的角色、辖区或停用自己；请由其他管理员办理', en: 'You cannot change your own roles or jurisdiction or disable yourself; ask another administrator' }, [
          { field: input.disabled !== undefined ? 'disabled' : input.roles ? 'roles' : 'jurisdictionCode', message: '不能更改自己的账号', en: 'you cannot change your own account' },
        ]);
      }
      if (input.roles || input.jurisdictionCode) await this.placeIn(tx, admin, code, roles);
      const after = { display_name: input.displayName?.trim() ?? user.display_name, roles, jurisdiction_code: code, active };
      await tx.query(
        `UPDATE users SET display_name = $2, roles = $3, jurisdiction_code = $4, active = $5, updated_at = now() WHERE id = $1`,
        [user.id, after.display_name, roles, code, active],
      );
      const accessChanged = input.roles !== undefined && roles.join() !== user.roles.join() || code !== user.jurisdiction_code || active !== user.active;
      const sessionsEnded = accessChanged ? await revokeUserSessions(tx, user.id, active ? 'access_changed' : 'disabled') : 0;
      await auditAdministration(tx, admin, 'USER_UPDATED', { username, before: facts(user), after: facts(after), sessionsEnded });
      return view((await tx.query(`${USER_RECORD} WHERE u.id = $1`, [user.id]))[0]);
    });
  }

  async resetPassword(admin: Principal, username: string) {
    const password = oneTimePassword();
    const hash = await hashPassword(password);
    await inTransaction(this.ds, async (tx) => {
      const user = await this.userInScope(tx, admin, username, true);
      if (user.id === admin.id) throw invalid([{ field: 'username', message: '请在「修改密码」中更改自己的密码', en: 'change your own password under "Change password"' }]);
      await tx.query(`UPDATE users SET password_hash = $2, must_change_password = true, updated_at = now() WHERE id = $1`, [user.id, hash]);
      const sessionsEnded = await revokeUserSessions(tx, user.id, 'password_reset');
      await auditAdministration(tx, admin, 'USER_PASSWORD_RESET', { username, sessionsEnded });
    });
    return { initialPassword: password };
  }

  private async userInScope(tx: Sql, admin: Principal, username: string, lock: boolean): Promise<UserRecord> {
    const [user] = await tx.query(
      `${USER_RECORD} WHERE u.username = $1 AND (j.code = $2 OR j.${ANCESTOR_COLUMN[admin.jurisdiction.level]} = $2)${lock ? ' FOR UPDATE OF u' : ''}`,
      [username, admin.jurisdiction.code],
    );
    if (!user) throw notFound({ zh: '用户不存在或不在您的管理范围内', en: 'The user does not exist or is outside what you administer' });
    return user;
  }

  /** The node, when inside the admin's subtree and every role fits its level (404 / 400 otherwise). */
  private async placeIn(sql: Sql, admin: Principal, code: string, roles: Role[]): Promise<StoredNode> {
    const node = await this.tree.inScope(sql, admin, code);
    if (!node) throw new DomainError(404, '未找到', { zh: '行政区划不存在或不在您的管理范围内', en: 'The jurisdiction does not exist or is outside what you administer' }, [{ field: 'jurisdictionCode', message: '行政区划不存在或不在您的管理范围内', en: 'The jurisdiction does not exist or is outside what you administer' }]);
    const misplaced = rolesMisplaced(roles, node.level);
    if (misplaced.length) {
      throw invalid([{
        field: 'roles',
        message: misplaced.map((r) => `${ROLE_TITLES[r]}只能设在${ROLE_LEVELS[r].map((l) => LEVEL_TITLES[l]).join('或')}级`).join('；') + `（所选辖区为${LEVEL_TITLES[node.level]}级）`,
        en: misplaced.map((r) => `${ROLE_TITLES_EN[r]} can only be placed at ${ROLE_LEVELS[r].join(' or ')} level`).join('; ') + ` (the chosen jurisdiction is at ${node.level} level)`,
      }]);
    }
    return node;
  }
}
