import { DataSource, EntityManager } from 'typeorm';
import { TransactionStatements, poolOf } from './prepared-statements';

/** A transaction-scoped or pooled executor: the engine passes one of these down instead of a DataSource. */
export type Sql = Pick<EntityManager, 'query'>;

const transactions = new WeakMap<Sql, TransactionStatements>();

/**
 * One transaction on a connection of TypeORM's pool, on pg's client directly: TypeORM's query
 * runner, entity manager and subscriber broadcasts around BEGIN and COMMIT cost 13–24 µs of CPU per
 * transaction (ADR 0009). BEGIN travels with the first statement and COMMIT with the statement sent
 * by `lastStatement`, if any (ADR 0012). A connection whose ROLLBACK fails is destroyed, not
 * returned to the pool. READ COMMITTED is pinned per connection in data-source.ts.
 */
export async function inTransaction<T>(ds: DataSource, work: (tx: Sql) => Promise<T>): Promise<T> {
  const client = await poolOf(ds).connect();
  const statements = new TransactionStatements(client);
  transactions.set(statements.sql, statements);
  let broken: Error | undefined;
  try {
    const result = await work(statements.sql);
    await statements.commit();
    return result;
  } catch (err) {
    if (statements.begun && !statements.committed) {
      await statements.rollback().catch((e: Error) => {
        broken = e;
      });
    }
    throw err;
  } finally {
    client.release(broken);
  }
}

/**
 * The transaction's last statement: in inTransaction's transaction it carries the COMMIT (one round
 * trip fewer) and no statement may follow it; on any other executor it is just the statement. The
 * caller must know that nothing else will be written or read in the transaction. `last` false: an
 * ordinary statement (a writer that ends its transaction only sometimes; no default, so that an
 * undefined condition cannot end a transaction).
 */
export function lastStatement(tx: Sql, text: string, params: unknown[], last: boolean): Promise<any> {
  const own = last ? transactions.get(tx) : undefined;
  return own ? own.last(text, params) : tx.query(text, params);
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

/**
 * One statement written by several tables' owners, to save round trips (issue 21): each owner adds
 * its CTEs (`cte`), taking placeholders from `param`, and the caller runs it with a final query.
 * Every data-modifying CTE runs once, whether or not the final query reads it. All parts see the
 * snapshot from before the statement: a part must not need another part's rows (an UPDATE does not
 * see a row another part INSERTs, and two parts must not update the same row).
 */
export class CteStatement {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];
  private readonly names = new Set<string>();

  /** A placeholder for `value`; reuse the returned `$n` for the same value in several parts. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  cte(name: string, sql: string): void {
    this.parts.push(`${name} AS (${sql})`);
    this.names.add(name);
  }

  /** Whether a part added the CTE `name` (a final query may read its RETURNING rows). */
  has(name: string): boolean {
    return this.names.has(name);
  }

  /** CTEs built with their own numbering (sealedAppendCtes, outboxInsert), which must start at `nextParam`. */
  raw(ctes: string, params: unknown[]): void {
    this.parts.push(ctes);
    this.params.push(...params);
  }

  /** Placeholders for `values`, numbered in order; returns the first one's number (for fragments that count their own). */
  paramsFrom(values: unknown[]): number {
    const first = this.nextParam;
    this.params.push(...values);
    return first;
  }

  get nextParam(): number {
    return this.params.length + 1;
  }

  get empty(): boolean {
    return this.parts.length === 0;
  }

  text(finalQuery: string): string {
    return this.parts.length ? `WITH ${this.parts.join(',\n')}\n${finalQuery}` : finalQuery;
  }
}
