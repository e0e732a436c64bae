import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryResult } from 'pg';
import type { DataSource } from 'typeorm';
import type { Sql } from './sql';

/**
 * Statements on the write path run as named prepared statements on their connection: PostgreSQL
 * parses them once per connection and can reuse the plan. Parsing and planning were 60 % of the
 * server's time per event (log_min_duration_statement over 300 events: parse 0.54 ms, bind 1.0 ms,
 * execute 0.59 ms), so this is the largest single saving for the engine's transactions.
 *
 * Only statements with a bounded text are named (per connection at most MAX_NAMED distinct texts;
 * large multi-row inserts stay unnamed) so a connection's statement cache cannot grow without end.
 * A migration that changes a table's columns invalidates `SELECT *` plans: restart after migrating
 * (docker-compose starts the api and worker only after its migrate service has finished).
 */
const MAX_NAMED = 400;
const MAX_PARAMS = 128;
const MAX_TEXT = 8000;
const namedOn = new WeakMap<PoolClient, Set<string>>();
const nameCache = new Map<string, string>();

function statementName(text: string): string {
  let name = nameCache.get(text);
  if (!name) {
    name = `cw_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (nameCache.size < 10 * MAX_NAMED) nameCache.set(text, name);
  }
  return name;
}

function nameFor(client: PoolClient, text: string, params: unknown[]): string | undefined {
  if (params.length === 0 || params.length > MAX_PARAMS || text.length > MAX_TEXT) return undefined;
  let named = namedOn.get(client);
  if (!named) namedOn.set(client, (named = new Set()));
  const name = statementName(text);
  if (named.has(name)) return name;
  if (named.size >= MAX_NAMED) return undefined;
  named.add(name);
  return name;
}

/**
 * The transaction's executor with TypeORM's answer shapes (`[rows, rowCount]` for UPDATE/DELETE,
 * rows otherwise), so callers and `returning()` see no difference.
 */
export function preparedSql(client: PoolClient): Sql {
  return {
    async query(text: string, params: unknown[] = []) {
      const name = nameFor(client, text, params);
      const res: QueryResult = await client.query(name ? { name, text, values: params } : { text, values: params });
      return (res.command === 'UPDATE' || res.command === 'DELETE' ? [res.rows, res.rowCount] : res.rows) as any;
    },
  } as Sql;
}

/** pg's pool behind TypeORM's data source: the same connections TypeORM hands out. */
export const poolOf = (ds: DataSource): Pool => (ds.driver as unknown as { master: Pool }).master;

/**
 * A pooled executor for a hot read outside any transaction (the session lookup every request makes):
 * straight to pg's pool as a named statement, which pg prepares once per connection, skipping
 * TypeORM's query runner. Rows only (use it for SELECTs).
 */
export function pooledPreparedReads(ds: DataSource): Sql {
  const pool = poolOf(ds);
  return {
    async query(text: string, params: unknown[] = []) {
      const res = await pool.query({ name: statementName(text), text, values: params });
      return res.rows as any;
    },
  };
}
