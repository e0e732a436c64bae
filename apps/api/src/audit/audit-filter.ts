import type { Principal } from '@app/access';
import { JurisdictionLevel, LEVEL_COLUMN } from '@app/access';
import { JurisdictionDirectory, forbidden, invalid } from '@app/engine';
import type { Level } from '@app/processes';
import { maskIdNumber, normalizeIdNumber, validateIdNumber } from '@app/registry';

/** Filters shared by the audit search and the export. */
export interface AuditFilterQuery {
  caseId?: string;
  actor?: string;
  role?: string;
  action?: string;
  outcome?: string;
  /** Entries of cases in this node's subtree, or of staff placed in it (must lie in the caller's subtree). */
  jurisdictionCode?: string;
  from?: string;
  to?: string;
  /** Entries of cases whose applicant (or a household member) has this name. */
  applicantName?: string;
  /** Entries of cases whose applicant (or a household member) has this ID number: matched through the keyed hash index only. */
  applicantIdNumber?: string;
}

/** Who may search the trail by a person (applicant name or ID number): discipline reviewers only. */
export const PERSON_SEARCH_ROLES = ['discipline_reviewer'];

/** Turns an ID number into the keyed index the cases carry (the number itself is never stored or logged). */
export type IdIndexer = (idNumber: string) => string;

/** The filters as they may be recorded (audit payloads): an ID number only masked. */
export function recordableFilters(q: AuditFilterQuery): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) {
    if (typeof v !== 'string' || v === '') continue;
    out[k] = k === 'applicantIdNumber' ? maskIdNumber(normalizeIdNumber(v)) : v;
  }
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A case number as people type it: the full UUID, or the short number the console shows (its
 * first 8 hex digits, or any longer prefix). A prefix becomes the range of UUIDs it starts, which
 * the (case_id, id) index answers like an equality.
 */
export function caseIdRange(raw: string): { from: string; to: string } | null {
  const v = raw.trim().toLowerCase();
  if (UUID.test(v)) return { from: v, to: v };
  const hex = v.replace(/-/g, '');
  if (!/^[0-9a-f]{8,31}$/.test(hex) || !/^[0-9a-f-]+$/.test(v)) return null;
  const uuid = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  return { from: uuid(hex.padEnd(32, '0')), to: uuid(hex.padEnd(32, 'f')) };
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const OUTCOMES = ['ok', 'refused'];
const JURISDICTION_COLUMN: Record<JurisdictionLevel, string> = { province: 'province_code', city: 'city_code', county: 'county_code', township: 'township_code', village: 'code' };

/**
 * Which entries a node of the tree sees (`e` = audit_entries): those of cases inside it, and those
 * of staff placed inside it (logins, reveals, refusals, exports). The root of a tree (a city) sees
 * everything that does not belong to another city — also the system's own entries and entries
 * whose case row is gone — so that its export is the complete trail the offline verifier needs.
 */
export function scopeCondition(level: JurisdictionLevel, param: string, root = level === 'city'): string {
  if (root) {
    return `(NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = e.case_id AND c.city_code <> ${param})
      AND NOT (e.case_id IS NULL AND EXISTS (SELECT 1 FROM users u JOIN jurisdictions j ON j.code = u.jurisdiction_code
                                             WHERE u.id = e.actor_id AND j.city_code <> ${param})))`;
  }
  return `(EXISTS (SELECT 1 FROM cases c WHERE c.id = e.case_id AND c.${LEVEL_COLUMN[level]} = ${param})
    OR EXISTS (SELECT 1 FROM users u JOIN jurisdictions j ON j.code = u.jurisdiction_code
               WHERE u.id = e.actor_id AND (j.code = ${param} OR j.${JURISDICTION_COLUMN[level]} = ${param})))`;
}

export function parseInstant(field: string, v: string): Date {
  const d = new Date(v);
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(d.getTime())) {
    throw invalid([{ field, message: '应为 ISO 8601 日期时间，例如 2026-11-20T08:00:00+08:00', en: 'must be an ISO 8601 date and time, such as 2026-11-20T08:00:00+08:00' }]);
  }
  return d;
}

/**
 * WHERE conditions (over `audit_entries e`) for the caller's subtree and the filters; parameters
 * are appended to `params`. Bad values are 400s naming the field.
 */
