/**
 * ProcessDefinition.jurisdictionSettings: a local number (a county's 低保 line) changed at one node.
 * In one transaction: the value in force written, the change audited on the node's administration
 * chain, and the declared event sent to each of the node's cases in the declared states (their own
 * chains record it), so amounts never change silently. A case whose state refuses the event is left
 * as it is and counted.
 */
import { SYSTEM_PRINCIPAL, type Principal } from '@app/access';
import { LEVEL_COLUMN } from '@app/access';
import { appendAudit } from '@app/audit';
import { inTransaction, type Sql } from '@app/db';
import type { JurisdictionSettingSpec, ProcessDefinition } from '@app/processes';
import { DomainError, forbidden, invalid, notFound } from '../errors';
import { ROLE_TITLES_EN } from '../role-titles';
import { validateAgainst } from '../schema-validator';
import { nonBlank } from '@app/processes/schema-blocks';
import type { JurisdictionNode } from '../jurisdiction-directory';
import { lockCase } from '../repositories/cases';
import { localParts } from '../recurrence';
import { localTimeZone } from '../work-queue-settings';
import { applyLocked } from './apply-event';
import type { EngineParts } from './engine-parts';

export interface SettingValue {
  processKey: string;
  name: string;
  jurisdictionCode: string;
  value: number;
  /** False: the configured default (no row for the node). */
  set: boolean;
  setAt: string | null;
}

/**
 * The body of a change: the new value and its basis. The setting's own range (min–max, its unit) is
 * checked after this, with a message naming them.
 */
export const SETTING_CHANGE_SCHEMA = {
  type: 'object', required: ['value', 'reason'], additionalProperties: false, description: 'The new value (within the setting\'s range: GET /api/processes) and its basis, such as a document number',
  properties: { value: { type: 'number' }, reason: nonBlank(5, 500) },
};

/** The administration chain of a node (shared with the api's administration audit). */
const administrationChain = (code: string) => `administration:${code}`;

function settingOf(parts: EngineParts, processKey: string, name: string): { def: ProcessDefinition; spec: JurisdictionSettingSpec } {
  const def = parts.processes.latest(processKey);
  const spec = def?.jurisdictionSettings?.find((s) => s.name === name);
  if (!def || !spec) throw notFound({ zh: `流程 ${processKey} 没有可按辖区设置的「${name}」`, en: `Process ${processKey} has no per-jurisdiction setting "${name}"` });
  return { def, spec };
}

/** The values in force for the nodes of a case (by setting name), as the machine gets them at filing. */
export async function settingsInForce(sql: Sql, def: ProcessDefinition, codes: Record<'village_code' | 'township_code' | 'county_code' | 'city_code', string>): Promise<Record<string, number>> {
  const specs = def.jurisdictionSettings ?? [];
  if (specs.length === 0) return {};
  const rows: Array<{ name: string; jurisdiction_code: string; value: string }> = await sql.query(
    `SELECT name, jurisdiction_code, value FROM jurisdiction_settings WHERE process_key = $1 AND jurisdiction_code = ANY($2::text[])`,
    [def.key, Object.values(codes)],
  );
  const out: Record<string, number> = {};
  for (const s of specs) {
    const code = codes[LEVEL_COLUMN[s.level] as keyof typeof codes];
    const row = rows.find((r) => r.name === s.name && r.jurisdiction_code === code);
    out[s.name] = row ? Number(row.value) : s.defaultFor(code);
  }
  return out;
}

/** Whether the caller may change a setting at `node`: a `setBy` role held at the node, or admin at or above it. */
function mayChange(p: Principal, spec: JurisdictionSettingSpec, node: JurisdictionNode): boolean {
  const atNode = p.jurisdiction.code === node.code;
  if (atNode && p.roles.some((r) => spec.setBy.includes(r))) return true;
  const above = atNode || [node.cityCode, node.countyCode, node.townshipCode].includes(p.jurisdiction.code);
  return above && p.roles.includes('admin');
}

export async function readSettings(parts: EngineParts, p: Principal, processKey: string, name: string): Promise<SettingValue[]> {
  const { def, spec } = settingOf(parts, processKey, name);
  const nodes = parts.directory.subtree(p.jurisdiction.code).filter((n) => n.level === spec.level);
  const rows: Array<{ jurisdiction_code: string; value: string; set_at: Date }> = await parts.ds.query(
    `SELECT jurisdiction_code, value, set_at FROM jurisdiction_settings WHERE process_key = $1 AND name = $2 AND jurisdiction_code = ANY($3::text[])`,
    [def.key, name, nodes.map((n) => n.code)],
  );
  return nodes.map((n) => {
    const row = rows.find((r) => r.jurisdiction_code === n.code);
    return { processKey: def.key, name, jurisdictionCode: n.code, value: row ? Number(row.value) : spec.defaultFor(n.code), set: !!row, setAt: row ? new Date(row.set_at).toISOString() : null };
  });
}

