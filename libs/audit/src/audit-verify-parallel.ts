import { environment, numericSetting } from '@app/settings';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Sql } from '@app/db';
import { ChainRange, RangeResult, VerifyResult, combineRanges, verifyAllChains } from './audit-verify';

/**
 * AUDIT_VERIFY_THREADS (default: the machine's cores, at most 4). One Node thread checks about
 * 60,000 entries a second — rebuilding each canonical text, hashing it, decoding its row — so a full
 * verification splits the chain-id space into ranges and walks them in threads.
 */
export function verifyThreads(env = environment()): number {
  // Computed default: the schema declares none, the machine gives it.
  return (numericSetting('AUDIT_VERIFY_THREADS', env) as number | undefined) ?? Math.min(4, cpus().length);
}

const THREAD_FILE = join(__dirname, 'audit-verify-thread.js');

/**
 * Every chain, walked by `threads` threads that share this transaction's snapshot (`sql` must be a
 * REPEATABLE READ transaction; see inSnapshot), so the answer is the one a single walk would give.
 * Falls back to one walk in this thread when there is one thread, few chains, or no compiled thread
 * file (ts-jest runs the sources).
 */
export async function verifyAllChainsInThreads(
  sql: Sql, url: string, threads = verifyThreads(), pageSize = 20000,
): Promise<VerifyResult & { threads: number }> {
  const [{ chains }] = await sql.query(`SELECT count(*)::int AS chains FROM audit_chains`);
  if (threads <= 1 || chains < 1000 || !existsSync(THREAD_FILE)) return { ...(await verifyAllChains(sql, pageSize)), threads: 1 };
  const bounds: string[] = [];
  for (let k = 1; k < threads; k++) {
    const [row] = await sql.query(`SELECT chain_id FROM audit_chains ORDER BY chain_id OFFSET $1 LIMIT 1`, [Math.floor((k * chains) / threads)]);
    if (row && row.chain_id !== bounds[bounds.length - 1]) bounds.push(row.chain_id);
  }
  const ranges: ChainRange[] = [null, ...bounds].map((from, i) => ({ from, to: bounds[i] ?? null }));
  const [{ snapshot }] = await sql.query(`SELECT pg_export_snapshot() AS snapshot`);
  const parts = await Promise.all(ranges.map((range) => inThread({ url, snapshot, range, pageSize })));
  return { ...combineRanges(parts), threads: ranges.length };
}

function inThread(input: { url: string; snapshot: string; range: ChainRange; pageSize: number }): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(THREAD_FILE, { workerData: input });
    worker.once('message', (m: { result?: RangeResult; error?: string }) => (m.result ? resolve(m.result) : reject(new Error(`审计校验线程失败：${m.error}`))));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`审计校验线程退出（${code}）`)));
  });
}
