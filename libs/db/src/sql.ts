import { DataSource, EntityManager } from 'typeorm';
import { preparedSql } from './prepared-statements';

/** A transaction-scoped or pooled executor: the engine passes one of these down instead of a DataSource. */
export type Sql = Pick<EntityManager, 'query'>;

export async function inTransaction<T>(ds: DataSource, work: (tx: Sql) => Promise<T>): Promise<T> {
  // READ COMMITTED, pinned per connection in data-source.ts: naming it here costs a round trip.
  return ds.transaction((manager) => work(preparedSql(manager)));
}

/** First row or undefined. */
export async function one<T = any>(sql: Sql, text: string, params: unknown[] = []): Promise<T | undefined> {
  const rows = await sql.query(text, params);
  return rows[0];
}

/**
 * TypeORM answers an UPDATE/DELETE with `[rows, rowCount]` and anything else with `rows`; this
 * gives the rows of a `… RETURNING` statement either way.
 */
export async function returning<T = any>(sql: Sql, text: string, params: unknown[] = []): Promise<T[]> {
  const res = await sql.query(text, params);
  return Array.isArray(res) && res.length === 2 && Array.isArray(res[0]) && typeof res[1] === 'number' ? res[0] : res;
}