export async function changeSetting(
  parts: EngineParts,
  p: Principal,
  processKey: string,
  name: string,
  jurisdictionCode: string,
  body: unknown,
): Promise<SettingValue & { casesNotified: number; casesUnchanged: number }> {
  const { def, spec } = settingOf(parts, processKey, name);
  const b = (body ?? {}) as { value?: unknown; reason?: unknown };
  const shape = validateAgainst(SETTING_CHANGE_SCHEMA, b, '');
  // value and reason get one message each, naming the setting's range and what a basis is.
  const errors = shape.filter((e) => e.field !== 'value' && e.field !== 'reason');
  const value = b.value;
  if (shape.some((e) => e.field === 'value') || typeof value !== 'number' || value < spec.min || value > spec.max) {
    errors.push({ field: 'value', message: `「${spec.title.zh}」须为 ${spec.min}–${spec.max} 之间的数（${spec.unit.zh}）`, en: `"${spec.title.en}" must be a number from ${spec.min} to ${spec.max} (${spec.unit.en})` });
  }
  const reason = typeof b.reason === 'string' ? b.reason.trim() : '';
  if (shape.some((e) => e.field === 'reason')) errors.push({ field: 'reason', message: '须写明调整依据（5–500 字，如文件文号）', en: 'give the basis of the change (5–500 characters, such as a document number)' });
  const node = await parts.directory.find(jurisdictionCode);
  if (!node || node.level !== spec.level) errors.push({ field: 'jurisdictionCode', message: `须为${spec.level === 'county' ? '县（市、区）' : spec.level}级辖区代码`, en: `must be the code of a ${spec.level} jurisdiction` });
  if (errors.length) throw invalid(errors);
  if (!mayChange(p, spec, node!)) throw forbidden({ zh: `只有本级${spec.setBy.join('、')}或上级管理员可调整「${spec.title.zh}」`, en: `Only ${spec.setBy.map((r) => ROLE_TITLES_EN[r] ?? r).join(', ')} at this level or an administrator above may change "${spec.title.en}"` });
  const newValue = value as number;
  const now = parts.clock.now();
  const local = localParts(now, localTimeZone());
  const period = `${local.year}-${String(local.month).padStart(2, '0')}`;
  return inTransaction(parts.ds, async (tx) => {
    const [before] = await tx.query(
      `SELECT value FROM jurisdiction_settings WHERE process_key = $1 AND name = $2 AND jurisdiction_code = $3 FOR UPDATE`,
      [def.key, name, jurisdictionCode],
    );
    const previous = before ? Number(before.value) : spec.defaultFor(jurisdictionCode);
    await tx.query(
      `INSERT INTO jurisdiction_settings (process_key, name, jurisdiction_code, value, set_at, set_by, reason) VALUES ($1,$2,$3,$4,$5,$6,$7)
       ON CONFLICT (process_key, name, jurisdiction_code) DO UPDATE SET value = EXCLUDED.value, set_at = EXCLUDED.set_at, set_by = EXCLUDED.set_by, reason = EXCLUDED.reason`,
      [def.key, name, jurisdictionCode, newValue, now, p.id, reason],
    );
    const column = LEVEL_COLUMN[spec.level];
    const cases: Array<{ id: string }> = await tx.query(
      `SELECT id FROM cases WHERE process_key = $1 AND ${column} = $2 AND state = ANY($3::text[]) ORDER BY filed_at, id`,
      [def.key, jurisdictionCode, spec.onChange.states],
    );
    let notified = 0;
    if (previous !== newValue) {
      for (const { id } of cases) {
        const c = await lockCase(tx, id);
        if (!c) continue;
        try {
          await applyLocked(parts, tx, SYSTEM_PRINCIPAL, c, { type: spec.onChange.event, payload: { period, [spec.onChange.payloadField]: newValue } });
          notified++;
        } catch (err) {
          // A refusal is decided before anything is written for that case: it keeps its state.
          if (!(err instanceof DomainError && err.status === 422)) throw err;
        }
      }
    }
    await appendAudit(tx, {
      chainId: administrationChain(jurisdictionCode), caseId: null, at: now, actorId: p.id, actorUsername: p.username,
      actorRole: p.roles.join(','), jurisdictionCode: p.jurisdiction.code, action: 'SETTING_CHANGED', outcome: 'ok', fromState: null, toState: null,
      payload: { processKey: def.key, name, jurisdictionCode, from: previous, to: newValue, reason, event: spec.onChange.event, casesNotified: notified },
    });
    return {
      processKey: def.key, name, jurisdictionCode, value: newValue, set: true, setAt: now.toISOString(),
      casesNotified: notified, casesUnchanged: cases.length - notified,
    };
  });
}