export async function auditConditions(p: Principal, q: AuditFilterQuery, dir: JurisdictionDirectory, params: unknown[], idIndex?: IdIndexer): Promise<string[]> {
  const where: string[] = [];
  const add = (cond: string, v: unknown) => {
    params.push(v);
    where.push(cond.replace(/\?/g, `$${params.length}`));
  };
  params.push(p.jurisdiction.code);
  where.push(scopeCondition(p.jurisdiction.level, `$${params.length}`));
  for (const [k, v] of Object.entries(q)) {
    if (v !== undefined && typeof v !== 'string') throw invalid([{ field: k, message: '同一参数只能出现一次', en: 'give this parameter only once' }]);
  }
  if (q.caseId) {
    const range = caseIdRange(q.caseId);
    if (!range) throw invalid([{ field: 'caseId', message: '应为案件编号：页面显示的 8 位短编号，或完整编号', en: 'must be a case number: the 8-character short number the pages show, or the full one' }]);
    if (range.from === range.to) add('e.case_id = ?::uuid', range.from);
    else {
      params.push(range.from, range.to);
      where.push(`e.case_id BETWEEN $${params.length - 1}::uuid AND $${params.length}::uuid`);
    }
  }
  if (q.actor) {
    // The login name, or (part of) the display name people know each other by.
    const actor = q.actor.trim();
    params.push(actor, `%${likeEscape(actor)}%`);
    where.push(`(e.actor_username = $${params.length - 1}
      OR e.actor_id IN (SELECT u.id FROM users u WHERE u.display_name ILIKE $${params.length}))`);
  }
  if (q.role) add(`? = ANY(string_to_array(e.actor_role, ','))`, q.role);
  if (q.action) add('e.action = ?', q.action);
  if (q.outcome) {
    if (!OUTCOMES.includes(q.outcome)) throw invalid([{ field: 'outcome', message: `应为以下之一：${OUTCOMES.join('、')}`, en: `must be one of: ${OUTCOMES.join(', ')}` }]);
    add('e.outcome = ?', q.outcome);
  }
  if (q.jurisdictionCode) {
    const node = await dir.find(q.jurisdictionCode);
    const inside = node && (node.code === p.jurisdiction.code || dir.subtree(p.jurisdiction.code).some((n) => n.code === node.code));
    if (!node || !inside) throw invalid([{ field: 'jurisdictionCode', message: '行政区划代码不存在或不在您的辖区内', en: 'no such jurisdiction code inside your jurisdiction' }]);
    params.push(node.code);
    where.push(scopeCondition(node.level, `$${params.length}`, false));
  }
  if (q.applicantName || q.applicantIdNumber) {
    if (!p.roles.some((r) => PERSON_SEARCH_ROLES.includes(r))) throw forbidden({ zh: '按申请人姓名或身份证号查询审计记录仅限纪检监察/审计人员', en: "Only discipline and audit reviewers may search audit entries by an applicant's name or ID number" });
  }
  if (q.applicantName) {
    const name = q.applicantName.trim();
    if (name.length < 2 || name.length > 50) throw invalid([{ field: 'applicantName', message: '应为 2–50 个字的姓名', en: 'must be a name of 2 to 50 characters' }]);
    add(`e.case_id IN (SELECT c.id FROM cases c WHERE c.applicant_name = ? UNION SELECT cp.case_id FROM case_persons cp WHERE cp.name = ?)`, name);
  }
  if (q.applicantIdNumber) {
    const checked = validateIdNumber(q.applicantIdNumber);
    if (!checked.ok || !idIndex) throw invalid([{ field: 'applicantIdNumber', message: '应为有效的 18 位居民身份证号', en: 'must be a valid 18-character resident ID number' }]);
    add(`e.case_id IN (SELECT c.id FROM cases c WHERE c.applicant_id_index = ? UNION SELECT cp.case_id FROM case_persons cp WHERE cp.id_index = ?)`, idIndex(q.applicantIdNumber));
  }
  if (q.from) add('e.at >= ?', parseInstant('from', q.from));
  if (q.to) add('e.at < ?', parseInstant('to', q.to));
  return where;
}
