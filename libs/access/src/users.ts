import { Sql } from '@app/db';
import type { Level, Role } from '@app/processes';
import { Principal } from './principal';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: Role[];
  active: boolean;
  code: string;
  name: string;
  level: Level;
  city_code: string;
  county_code: string | null;
  township_code: string | null;
}

const USER_SELECT = `SELECT u.id, u.username, u.display_name, u.password_hash, u.roles, u.active,
  j.code, j.name, j.level, j.city_code, j.county_code, j.township_code
  FROM users u JOIN jurisdictions j ON j.code = u.jurisdiction_code`;

function toPrincipal(row: UserRow): Principal {
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

export async function findUserByUsername(sql: Sql, username: string): Promise<(Principal & { passwordHash: string; active: boolean }) | undefined> {
  const [row] = (await sql.query(`${USER_SELECT} WHERE u.username = $1`, [username])) as UserRow[];
  return row ? { ...toPrincipal(row), passwordHash: row.password_hash, active: row.active } : undefined;
}

export async function findActiveUserById(sql: Sql, id: string): Promise<Principal | undefined> {
  const [row] = (await sql.query(`${USER_SELECT} WHERE u.id = $1 AND u.active`, [id])) as UserRow[];
  return row ? toPrincipal(row) : undefined;
}
