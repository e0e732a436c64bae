import { DataSource, EntityManager } from 'typeorm';

/** A transaction-scoped or pooled executor: the engine passes one of these down instead of a DataSource. */
export type Sql = Pick<EntityManager, 'query'>;

export async function inTransaction<T>(ds: DataSource, work: (tx: Sql) => Promise<T>): Promise<T> {
  return ds.transaction('READ COMMITTED', (manager) => work(manager));
}

/** First row or undefined. */
export async function one<T = any>(sql: Sql, text: string, params: unknown[] = []): Promise<T | undefined> {
  const rows = await sql.query(text, params);
  return rows[0];
}
