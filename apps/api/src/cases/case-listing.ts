import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { LEVEL_COLUMN } from '@app/access';
import { JurisdictionDirectory, invalid, viewerTokens, viewersCondition } from '@app/engine';
import { ProcessRegistry } from '@app/processes';
import { scrubPii } from '@app/registry';

export interface CaseListQuery {
  processKey?: string;
  state?: string;
  lane?: string;
  countyCode?: string;
  overdue?: string;
  mine?: string;
  cursor?: string;
  limit?: string;
}

/** GET /api/cases: the caller's subtree, newest first, keyset pagination on (filed_at, id). */
@Injectable()
export class CaseListing {
  constructor(private readonly ds: DataSource, private readonly processes: ProcessRegistry, private readonly dir: JurisdictionDirectory) {}

  async list(p: Principal, q: CaseListQuery) {
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw invalid([{ field: 'limit', message: '应为 1–200 的整数', en: 'must be an integer from 1 to 200' }]);
    // The subtree, narrowed where a definition declares who may see its cases (visibility).
    const where = [`c.${LEVEL_COLUMN[p.jurisdiction.level]} = $1`, viewersCondition('c', 2)];
    const params: unknown[] = [p.jurisdiction.code, viewerTokens(p)];
    const add = (cond: string, v: unknown) => {
      params.push(v);
      where.push(cond.replace(/\?/g, `$${params.length}`));
    };
    if (q.processKey) add('c.process_key = ?', q.processKey);
    if (q.state) add('c.state = ?', q.state);
    if (q.lane) add('c.lane = ?', q.lane);
    if (q.countyCode) add('c.county_code = ?', q.countyCode);
    if (q.mine === 'true') add('c.filed_by = ?', p.id);
    if (q.overdue === 'true') {
      where.push(`(EXISTS (SELECT 1 FROM sla_clocks k WHERE k.case_id = c.id AND k.stopped_at IS NULL AND (k.status = 'breached' OR k.due_at < now()))
        OR EXISTS (SELECT 1 FROM tasks t WHERE t.case_id = c.id AND t.status IN ('open','claimed') AND t.due_at < now()))`);
    }
    if (q.cursor) {
      const cur = decodeCaseCursor(q.cursor);
      params.push(cur.f, cur.i);
      where.push(`(c.filed_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = await this.ds.query(
      `SELECT c.id, c.process_key, c.state, c.lane, c.applicant_name, c.applicant_id_masked, c.village_code, c.filed_at, c.updated_at, c.flags, c.outcome,
         EXISTS (SELECT 1 FROM sla_clocks k WHERE k.case_id = c.id AND k.stopped_at IS NULL AND (k.status = 'breached' OR k.due_at < now())) AS overdue
       FROM cases c WHERE ${where.join(' AND ')} ORDER BY c.filed_at DESC, c.id DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      // A name typed as an ID number is masked like everywhere else (scrubPii).
      items: page.map((r: any) => scrubPii({
        id: r.id,
        processKey: r.process_key,
        state: r.state,
        stateTitle: this.processes.latest(r.process_key)?.states[r.state]?.title ?? { zh: r.state, en: r.state },
        lane: r.lane,
        outcome: r.outcome,
        applicant: r.applicant_id_masked === null ? null : { name: r.applicant_name, idNumberMasked: r.applicant_id_masked },
        villageCode: r.village_code,
        villageName: this.dir.name(r.village_code),
        filedAt: new Date(r.filed_at).toISOString(),
        updatedAt: new Date(r.updated_at).toISOString(),
        flags: (r.flags as Array<{ code: string }>).map((f) => f.code),
        overdue: r.overdue,
      })),
      nextCursor: rows.length > limit ? Buffer.from(JSON.stringify({ f: new Date(last.filed_at).toISOString(), i: last.id })).toString('base64url') : null,
    };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** Only what nextCursor writes, `{f: filed_at ISO, i: case id}`: junk, `null` or a repeated parameter is 400 naming `cursor`. */
function decodeCaseCursor(cursor: unknown): { f: string; i: string } {
  if (typeof cursor === 'string' && cursor.length <= 200) {
    try {
      const cur: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
      const { f, i } = (cur !== null && typeof cur === 'object' ? cur : {}) as { f?: unknown; i?: unknown };
      if (typeof f === 'string' && ISO_INSTANT.test(f) && !Number.isNaN(Date.parse(f)) && typeof i === 'string' && UUID.test(i)) return { f, i };
    } catch {
      /* fall through */
    }
  }
  throw invalid([{ field: 'cursor', message: '分页游标无效，请从第一页重新加载', en: 'the page cursor is not valid; reload from the first page' }]);
}
