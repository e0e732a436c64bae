/**
 * Full audit verification rate over at least 1,000,000 entries.
 *
 *   npm run build && node dist/bench/audit.js [--entries 1000000] [--per-chain 10]
 *
 * Own migrated database (casework_audit). Correct chains are generated with the product's own seal()
 * (same canonical text and sha256 chaining as appendAudit) and bulk-loaded with COPY, plus their
 * audit_chains heads; then the full verification the api and the checkpoint job run (verifyTrail's
 * walk: AUDIT_VERIFY_THREADS threads sharing one snapshot) checks every entry (rebuilds the canonical
 * text from the columns, recomputes each hash, checks every head), and for comparison one thread.
 * Prints entries/s and whether all was valid.
 */
import { environment } from '../libs/settings/src';
import { spawn, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { GENESIS_HASH, inSnapshot, seal, verifyAllChains, verifyAllChainsInThreads, verifyThreads } from '@app/audit';
import { createDataSource } from '@app/db';
import { PG, ROOT, arg, freshDatabase, line, load, round } from './common';

const ENTRIES = Number(arg('entries', '1000000'));
const PER_CHAIN = Number(arg('per-chain', '10'));
const ACTIONS = ['FILE', 'SUBMIT_INVESTIGATION', 'TOWNSHIP_APPROVE', 'PUBLISH_NOTICE', 'COUNTY_APPROVE', 'PAY', 'CLOSE', 'NOTE', 'REOPEN', 'ARCHIVE'];

/** COPY text format: backslash, tab, newline and carriage return escaped; NULL as \N. */
function field(v: string | null): string {
  if (v === null) return '\\N';
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

async function copyIn(db: string, table: string, columns: string[], rows: () => Generator<string>): Promise<void> {
  const child = spawn('psql', [`${PG}/${db}`, '-qX', '-v', 'ON_ERROR_STOP=1', '-c', `COPY ${table} (${columns.join(',')}) FROM STDIN`], { stdio: ['pipe', 'ignore', 'inherit'] });
  const done = new Promise<void>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`COPY ${table} exited ${code}`)))));
  let buf = '';
  for (const r of rows()) {
    buf += r;
    if (buf.length > 1 << 20) {
      if (!child.stdin.write(buf)) await new Promise((r2) => child.stdin.once('drain', r2));
      buf = '';
    }
  }
  child.stdin.end(buf);
  await done;
}

export async function runAudit(): Promise<Record<string, unknown>> {
  const db = 'casework_audit';
  freshDatabase(db);
  const env = { ...environment(), DATABASE_URL: `${PG}/${db}` };
  execFileSync(process.execPath, [join(ROOT, 'dist/libs/db/src/migrate.js')], { env, stdio: 'ignore' });

  const chains = Math.ceil(ENTRIES / PER_CHAIN);
  const heads: Array<[string, number, string]> = [];
  const actorId = randomUUID();
  const t0 = Date.now();
  await copyIn(db, 'audit_entries',
    ['chain_id', 'seq', 'case_id', 'at', 'actor_id', 'actor_username', 'actor_role', 'jurisdiction_code', 'action', 'outcome', 'from_state', 'to_state', 'payload', 'prev_hash', 'hash', 'canonical'],
    function* () {
      const base = Date.parse('2026-01-01T00:00:00Z');
      for (let c = 0; c < chains; c++) {
        const caseId = randomUUID();
        const chainId = `case:${caseId}`;
        let prevHash = GENESIS_HASH;
        let seq = 0;
        for (let k = 0; k < PER_CHAIN; k++) {
          const e = seal({
            chainId, caseId, at: new Date(base + c * 1000 + k * 37), actorId, actorUsername: 'zhen.xiaolukou', actorRole: 'township_officer',
            jurisdictionCode: '370832001', action: ACTIONS[k % ACTIONS.length], outcome: 'ok', fromState: `s${k}`, toState: `s${k + 1}`,
            payload: { findings: '入户调查属实', amount: 2000 + k, note: `第${k + 1}步` },
          }, seq, prevHash);
          seq = e.seq;
          prevHash = e.hash;
          yield [e.chainId, String(e.seq), e.caseId, e.at.toISOString(), e.actorId, e.actorUsername, e.actorRole, e.jurisdictionCode, e.action, e.outcome,
            e.fromState, e.toState, JSON.stringify(e.payload), e.prevHash, e.hash, e.canonical].map(field).join('\t') + '\n';
        }
        heads.push([chainId, seq, prevHash]);
      }
    });
  await copyIn(db, 'audit_chains', ['chain_id', 'head_seq', 'head_hash'], function* () {
    for (const h of heads) yield `${h[0]}\t${h[1]}\t${h[2]}\n`;
  });
  const loadSeconds = round((Date.now() - t0) / 1000);
  line(`audit load: ${chains * PER_CHAIN} entries in ${chains} chains generated and COPYed in ${loadSeconds} s`);

  const ds = createDataSource(`${PG}/${db}`, 2);
  await ds.initialize();
  try {
    await ds.query('ANALYZE audit_entries');
    const loadBefore = load();
    const timed = async (walk: () => Promise<{ checked: number; chains: number; valid: boolean }>) => {
      const t1 = Date.now();
      const result = await walk();
      const seconds = (Date.now() - t1) / 1000;
      return { ...result, seconds: round(seconds, 2), rate: Math.round(result.checked / seconds) };
    };
    const threads = verifyThreads();
    const threaded = await timed(() => inSnapshot(ds, (sql) => verifyAllChainsInThreads(sql, `${PG}/${db}`, threads)));
    line(`audit verify (${threads} threads, one snapshot): ${threaded.checked} entries, ${threaded.chains} chains, valid=${threaded.valid} in ${threaded.seconds} s → ${threaded.rate} entries/s (target ≥ 100000; load before ${loadBefore})`);
    const single = await timed(() => inSnapshot(ds, (sql) => verifyAllChains(sql)));
    line(`audit verify (1 thread): ${single.rate} entries/s, valid=${single.valid}`);
    return {
      entries: threaded.checked, chains: threaded.chains, valid: threaded.valid && single.valid, threads, seconds: threaded.seconds,
      entriesPerSecond: threaded.rate, singleThreadEntriesPerSecond: single.rate, loadSeconds, loadBefore,
    };
  } finally {
    await ds.destroy();
    if (!process.argv.includes('--keep')) execFileSync('psql', [`${PG}/postgres`, '-qc', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`]);
  }
}

if (require.main === module) {
  runAudit().then((s) => line(JSON.stringify({ audit: s })), (e) => {
    process.stderr.write(`bench failed: ${e.message}\n`);
    process.exit(1);
  });
}
