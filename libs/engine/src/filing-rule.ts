/**
 * Who may file a case of a process: the definition's `filedBy` names the roles and the level; the
 * filer holds one of the roles at the filed village's node of that level (the village itself for a
 * village clerk). Nothing here knows a process.
 */
import type { Principal } from '@app/access';
import type { FilingRule, Role } from '@app/processes';
import type { JurisdictionNode } from './jurisdiction-directory';
import type { Localized } from './errors';
import { ROLE_TITLES, ROLE_TITLES_EN } from './role-titles';

const HERE: Record<FilingRule['level'], string> = { city: '本市', county: '本县（市、区）', township: '本乡镇（街道）', village: '本村（社区）' };
const HERE_EN: Record<FilingRule['level'], string> = { city: 'the city', county: 'the county', township: 'the township', village: 'the village' };

/** The role the caller files under, or null when the rule does not let them file for this village. */
export function filingRole(p: Principal, rule: FilingRule, village: JurisdictionNode): Role | null {
  for (const r of [rule, ...(rule.also ?? [])]) {
    const node = { village: village.code, township: village.townshipCode, county: village.countyCode, city: village.cityCode }[r.level];
    if (!node || p.jurisdiction.code !== node) continue;
    const role = r.roles.find((x) => p.roles.includes(x));
    if (role) return role;
  }
  return null;
}

/** The 403 a refused filer reads: who may file, for whom. */
export function filingRefusal(rule: FilingRule): Localized {
  const rules = [rule, ...(rule.also ?? [])];
  const who = rules.map((r) => `${HERE[r.level]}的${r.roles.map((x) => ROLE_TITLES[x]).join('或')}`).join('或');
  const whoEn = rules.map((r) => `${r.roles.map((x) => ROLE_TITLES_EN[x]).join(' or ')} of ${HERE_EN[r.level]}`).join(' or ');
  return { zh: `只有${who}可以为${HERE[rule.level]}居民提交申请`, en: `Only a ${whoEn} may file for residents of ${HERE_EN[rule.level]}` };
}
