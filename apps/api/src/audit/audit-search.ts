import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { LEVEL_COLUMN } from '@app/access';
import { invalid } from '@app/engine';

export interface AuditQuery {
  caseId?: string;
  actor?: string;
  role?: string;
  action?: string;
  outcome?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: string;
}

/**
 * Audit search for discipline reviewers inside their subtree: entries of cases in the subtree and
 * entries of staff whose jurisdiction lies in it. Newest first, keyset pagination on id.
 */
@Injectable()
export class AuditSearch {
  constructor(private readonly ds: DataSource) {}

  async find(p: Principal, q: AuditQuery) {
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalid([{ field: 'limit', message: '应为 1–500 的整数' }]);
    const col = LEVEL_COLUMN[p.jurisdiction.level];
    const params: unknown[] = [p.jurisdiction.code];
    const where = [
      `(EXISTS (SELECT 1 FROM cases c WHERE c.id = e.case_id AND c.${col} = $1)
        OR EXISTS (SELECT 1 FROM users u JOIN jurisdictions j ON j.code = u.jurisdiction_code
                   WHERE u.id = e.actor_id AND (j.${col === 'village_code' ? 'code' : col} = $1 OR j.code = $1)))`,
    ];
    const add = (cond: string, v: unknown) => {
      params.push(v);
      where.push(cond.replace(/\?/g, `$${params.length}`));
    };
    const date = (field: string, v: string) => {
      const d = new Date(v);
      if (Number.isNaN(d.getTime())) throw invalid([{ field, message: '应为 ISO 8601 日期时间' }]);
      return d;
    };
    if (q.caseId) {
      if (!/^[0-9a-f-]{36}$/i.test(q.caseId)) throw invalid([{ field: 'caseId', message: '应为案件编号（UUID）' }]);
      add('e.case_id = ?', q.caseId);
    }
    if (q.actor) add('e.actor_username = ?', q.actor);
    if (q.role) add(`? = ANY(string_to_array(e.actor_role, ','))`, q.role);
    if (q.action) add('e.action = ?', q.action);
    if (q.outcome) add('e.outcome = ?', q.outcome);
    if (q.from) add('e.at >= ?', date('from', q.from));
    if (q.to) add('e.at < ?', date('to', q.to));
    if (q.cursor) {
      const id = Number(Buffer.from(q.cursor, 'base64url').toString());
      if (!Number.isInteger(id)) throw invalid([{ field: 'cursor', message: '分页游标无效' }]);
      add('e.id < ?', id);
    }
    params.push(limit + 1);
    const rows = await this.ds.query(
      `SELECT e.id, e.chain_id, e.seq, e.case_id, e.at, e.actor_username, e.actor_role, e.jurisdiction_code, e.action, e.outcome,
         e.from_state, e.to_state, e.payload, e.hash
       FROM audit_entries e WHERE ${where.join(' AND ')} ORDER BY e.id DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map((r: any) => ({
        id: Number(r.id), chainId: r.chain_id, seq: r.seq, caseId: r.case_id, at: new Date(r.at).toISOString(),
        actor: r.actor_username, role: r.actor_role, jurisdictionCode: r.jurisdiction_code, action: r.action,
        outcome: r.outcome, fromState: r.from_state, toState: r.to_state, payload: r.payload, hash: r.hash,
      })),
      nextCursor: rows.length > limit ? Buffer.from(String(page[page.length - 1].id)).toString('base64url') : null,
    };
  }
}
