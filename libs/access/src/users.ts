import { Sql } from '@app/db';
import type { Role } from '@app/processes';
import { JurisdictionLevel, Principal } from './principal';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  active: boolean;
  must_change_password: boolean;
  code: string;
  name: string;
  level: JurisdictionLevel;
  city_code: string;
  county_code: string | null;
  township_code: string | null;
}

const USER_COLUMNS = `u.id, u.username, u.display_name, u.roles, u.active, u.must_change_password,
  j.code, j.name, j.level, j.city_code, j.county_code, j.township_code`;
const USERS_WITH_PLACES = 'FROM users u JOIN jurisdictions j ON j.code = u.jurisdiction_code';

/**
 * Everything a Principal is made of, as one value: the session read returns it, and a transaction
 * that acts on a principal remembered from an earlier read (ADR 0013) checks it is still the same.
 */
export const PRINCIPAL_FINGERPRINT = `md5(row(u.id, u.username, u.display_name, u.roles, j.code, j.name, j.level, j.city_code, j.county_code, j.township_code)::text)`;

/** A user with their jurisdiction, without the password hash: what every request's session read needs. */
export const USER_SELECT = `SELECT ${USER_COLUMNS} ${USERS_WITH_PLACES}`;
/** The same with the principal's fingerprint: the session read's. */
export const USER_WITH_FINGERPRINT_SELECT = `SELECT ${USER_COLUMNS}, ${PRINCIPAL_FINGERPRINT} AS fingerprint ${USERS_WITH_PLACES}`;
/** The same with the password hash, read only where a password is checked (by username). */
const USER_WITH_SECRET_SELECT = `SELECT ${USER_COLUMNS}, u.password_hash ${USERS_WITH_PLACES}`;

export function toPrincipal(row: UserRow): Principal {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    jurisdiction: {
      code: row.code, name: row.name, level: row.level,
      cityCode: row.city_code, countyCode: row.county_code, townshipCode: row.township_code,
    },
  };
}

export type UserWithSecret = Principal & { passwordHash: string; active: boolean; mustChangePassword: boolean };

export async function findUserByUsername(sql: Sql, username: string): Promise<UserWithSecret | undefined> {
  const [row] = (await sql.query(`${USER_WITH_SECRET_SELECT} WHERE u.username = $1`, [username])) as Array<UserRow & { password_hash: string }>;
  return row ? { ...toPrincipal(row), passwordHash: row.password_hash, active: row.active, mustChangePassword: row.must_change_password } : undefined;
}

export async function findActiveUserById(sql: Sql, id: string): Promise<Principal | undefined> {
  const [row] = (await sql.query(`${USER_SELECT} WHERE u.id = $1 AND u.active`, [id])) as UserRow[];
  return row ? toPrincipal(row) : undefined;
}
