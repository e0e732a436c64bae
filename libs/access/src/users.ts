import { Sql } from '@app/db';
import type { Role } from '@app/processes';
import { JurisdictionLevel, Principal } from './principal';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
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

export const USER_SELECT = `SELECT u.id, u.username, u.display_name, u.password_hash, u.roles, u.active, u.must_change_password,
  j.code, j.name, j.level, j.city_code, j.county_code, j.township_code
  FROM users u JOIN jurisdictions j ON j.code = u.jurisdiction_code`;

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
  const [row] = (await sql.query(`${USER_SELECT} WHERE u.username = $1`, [username])) as UserRow[];
  return row ? { ...toPrincipal(row), passwordHash: row.password_hash, active: row.active, mustChangePassword: row.must_change_password } : undefined;
}

export async function findActiveUserById(sql: Sql, id: string): Promise<Principal | undefined> {
  const [row] = (await sql.query(`${USER_SELECT} WHERE u.id = $1 AND u.active`, [id])) as UserRow[];
  return row ? toPrincipal(row) : undefined;
}
