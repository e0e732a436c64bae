import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { actorChain, appendAudit } from '@app/audit';
import { inTransaction } from '@app/db';
import { JurisdictionDirectory, invalid } from '@app/engine';
import { PiiCipher } from '@app/registry';
import { AuditFilterQuery, auditConditions, recordableFilters } from './audit-filter';
import { scrubPii } from './pii-scrub';

export interface AuditQuery extends AuditFilterQuery {
  cursor?: string;
  limit?: string;
}

/**
 * Audit search for discipline reviewers inside their subtree: entries of cases in the subtree and
 * entries of staff whose jurisdiction lies in it (see audit-filter.ts). Newest first, keyset
 * pagination on id.
 */
@Injectable()
export class AuditSearch {
  constructor(private readonly ds: DataSource, private readonly dir: JurisdictionDirectory, private readonly cipher: PiiCipher) {}

  async find(p: Principal, q: AuditQuery) {
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalid([{ field: 'limit', message: '应为 1–500 的整数', en: 'must be an integer from 1 to 500' }]);
    const { cursor, limit: _limit, ...filters } = q;
    const params: unknown[] = [];
    const where = await auditConditions(p, filters, this.dir, params, (id) => this.cipher.indexOf(id));
    // Looking people up in the trail is itself on the record (the ID number masked), once per search.
    if ((filters.applicantName || filters.applicantIdNumber) && !cursor) await this.recordPersonSearch(p, filters);
    if (cursor) {
      // Only what nextCursor writes: base64url of a positive entry id (junk, `null`, repeated parameters: 400).
      const text = typeof cursor === 'string' && cursor.length <= 40 ? Buffer.from(cursor, 'base64url').toString() : '';
      const id = /^[1-9][0-9]{0,15}$/.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(id)) throw invalid([{ field: 'cursor', message: '分页游标无效，请从第一页重新加载', en: 'the page cursor is not valid; reload from the first page' }]);
      params.push(id);
      where.push(`e.id < $${params.length}`);
    }
    params.push(limit + 1);
    const rows = await this.ds.query(
      `SELECT e.id, e.chain_id, e.seq, e.case_id, e.at, e.actor_username, e.actor_role, e.jurisdiction_code, e.action, e.outcome,
         e.from_state, e.to_state, e.payload, e.hash,
         (SELECT u.display_name FROM users u WHERE u.id = e.actor_id) AS actor_display_name
       FROM audit_entries e WHERE ${where.join(' AND ')} ORDER BY e.id DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map((r: any) => ({
        id: Number(r.id), chainId: r.chain_id, seq: r.seq, caseId: r.case_id, at: new Date(r.at).toISOString(),
        actor: r.actor_username, actorDisplayName: r.actor_display_name ?? null, role: r.actor_role, jurisdictionCode: r.jurisdiction_code, action: r.action,
        outcome: r.outcome, fromState: r.from_state, toState: r.to_state, payload: masked(r.payload), hash: r.hash,
      })),
      nextCursor: rows.length > limit ? Buffer.from(String(page[page.length - 1].id)).toString('base64url') : null,
      /** Names of the jurisdiction codes the page holds (the actor's unit, codes in payloads): people read 名称, not 370832. */
      places: this.dir.namesIn(page.map((r: any) => r.jurisdiction_code), page.map((r: any) => r.payload)),
    };
  }

  private async recordPersonSearch(p: Principal, filters: AuditFilterQuery) {
    await inTransaction(this.ds, (tx) =>
      appendAudit(tx, {
        chainId: actorChain(p.id), caseId: null, at: new Date(), actorId: p.id, actorUsername: p.username, actorRole: p.roles.join(','),
        jurisdictionCode: p.jurisdiction.code, action: 'AUDIT_PERSON_SEARCH', outcome: 'ok', fromState: null, toState: null,
        payload: { filters: recordableFilters(filters), scope: p.jurisdiction.code },
      }),
    );
  }
}

/**
 * Full ID numbers typed into free text are masked, and the keyed index that filing entries carried
 * before issue 19 (`applicant.idIndex`) is dropped: stored entries are never rewritten.
 */
function masked(payload: Record<string, unknown>): Record<string, unknown> {
  return scrubPii(payload);
}
