import type { Principal } from '@app/access';
import { JurisdictionLevel, LEVEL_COLUMN } from '@app/access';
import { JurisdictionDirectory, invalid } from '@app/engine';
import type { Level } from '@app/processes';

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
}

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
    throw invalid([{ field, message: '应为 ISO 8601 日期时间，例如 2026-11-20T08:00:00+08:00' }]);
  }
  return d;
}

/**
 * WHERE conditions (over `audit_entries e`) for the caller's subtree and the filters; parameters
 * are appended to `params`. Bad values are 400s naming the field.
 */
export async function auditConditions(p: Principal, q: AuditFilterQuery, dir: JurisdictionDirectory, params: unknown[]): Promise<string[]> {
  const where: string[] = [];
  const add = (cond: string, v: unknown) => {
    params.push(v);
    where.push(cond.replace(/\?/g, `$${params.length}`));
  };
  params.push(p.jurisdiction.code);
  where.push(scopeCondition(p.jurisdiction.level, `$${params.length}`));
  for (const [k, v] of Object.entries(q)) {
    if (v !== undefined && typeof v !== 'string') throw invalid([{ field: k, message: '同一参数只能出现一次' }]);
  }
  if (q.caseId) {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(q.caseId)) throw invalid([{ field: 'caseId', message: '应为案件编号（UUID）' }]);
    add('e.case_id = ?', q.caseId);
  }
  if (q.actor) add('e.actor_username = ?', q.actor);
  if (q.role) add(`? = ANY(string_to_array(e.actor_role, ','))`, q.role);
  if (q.action) add('e.action = ?', q.action);
  if (q.outcome) {
    if (!OUTCOMES.includes(q.outcome)) throw invalid([{ field: 'outcome', message: `应为以下之一：${OUTCOMES.join('、')}` }]);
    add('e.outcome = ?', q.outcome);
  }
  if (q.jurisdictionCode) {
    const node = await dir.find(q.jurisdictionCode);
    const inside = node && (node.code === p.jurisdiction.code || dir.subtree(p.jurisdiction.code).some((n) => n.code === node.code));
    if (!node || !inside) throw invalid([{ field: 'jurisdictionCode', message: '行政区划代码不存在或不在您的辖区内' }]);
    params.push(node.code);
    where.push(scopeCondition(node.level, `$${params.length}`, false));
  }
  if (q.from) add('e.at >= ?', parseInstant('from', q.from));
  if (q.to) add('e.at < ?', parseInstant('to', q.to));
  return where;
}
