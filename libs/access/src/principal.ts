import type { Level, Role } from '@app/processes';

/**
 * Levels of the jurisdiction tree. Cases and tasks carry codes for city and below; a province node
 * only groups cities, and only administrators are placed there (see role-levels.ts).
 */
export const JURISDICTION_LEVELS = ['province', 'city', 'county', 'township', 'village'] as const;
export type JurisdictionLevel = (typeof JURISDICTION_LEVELS)[number];

export interface JurisdictionRef {
  code: string;
  name: string;
  level: JurisdictionLevel;
  cityCode: string;
  countyCode: string | null;
  townshipCode: string | null;
}

/** The authenticated caller, or the system (timers and jobs). */
export interface Principal {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  jurisdiction: JurisdictionRef;
  system?: boolean;
  /**
   * When acting for an absent colleague (委托办理): the colleague, the delegated role and the
   * delegation. Authorization then reads the colleague's role and name; conflicts of interest and
   * separation of duties bind both people; the audit entry names both.
   */
  onBehalfOf?: { id: string; username: string; displayName: string; role: Role; delegationId: string };
}

/** The codes of a case, task or other row at each level of the jurisdiction tree. */
export interface PlacedRow {
  village_code: string;
  township_code: string;
  county_code: string;
  city_code: string;
}

/**
 * The column of a placed row that holds the code of the caller's level. A province has none: its
 * code is compared with city_code, which matches only rows of a tree with no city level (where
 * city_code holds the tree's root); elsewhere a province administrator sees no case, as intended.
 */
export const LEVEL_COLUMN: Record<JurisdictionLevel, keyof PlacedRow> = {
  province: 'city_code',
  city: 'city_code',
  county: 'county_code',
  township: 'township_code',
  village: 'village_code',
};

/** A caller sees a row when the row lies inside the caller's node of the tree. */
export function isInSubtree(p: Principal, row: PlacedRow): boolean {
  return p.system === true || row[LEVEL_COLUMN[p.jurisdiction.level]] === p.jurisdiction.code;
}

/** SQL condition "row inside the caller's subtree" for a table aliased `alias`, using parameter $n. */
export function subtreeCondition(p: Principal, alias: string, paramIndex: number): { sql: string; param: string } {
  return { sql: `${alias}.${LEVEL_COLUMN[p.jurisdiction.level]} = $${paramIndex}`, param: p.jurisdiction.code };
}

export const SYSTEM_PRINCIPAL: Principal = {
  id: '00000000-0000-0000-0000-000000000000',
  username: 'system',
  displayName: '系统',
  roles: [],
  jurisdiction: { code: '', name: '系统', level: 'city', cityCode: '', countyCode: null, townshipCode: null },
  system: true,
};
