/**
 * inTransaction on a real PostgreSQL: BEGIN travels with the first statement and COMMIT with the one
 * sent by lastStatement (libs/db statement-batch.ts, ADR 0012). What must hold: one transaction
 * (all or nothing), a failure at any point leaves nothing written and the connection usable, and
 * pg's statement bookkeeping stays right when a statement is first prepared in such a batch.
 */
import { DataSource } from 'typeorm';
import { createDataSource, inTransaction, lastStatement, pooledPreparedReads } from '../libs/db/src';
import { createTestDatabase, dropTestDatabase } from './support/databases';

describe('transactions: BEGIN with the first statement, COMMIT with the last', () => {
  let db: { name: string; url: string };
  let ds: DataSource;
  const rows = async () => (await ds.query(`SELECT v FROM tx_probe ORDER BY v`)).map((r: { v: number }) => r.v);

  beforeAll(async () => {
    db = await createTestDatabase('cw_tx');
    // One connection: every transaction below reuses it, so a broken one would show in the next test.
    ds = createDataSource(db.url, 1);
    await ds.initialize();
    await ds.query(`CREATE TABLE tx_probe (v int PRIMARY KEY, later int UNIQUE DEFERRABLE INITIALLY DEFERRED)`);
  });
  afterAll(async () => {
    await ds?.destroy();
    if (db) await dropTestDatabase(db.name);
  });
  beforeEach(() => ds.query(`TRUNCATE tx_probe`));

  it('a read and a last write are one transaction, committed by the write', async () => {
    const ids = await inTransaction(ds, async (tx) => {
      const [first] = await tx.query(`SELECT txid_current()::text AS id WHERE $1::int = 1`, [1]);
      await tx.query(`INSERT INTO tx_probe (v) VALUES ($1)`, [1]);
      const [last] = await lastStatement(tx, `INSERT INTO tx_probe (v) VALUES ($1) RETURNING txid_current()::text AS id`, [2], true);
      return [first.id, last.id];
    });
    expect(ids[0]).toBe(ids[1]);
    expect(await rows()).toEqual([1, 2]);
    const [{ open }] = await ds.query(`SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`);
    expect(open).toBe(0);
  });

  it('a last statement that fails leaves nothing of the transaction, and the connection goes on', async () => {
    await expect(inTransaction(ds, async (tx) => {
      await tx.query(`INSERT INTO tx_probe (v) VALUES ($1)`, [1]);
      await lastStatement(tx, `INSERT INTO tx_probe (v) VALUES ($1)`, [1], true);
    })).rejects.toThrow(/duplicate key/);
    expect(await rows()).toEqual([]);
    await inTransaction(ds, (tx) => lastStatement(tx, `INSERT INTO tx_probe (v) VALUES ($1)`, [3], true));
    expect(await rows()).toEqual([3]);
  });

  it('a COMMIT that fails (a deferred constraint) fails the last statement and keeps nothing', async () => {
    await expect(inTransaction(ds, async (tx) => {
      await tx.query(`INSERT INTO tx_probe (v, later) VALUES ($1, 7)`, [1]);
      await lastStatement(tx, `INSERT INTO tx_probe (v, later) VALUES ($1, 7)`, [2], true);
    })).rejects.toThrow(/duplicate key/);
    expect(await rows()).toEqual([]);
  });

  it('no statement may follow the last one; what it committed stays', async () => {
    await expect(inTransaction(ds, async (tx) => {
      await lastStatement(tx, `INSERT INTO tx_probe (v) VALUES ($1)`, [1], true);
      await tx.query(`INSERT INTO tx_probe (v) VALUES ($1)`, [2]);
    })).rejects.toThrow(/no statement may follow/);
    expect(await rows()).toEqual([1]);
  });

  it('a caller that swallows its last statement\'s failure is still told nothing was committed', async () => {
    await expect(inTransaction(ds, async (tx) => {
      await tx.query(`INSERT INTO tx_probe (v) VALUES ($1)`, [1]);
      await lastStatement(tx, `INSERT INTO tx_probe (v) VALUES ($1)`, [1], true).catch(() => undefined);
    })).rejects.toThrow(/nothing was committed/);
    expect(await rows()).toEqual([]);
  });

  it('a first statement that fails to parse, sent with BEGIN, rolls back and its name is not taken as prepared', async () => {
    const bad = `SELEC v FROM tx_probe WHERE v = $1`;
    for (let i = 0; i < 2; i++) {
      await expect(inTransaction(ds, (tx) => tx.query(bad, [1]))).rejects.toThrow(/syntax error/);
    }
    // A statement prepared for the first time in a batch with BEGIN, then reused on the same connection.
    const text = `INSERT INTO tx_probe (v) VALUES ($1) RETURNING v * 10 AS ten`;
    for (const v of [4, 5]) expect(await inTransaction(ds, (tx) => tx.query(text, [v]))).toEqual([{ ten: v * 10 }]);
    expect(await rows()).toEqual([4, 5]);
  });

  it('a value pg cannot send (refused before it reaches the server) rolls back what came before', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(inTransaction(ds, async (tx) => {
      await tx.query(`INSERT INTO tx_probe (v) VALUES ($1)`, [1]);
      await lastStatement(tx, `SELECT $1::jsonb`, [circular], true);
    })).rejects.toThrow(/circular/i);
    expect(await rows()).toEqual([]);
    expect(await inTransaction(ds, (tx) => tx.query(`SELECT $1::int AS one`, [1]))).toEqual([{ one: 1 }]);
  });

  it('a prepared statement is described once per connection; later answers are parsed the same way', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Connection = require('pg/lib/connection');
    const describe = jest.spyOn(Connection.prototype, 'describe');
    try {
      await ds.query(`INSERT INTO tx_probe (v) VALUES (1), (2)`);
      const read = `SELECT v, now() AS at, jsonb_build_object('v', v) AS doc FROM tx_probe WHERE v >= $1 ORDER BY v`;
      const answers = [];
      for (const from of [1, 2, 3]) answers.push(await inTransaction(ds, (tx) => tx.query(read, [from])));
      const noRows = `UPDATE tx_probe SET later = later WHERE v = $1`;
      for (let i = 0; i < 2; i++) expect(await inTransaction(ds, (tx) => tx.query(noRows, [1]))).toEqual([[], 1]);
      expect(describe).toHaveBeenCalledTimes(2);
      expect(answers[0].map((r: { v: number }) => r.v)).toEqual([1, 2]);
      expect(answers[1]).toEqual([{ v: 2, at: expect.any(Date), doc: { v: 2 } }]);
      expect(answers[2]).toEqual([]);
    } finally {
      describe.mockRestore();
    }
  });

  it('statements asked for in the same turn go in one round trip once prepared; a batch fails as a whole', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Connection = require('pg/lib/connection');
    const sync = jest.spyOn(Connection.prototype, 'sync');
    const insert = `INSERT INTO tx_probe (v) VALUES ($1) RETURNING v`;
    const read = `SELECT count(*)::int AS n FROM tx_probe WHERE v >= $1`;
    try {
      // First use on this connection: each statement is prepared in a batch of its own (COMMIT then
      // goes as a simple query, which has no Sync).
      expect(await inTransaction(ds, (tx) => Promise.all([tx.query(insert, [1]), tx.query(read, [0])]))).toEqual([[{ v: 1 }], [{ n: 1 }]]);
      expect(sync).toHaveBeenCalledTimes(2);
      sync.mockClear();
      // Prepared now: BEGIN, both statements and, with lastStatement, the COMMIT in one round trip.
      const both = await inTransaction(ds, (tx) => Promise.all([tx.query(insert, [2]), lastStatement(tx, read, [0], true)]));
      expect(both).toEqual([[{ v: 2 }], [{ n: 2 }]]);
      expect(sync).toHaveBeenCalledTimes(1);
      sync.mockClear();
      // The second fails (a duplicate): the first's row goes with the rollback, both are refused.
      const answers = await inTransaction(ds, (tx) => Promise.allSettled([tx.query(insert, [3]), tx.query(insert, [2])])).catch((e) => e);
      expect(answers.map((a: PromiseSettledResult<unknown>) => a.status)).toEqual(['rejected', 'rejected']);
    } finally {
      sync.mockRestore();
    }
    expect(await rows()).toEqual([1, 2]);
  });

  it('pooled reads (the session read) answer rows; a statement error leaves the connection to the next read', async () => {
    await ds.query(`INSERT INTO tx_probe (v) VALUES (1), (2)`);
    const reads = pooledPreparedReads(ds);
    const read = `SELECT v FROM tx_probe WHERE v = $1`;
    expect(await reads.query(read, [2])).toEqual([{ v: 2 }]);
    await expect(reads.query(`SELECT v / $1 AS q FROM tx_probe`, [0])).rejects.toThrow(/division by zero/);
    expect(await reads.query(read, [1])).toEqual([{ v: 1 }]);
    expect(await inTransaction(ds, (tx) => tx.query(read, [2]))).toEqual([{ v: 2 }]);
  });

  it('statements without parameters may still hold several statements; UPDATE answers [rows, count] as TypeORM does', async () => {
    const answer = await inTransaction(ds, async (tx) => {
      await tx.query(`INSERT INTO tx_probe (v) VALUES (1); INSERT INTO tx_probe (v) VALUES (2)`);
      return lastStatement(tx, `UPDATE tx_probe SET later = v WHERE v >= $1 RETURNING v`, [1], true);
    });
    expect(answer[1]).toBe(2);
    expect(answer[0].map((r: { v: number }) => r.v).sort()).toEqual([1, 2]);
    expect(await inTransaction(ds, async () => 'nothing sent')).toBe('nothing sent');
  });
});
