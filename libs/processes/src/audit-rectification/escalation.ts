/**
 * Who supervises a finding's responsible unit at each escalation (PROCESSES.md §7): village →
 * the township's township_officer; township → the county role supervising the subject's process
 * (its `supervisors` declaration for the township role); county → the city's discipline reviewers.
 * Computed once at filing from what the engine tells about the subject case.
 */
import type { ContextUnit, Level, Role } from '../definition';
import type { SubjectFacts } from '../declarations';
import type { FilingData } from './types';

/** The level of the subject's path the responsible node is at, or null when it is not on that path. */
export function responsibleLevel(data: Pick<FilingData, 'responsibleJurisdictionCode'>, subject: SubjectFacts): Exclude<Level, 'city'> | null {
  const j = subject.jurisdiction;
  if (data.responsibleJurisdictionCode === j.villageCode) return 'village';
  if (data.responsibleJurisdictionCode === j.townshipCode) return 'township';
  if (data.responsibleJurisdictionCode === j.countyCode) return 'county';
  return null;
}

/** The county role that supervises the subject's process: its declared supervisor of the township role, else its one county role. */
export function countySupervisor(subject: SubjectFacts): Role | null {
  const declared = subject.supervisors.township_officer;
  if (declared) return declared;
  const county = subject.rolesAt.county.filter((r) => r !== 'discipline_reviewer' && r !== 'admin');
  return county.length === 1 ? county[0] : null;
}

export function escalationPath(data: FilingData, subject: SubjectFacts | undefined): ContextUnit[] {
  if (!subject) return [];
  const j = subject.jurisdiction;
  const level = responsibleLevel(data, subject);
  const city: ContextUnit = { role: 'discipline_reviewer', jurisdictionCode: j.cityCode };
  const supervisor = countySupervisor(subject);
  const county: ContextUnit[] = supervisor ? [{ role: supervisor, jurisdictionCode: j.countyCode }] : [];
  if (level === 'village') return [{ role: 'township_officer', jurisdictionCode: j.townshipCode }, ...county, city];
  if (level === 'township') return [...county, city];
  return [city];
}
