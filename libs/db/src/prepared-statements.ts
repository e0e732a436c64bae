import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { BatchStatement, StatementResult, WireConnection, isPrepared, sendBatch } from './statement-batch';
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

interface Pending {
  text: string;
  params: unknown[];
  commit: boolean;
  resolve(answer: any): void;
  reject(err: unknown): void;
}

/**
 * One transaction's statements on one pg client, with TypeORM's answer shapes (`[rows, rowCount]`
 * for UPDATE/DELETE, rows otherwise), so callers and `returning()` see no difference. BEGIN goes
 * with the first statement and COMMIT with the one sent by `last` (StatementBatch): a transaction
 * of one read and one write is two round trips, not four. Statements asked for in the same turn
 * (`Promise.all`, or a call that does not await the one before) go in one batch when every one after
 * the first is prepared on this connection already; a batch fails as a whole. Nothing is begun until
 * a statement runs.
 */
export class TransactionStatements {
  /** BEGIN has been sent (with a statement): a failure must be rolled back. */
  begun = false;
  /** A statement carried COMMIT and it succeeded. */
  committed = false;
  private closing = false;
  private queue: Pending[] = [];
  /** What was handed to pg last: the next waits for it (pg 9 will not queue a query behind one in flight; pg 8 warns). */
  private sending: Promise<unknown> = Promise.resolve();

  constructor(private readonly client: PoolClient) {}

  readonly sql: Sql = { query: (text: string, params: unknown[] = []) => this.send(text, params, false) } as Sql;

  /** The transaction's last statement, with its COMMIT: nothing may follow it. */
  last(text: string, params: unknown[] = []): Promise<any> {
    return this.send(text, params, true);
  }

  /** COMMIT, unless a statement carried it or none ran. */
  async commit(): Promise<void> {
    if (this.closing) {
      // The caller went on after its last statement failed (it caught the error): nothing was committed.
      if (!this.committed) throw new Error('the transaction\'s last statement failed: nothing was committed');
      return;
    }
    if (this.begun) await this.inTurn(() => this.client.query('COMMIT'));
    this.committed = true;
  }

  /** ROLLBACK, after whatever was sent before it. */
  rollback(): Promise<unknown> {
    return this.inTurn(() => this.client.query('ROLLBACK'));
  }

  /** Hands `send` to pg once everything sent before has been answered: one query in flight at a time, in order. */
  private inTurn<T>(send: () => Promise<T>): Promise<T> {
    const sent = this.sending.then(send);
    this.sending = sent.catch(() => undefined);
    return sent;
  }

  private send(text: string, params: unknown[], commit: boolean): Promise<any> {
    if (this.closing) return Promise.reject(new Error('the transaction was committed with its last statement: no statement may follow it'));
    this.closing = commit;
    return new Promise((resolve, reject) => {
      this.queue.push({ text, params, commit, resolve, reject });
      if (this.queue.length === 1) queueMicrotask(() => this.flush());
    });
  }

  /** Sends what was asked for in this turn, in order: one batch when it can be, else one after another. */
  private flush(): void {
    const items = this.queue;
    this.queue = [];
    const statements = items.map((i) => ({ text: i.text, values: i.params, name: nameFor(this.client, i.text, i.params) }));
    const connection = (this.client as unknown as { connection: WireConnection }).connection;
    const together = items.length > 1 && items.every((i) => i.params.length > 0)
      && statements.slice(1).every((st) => !st.name || isPrepared(connection, st.name));
    if (together) return this.submit(items, statements);
    items.forEach((item, k) => this.submit([item], [statements[k]]));
  }

  private submit(items: Pending[], statements: BatchStatement[]): void {
    const begin = !this.begun;
    this.begun = true;
    if (items.length === 1 && items[0].params.length === 0 && !items[0].commit) {
      // pg sends a statement without parameters as a simple query, which may hold several
      // statements; an extended-protocol batch may not, so BEGIN goes on its own here.
      // Both in turn now (one after the other); a failed BEGIN fails the statement too.
      const began = begin ? this.inTurn(() => this.client.query('BEGIN')) : undefined;
      Promise.all([began, this.inTurn(() => this.client.query(items[0].text))]).then(([, res]) => items[0].resolve(shaped(res)), items[0].reject);
      return;
    }
    const commit = items[items.length - 1].commit;
    this.inTurn(() => sendBatch(this.client, statements, { begin, commit })).then(
      (results) => {
        if (commit) this.committed = true;
        items.forEach((item, k) => item.resolve(shaped(results[k])));
      },
      (err) => items.forEach((item) => item.reject(err)),
    );
  }
}

const shaped = (res: StatementResult): any => (res.command === 'UPDATE' || res.command === 'DELETE' ? [res.rows, res.rowCount] : res.rows);

/** pg's pool behind TypeORM's data source: the same connections TypeORM hands out. */
export const poolOf = (ds: DataSource): Pool => (ds.driver as unknown as { master: Pool }).master;

/**
 * A pooled executor for a hot read outside any transaction (the session lookup every request makes):
 * straight to pg's pool as a named statement, prepared and described once per connection
 * (a StatementBatch of one, without BEGIN or COMMIT), skipping TypeORM's query runner. Rows only (use it for SELECTs).
 */
export function pooledPreparedReads(ds: DataSource): Sql {
  const pool = poolOf(ds);
  return {
    async query(text: string, params: unknown[] = []) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        const [res] = await sendBatch(client, [{ name: statementName(text), text, values: params }], { begin: false, commit: false });
        return res.rows as any;
      } catch (err) {
        // A statement error leaves the connection usable; a lost connection is not returned.
        if (!(err as { severity?: string }).severity) broken = err as Error;
        throw err;
      } finally {
        client.release(broken);
      }
    },
  };
}
