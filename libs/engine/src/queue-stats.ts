import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { LEVEL_COLUMN } from '@app/access';
import type { Level } from '@app/processes';
import { inTransaction } from '@app/db';
import { LEVELS, Role } from '@app/processes';
import { invalid } from './errors';
import { jurisdictionFilters } from './inbox-parts';
import { JurisdictionDirectory } from './jurisdiction-directory';
import { ROLE_TITLES } from './role-titles';

export interface QueueStatsQuery {
  processKey?: string;
  countyCode?: string;
  townshipCode?: string;
  villageCode?: string;
}

/**
 * GET /api/queues/stats: for every (role, jurisdiction) with waiting work in the caller's subtree —
 * open (unclaimed), claimed, overdue, and the age of the oldest and the median waiting task. Read
 * from the tasks table in one grouped query (percentile_cont in SQL), never from a copy that lags.
 * Ages are real hours since the task opened; `asOf` is the database time they were measured at.
 */
export class QueueStats {
  constructor(private readonly ds: DataSource, private readonly dir: JurisdictionDirectory) {}

  async stats(p: Principal, q: QueueStatsQuery) {
    // The task's own node must lie in the subtree too: a county-level escalation of a township's case
    // carries the township's code but is not the township's work.
    const own = LEVELS.slice(Math.max(0, LEVELS.indexOf(p.jurisdiction.level as Level))).map((l) => `t.${LEVEL_COLUMN[l]}`);
    const where = [`t.status IN ('open','claimed')`, `t.${LEVEL_COLUMN[p.jurisdiction.level]} = $1`, `t.jurisdiction_code IN (${own.join(', ')})`];
    const params: unknown[] = [p.jurisdiction.code];
    if (q.processKey !== undefined) {
      if (typeof q.processKey !== 'string' || !/^[a-z0-9-]{1,64}$/.test(q.processKey)) throw invalid([{ field: 'processKey', message: '流程键格式不正确', en: 'the process key has the wrong format' }]);
      params.push(q.processKey);
      where.push(`t.process_key = $${params.length}`);
    }
    for (const f of await jurisdictionFilters(p, q, this.dir)) {
      params.push(f.code);
      where.push(`t.${f.column} = $${params.length}`);
    }
    return inTransaction(this.ds, async (tx) => {
      // One transaction: now() is the same instant for asOf and every age.
      const [{ as_of }] = await tx.query(`SELECT now() AS as_of`);
      const rows = await tx.query(
        `SELECT t.role, t.jurisdiction_code,
           count(*) FILTER (WHERE t.status = 'open')::int AS open,
           count(*) FILTER (WHERE t.status = 'claimed')::int AS claimed,
           count(*) FILTER (WHERE t.due_at < now())::int AS overdue,
           (extract(epoch FROM now() - min(t.created_at)) / 3600)::float8 AS oldest_hours,
           (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM now() - t.created_at)) / 3600)::float8 AS median_hours
         FROM tasks t WHERE ${where.join(' AND ')}
         GROUP BY t.role, t.jurisdiction_code ORDER BY t.jurisdiction_code, t.role`,
        params,
      );
      const items = rows.map((r: any) => ({
        role: r.role as Role,
        roleTitle: ROLE_TITLES[r.role as Role] ?? r.role,
        jurisdictionCode: r.jurisdiction_code as string,
        jurisdictionName: this.dir.name(r.jurisdiction_code),
        open: r.open as number,
        claimed: r.claimed as number,
        overdue: r.overdue as number,
        oldestAgeHours: Number(r.oldest_hours),
        medianAgeHours: Number(r.median_hours),
      }));
      const sum = (k: 'open' | 'claimed' | 'overdue') => items.reduce((n: number, i: any) => n + i[k], 0);
      return { asOf: new Date(as_of).toISOString(), items, totals: { open: sum('open'), claimed: sum('claimed'), overdue: sum('overdue') } };
    });
  }
}
