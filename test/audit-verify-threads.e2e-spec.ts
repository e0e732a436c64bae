/**
 * Issue 8 (audit verification ≥ 100,000 entries/s): the full verification walks ranges of chains in
 * threads that share one snapshot. It must give exactly the answer of one walk over everything —
 * the same count, and on a tampered trail the same first break, even when the breaks sit in
 * different threads' ranges. The threads run from the compiled files (npm test builds first).
 */
import { DataSource } from 'typeorm';
import { SystemUnderTest } from './support/system-under-test';
import { appendSyntheticEntries } from './discipline-audit-rows';
// The compiled module: its thread file exists only next to the compiled code.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const compiled = require('../dist/libs/audit/src') as typeof import('../libs/audit/src');

describe('full audit verification in threads', () => {
  const sut = new SystemUnderTest({ worker: false });
  beforeAll(async () => {
    await sut.start();
    await appendSyntheticEntries(sut.ds, { users: 1200, perUser: 3, noteChars: 20 });
  });
  afterAll(() => sut.stop());

  const both = async (ds: DataSource) => {
    const threaded = await compiled.inSnapshot(ds, (sql) => compiled.verifyAllChainsInThreads(sql, sut.db.url, 2));
    const single = await compiled.inSnapshot(ds, (sql) => compiled.verifyAllChains(sql));
    return { threaded, single };
  };

  const tamper = (sql: string, params: unknown[]) =>
    sut.ds.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(sql, params);
    });

  it('an intact trail: two threads, the same count as one walk, valid', async () => {
    const { threaded, single } = await both(sut.ds);
    expect(threaded.threads).toBe(2);
    expect(threaded.valid).toBe(true);
    expect(single.valid).toBe(true);
    expect(threaded.checked).toBe(single.checked);
    expect(threaded.chains).toBe(single.chains);
    expect(threaded.checked).toBeGreaterThanOrEqual(3600);
  });

  it('breaks in both ranges: the threads report the first in key order, as one walk does', async () => {
    const chains: string[] = (await sut.ds.query(`SELECT chain_id FROM audit_chains WHERE chain_id LIKE 'actor:%' ORDER BY chain_id`)).map((r: any) => r.chain_id);
    const early = chains[100];
    const late = chains[chains.length - 100];
    const lastHead = chains[chains.length - 50];
    // A late edit and a truncated late chain (second range), then an early edit (first range).
    await tamper(`UPDATE audit_entries SET action = 'LOGOUT' WHERE chain_id = $1 AND seq = 2`, [late]);
    await tamper(`DELETE FROM audit_entries WHERE chain_id = $1 AND seq = 3`, [lastHead]);
    let { threaded, single } = await both(sut.ds);
    expect(threaded.threads).toBe(2);
    expect(threaded.valid).toBe(false);
    expect(threaded.firstBad).toEqual(single.firstBad);
    expect(threaded.firstBad).toMatchObject({ chainId: late, seq: 2 });

    await tamper(`UPDATE audit_entries SET payload = payload || '{"ip":"10.0.0.1"}' WHERE chain_id = $1 AND seq = 1`, [early]);
    ({ threaded, single } = await both(sut.ds));
    expect(threaded.firstBad).toEqual(single.firstBad);
    expect(threaded.firstBad).toMatchObject({ chainId: early, seq: 1 });
    expect(threaded.checked).toBe(single.checked);
  });
});
