import type { Principal } from '@app/access';
import type { Level, ProcessDefinition, Text } from '@app/processes';
import type { OnBehalfOf } from './delegations';
import { FieldError, forbidden, invalid } from './errors';
import { JurisdictionDirectory } from './jurisdiction-directory';

/**
 * One inbox row: the task, its case, who claimed it, and — for an escalation — the overdue task it
 * refers to (so a supervisor sees what is late and who holds it without opening the case). Also
 * what an officer sorts a day's work by (issue 20): when the case was filed (受理时间) and who moved
 * it last (上一经办人: the latest state change on the case's chain made by a person, read through
 * the chain's (chain_id, seq) index, one row per task of the page).
 */
export const TASK_ROW_SELECT = `
  SELECT t.*, c.state AS case_state, c.context AS case_context, c.applicant_name, c.village_code AS case_village,
    c.filed_at AS case_filed_at,
    cu.username AS claimed_by_username, cu.display_name AS claimed_by_display_name,
    prev.actor_username AS prev_username, prev.display_name AS prev_display_name, prev.at AS prev_at,
    et.kind AS esc_kind, et.state AS esc_state, et.role AS esc_role, et.due_at AS esc_due_at, et.status AS esc_status,
    et.claimed_at AS esc_claimed_at, eu.username AS esc_claimed_by
  FROM tasks t JOIN cases c ON c.id = t.case_id LEFT JOIN users cu ON cu.id = t.claimed_by
    LEFT JOIN tasks et ON et.id = t.escalation_of LEFT JOIN users eu ON eu.id = et.claimed_by
    LEFT JOIN LATERAL (
      SELECT pe.actor_username, pu.display_name, pe.at FROM audit_entries pe LEFT JOIN users pu ON pu.id = pe.actor_id
      WHERE pe.chain_id = 'case:' || t.case_id::text AND pe.outcome = 'ok' AND pe.actor_id IS NOT NULL
        AND pe.from_state IS DISTINCT FROM pe.to_state
      ORDER BY pe.seq DESC LIMIT 1) prev ON true`;

/**
 * The case's amount for a work list: what the definition says it is (listAmount), else the
 * disbursement's or payment schedule's field once the case has it; null when the case has none.
 */
export function caseAmount(def: ProcessDefinition | undefined, context: Record<string, unknown> | null): { amount: number; title: Text } | null {
  if (!def || !context) return null;
  const listed = def.listAmount?.(context);
  if (listed) return Number.isFinite(listed.amount) ? listed : null;
  const field = def.amountField ?? def.paymentSchedule?.amountField;
  const v = field ? Number(context[field]) : NaN;
  return Number.isFinite(v) && v > 0 ? { amount: v, title: { zh: '金额', en: 'Amount' } } : null;
}

/** Whole days since `from` (an applicant waiting since filing: 0 on the day itself). */
export function daysSince(from: Date | string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - new Date(from).getTime()) / 86_400_000));
}

/** The task an escalation refers to, as the supervisor needs it: what, due when, held by whom. */
export function escalatedTaskView(t: any, def: ProcessDefinition | undefined, now: Date) {
  if (!t.escalation_of || !t.esc_kind) return null;
  return {
    id: t.escalation_of as string,
    kind: t.esc_kind as string,
    title: def?.states[t.esc_state]?.title ?? { zh: t.esc_state, en: t.esc_state },
    state: t.esc_state as string,
    role: t.esc_role as string,
    dueAt: t.esc_due_at ? new Date(t.esc_due_at).toISOString() : null,
    overdue: t.esc_due_at ? new Date(t.esc_due_at).getTime() < now.getTime() : false,
    status: t.esc_status as string,
    claimedBy: (t.esc_claimed_by as string | null) ?? null,
    claimedAt: t.esc_claimed_at ? new Date(t.esc_claimed_at).toISOString() : null,
  };
}

/** The absent colleague a row belongs to, when the caller sees it only as their delegate. */
export function delegatedFrom(t: any, delegations: OnBehalfOf[]) {
  const d = delegations.find(
    (x) => x.role === t.role && ((t.assignee_username && x.username === t.assignee_username) || (t.claimed_by && x.id === t.claimed_by)),
  );
  return d ? { username: d.username, displayName: d.displayName } : null;
}

const LEVEL_NAME: Record<Level, string> = { city: '市', county: '县（市、区）', township: '乡镇（街道）', village: '村（社区）' };

/**
 * `countyCode` / `townshipCode` / `villageCode` filters: the code must name a node of that level
 * inside the caller's subtree (400 when malformed or of another level, 403 when outside the subtree).
 */
export async function jurisdictionFilters(
  p: Principal,
  q: { countyCode?: string; townshipCode?: string; villageCode?: string },
  dir: JurisdictionDirectory,
): Promise<Array<{ column: string; code: string }>> {
  const out: Array<{ column: string; code: string }> = [];
  const errors: FieldError[] = [];
  const check = async (field: 'countyCode' | 'townshipCode' | 'villageCode', level: Level, digits: number, column: string) => {
    const code = q[field];
    if (code === undefined || code === '') return;
    const node = typeof code === 'string' && new RegExp(`^[0-9]{${digits}}$`).test(code) ? await dir.find(code) : undefined;
    if (!node || node.level !== level) {
      errors.push({ field, message: `应为存在的${LEVEL_NAME[level]}代码（${digits} 位数字）`, en: `must be the code of an existing ${level} (${digits} digits)` });
      return;
    }
    if (!dir.subtree(p.jurisdiction.code).some((n) => n.code === node.code)) {
      throw forbidden({ zh: `「${node.name}」不在您的辖区（${p.jurisdiction.name}）内`, en: `"${node.name}" is not within your jurisdiction (${p.jurisdiction.name})` });
    }
    out.push({ column, code: node.code });
  };
  await check('countyCode', 'county', 6, 'county_code');
  await check('townshipCode', 'township', 9, 'township_code');
  await check('villageCode', 'village', 12, 'village_code');
  if (errors.length) throw invalid(errors);
  return out;
}
