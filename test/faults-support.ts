/**
 * Helpers of the fault tests (issue 9): a free port, the consistency checks a crash must never
 * break, and a private PostgreSQL instance that a test may stop and start without disturbing the
 * machine's PostgreSQL that every other test file uses.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { verifyAllChains } from '../libs/audit/src';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Consistency {
  /** Cases without exactly one FILE audit entry (a filing written without its audit, or twice). */
  casesWithoutFileEntry: string[];
  /** Chains whose stored head does not match their last entry. */
  headMismatches: string[];
  /** Open or claimed step tasks that belong to a state the case is no longer in. */
  strayTasks: Array<{ caseId: string; caseState: string; taskState: string }>;
  /** Cases whose state has no audit entry leading into it as the last entry. */
  stateNotAudited: string[];
  chainsValid: boolean;
  firstBad: unknown;
}

/**
 * What must hold after any crash, read in one snapshot: every case has its FILE entry, every
 * chain's head is its last entry and the whole chain verifies, open tasks belong to the current
 * state, and the case's state is the one its last audited transition led to.
 */
export async function checkConsistency(ds: DataSource): Promise<Consistency> {
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const casesWithoutFileEntry = (await qr.query(
      `SELECT c.id FROM cases c WHERE (SELECT count(*) FROM audit_entries a WHERE a.case_id = c.id AND a.action = 'FILE') <> 1`,
    )).map((r: any) => r.id);
    const headMismatches = (await qr.query(
      `SELECT h.chain_id FROM audit_chains h
        LEFT JOIN LATERAL (SELECT seq, hash FROM audit_entries e WHERE e.chain_id = h.chain_id ORDER BY seq DESC LIMIT 1) last ON true
       WHERE last.seq IS DISTINCT FROM h.head_seq OR last.hash IS DISTINCT FROM h.head_hash`,
    )).map((r: any) => r.chain_id);
    const strayTasks = (await qr.query(
      `SELECT c.id AS "caseId", c.state AS "caseState", t.state AS "taskState" FROM tasks t JOIN cases c ON c.id = t.case_id
        WHERE t.status IN ('open','claimed') AND t.escalation_of IS NULL AND t.kind NOT LIKE 'escalation:%' AND t.state <> c.state`,
    ));
    const stateNotAudited = (await qr.query(
      `SELECT c.id FROM cases c
        JOIN LATERAL (SELECT to_state FROM audit_entries a WHERE a.case_id = c.id AND a.chain_id = 'case:' || c.id AND a.outcome = 'ok' AND a.to_state IS NOT NULL
                      ORDER BY a.seq DESC LIMIT 1) last ON true
       WHERE last.to_state <> c.state`,
    )).map((r: any) => r.id);
    const verified = await verifyAllChains(qr as any);
    await qr.query('COMMIT');
    return { casesWithoutFileEntry, headMismatches, strayTasks, stateNotAudited, chainsValid: verified.valid, firstBad: verified.firstBad };
  } finally {
    await qr.release();
  }
}

export const CONSISTENT: Partial<Consistency> = { casesWithoutFileEntry: [], headMismatches: [], strayTasks: [], stateNotAudited: [], chainsValid: true, firstBad: null };

const PG_BIN = '/usr/lib/postgresql/15/bin';

/**
 * A throw-away PostgreSQL cluster in a temp dir, owned by the `postgres` user (initdb refuses
 * root), trust auth, listening on 127.0.0.1:`port` only.
 */
export class PrivatePostgres {
  readonly dir: string;
  private started = false;

  constructor(readonly port: number) {
    this.dir = mkdtempSync(join(tmpdir(), 'cw-faults-pg-'));
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/casework`;
  }

  /** As root (this machine's test runs) through runuser; as any other user directly. */
  private asPostgres(cmd: string, args: string[], timeout = 60000): string {
    const [file, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, cmd), ...args]] : [join(PG_BIN, cmd), args];
    return execFileSync(file, argv, { timeout, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  init(): void {
    if (process.getuid?.() === 0) {
      const uid = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
      const gid = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
      chownSync(this.dir, Number(uid), Number(gid));
    }
    this.asPostgres('initdb', ['-D', join(this.dir, 'data'), '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync'], 120000);
    writeFileSync(join(this.dir, 'data', 'postgresql.auto.conf'), 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n');
    this.start();
    this.asPostgres('createdb', ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', 'casework']);
  }

  start(): void {
    this.asPostgres('pg_ctl', [
      '-D', join(this.dir, 'data'), '-l', join(this.dir, 'log'), '-w', '-t', '60',
      '-o', `-p ${this.port} -k /tmp -c listen_addresses=127.0.0.1`, 'start',
    ], 90000);
    this.started = true;
  }

  stop(): void {
    this.asPostgres('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', '-t', '60', 'stop'], 90000);
    this.started = false;
  }

  /** Stops the cluster if running and removes its files; never throws (afterAll). */
  destroy(): void {
    try {
      if (this.started) this.asPostgres('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop'], 60000);
    } catch {
      /* already down */
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
