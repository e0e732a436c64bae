import type { Role } from '@app/processes';
import type { JurisdictionLevel } from './principal';

/**
 * Where each role sits in the tree (PROCESSES.md §1): a village clerk at a village, a township
 * officer at a township, the county bureaus and the people they assign at a county. Discipline
 * reviewers and administrators work at a county or above; only administrators at a province.
 */
export const ROLE_LEVELS: Record<Role, readonly JurisdictionLevel[]> = {
  village_clerk: ['village'],
  township_officer: ['township'],
  poverty_office: ['county'],
  housing_assessor: ['county'],
  county_housing: ['county'],
  county_civil: ['county'],
  legal_aid_officer: ['county'],
  lawyer: ['county'],
  quality_reviewer: ['county'],
  justice_bureau: ['county'],
  discipline_reviewer: ['county', 'city'],
  admin: ['county', 'city', 'province'],
};

export const LEVEL_TITLES: Record<JurisdictionLevel, string> = { province: '省', city: '市', county: '县', township: '乡镇', village: '村' };

/** The roles that may not sit at `level`, or an empty list. */
export function rolesMisplaced(roles: readonly Role[], level: JurisdictionLevel): Role[] {
  return roles.filter((r) => !ROLE_LEVELS[r]?.includes(level));
}
