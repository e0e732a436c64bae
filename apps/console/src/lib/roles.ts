/** Role groupings that decide which home sections and navigation a user sees. */
import type { ProcessInfo, User } from '../api/types';

/** Roles whose work arrives as human tasks in the inbox. */
export const APPROVER_ROLES = [
  'township_officer', 'poverty_office', 'housing_assessor', 'county_housing', 'county_civil',
  'legal_aid_officer', 'lawyer', 'quality_reviewer', 'justice_bureau',
];

export const hasRole = (user: User, role: string) => user.roles.includes(role);
export const isClerk = (user: User) => hasRole(user, 'village_clerk');
export const isApprover = (user: User) => user.roles.some((r) => APPROVER_ROLES.includes(r));
export const isDiscipline = (user: User) => hasRole(user, 'discipline_reviewer');
export const isAdmin = (user: User) => hasRole(user, 'admin');
/** Who sees the monthly dispatch: supervisors, county-level staff and admins. */
export const seesDispatch = (user: User) =>
  isDiscipline(user) || isAdmin(user) || user.jurisdiction.level === 'county' || user.jurisdiction.level === 'city';

/**
 * Whether the user holds a role that sends events in this process: the api reveals the full ID
 * number only to such roles, so the button is shown only to them (the api still decides).
 */
export function actsInProcess(user: User, process: ProcessInfo | undefined): boolean {
  if (!process) return false;
  return process.events.some(
    (e) => e.actors !== 'system' && e.actors.some((a) => user.roles.includes(a.role)),
  );
}
