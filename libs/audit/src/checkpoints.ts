/**
 * Signed checkpoints in the database (ARCHITECTURE.md §2 invariant 5).
 *
 * The hash chains alone catch an edited entry and a removed middle entry, but not a removed last
 * entry when the chain head was rolled back with it, nor a chain removed whole (a deleted case).
 * A checkpoint pins every chain head — (chain, seq, hash) — under one Merkle root signed with
 * Ed25519. Later, each pinned chain must still exist, reach at least the pinned seq, and hold the
 * pinned hash at that seq; anything less is reported with the chain and the first missing seq.
 */
import { textSetting } from '@app/settings';
import type { KeyObject } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Sql } from '@app/db';
import { ChainBreak, VerifyResult, verifyChain } from './audit-verify';
import { verifyAllChainsInThreads } from './audit-verify-parallel';
import { AttachmentCheck, ObjectDigests, checkAttachments } from './attachment-check';
import {
  CHECKPOINT_FORMAT, CheckpointBody, CheckpointFile, canonicalBody, parseBody, signBody, signatureValid,
} from './checkpoint-format';
import { ChainHead, MerkleRoot } from './merkle';

/** The signed figures of a checkpoint, as its body states them. */
type CheckpointFigures = Pick<CheckpointBody, 'id' | 'createdAt' | 'chains' | 'entries' | 'root' | 'keyId'>;

export interface StoredCheckpoint extends CheckpointFigures {
  body: string;
  signature: string;
  publicKey: string;
}

export interface CheckpointReport extends CheckpointFigures {
  /** The stored statement is signed by the configured key and says what its row says. */
  signatureValid: boolean;
  /** The stored heads hash to the signed root with the signed counts (whole-trail checks only). */
  headsValid: boolean | null;
  /** The first pinned chain that no longer holds what the checkpoint pinned. */
  problem: ChainBreak | null;
}

export interface VerifyWithCheckpoint extends VerifyResult {
  checkpoint: CheckpointReport | null;
  /** Attachments whose stored bytes were re-hashed against their chain's record. */
  attachmentsChecked: number;
}

/** What the verifier needs of the signing key: only its public half. */
export interface VerifyingKey {
  publicKey: KeyObject;
  keyId: string;
}

const caseIdOf = (chainId: string) => (chainId.startsWith('case:') ? chainId.slice(5) : null);

function rowToCheckpoint(r: any): StoredCheckpoint {
  return {
    id: Number(r.id), createdAt: new Date(r.created_at).toISOString(), chains: r.chain_count, entries: Number(r.entry_count),
    root: r.merkle_root, keyId: r.key_id, body: r.body, signature: r.signature, publicKey: r.public_key,
  };
}

export async function latestCheckpoint(sql: Sql): Promise<StoredCheckpoint | undefined> {
  const [r] = await sql.query(`SELECT * FROM audit_checkpoints ORDER BY id DESC LIMIT 1`);
  return r ? rowToCheckpoint(r) : undefined;
}

/** Heads of checkpoint `id` in chain-id byte order, a page at a time. */
export async function forEachCheckpointHead(sql: Sql, id: number, visit: (h: ChainHead) => void, pageSize = 5000): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await sql.query(
      `SELECT DISTINCT ON (chain_id) chain_id, seq, hash FROM audit_checkpoint_heads
       WHERE checkpoint_id <= $1 AND chain_id > $2 ORDER BY chain_id, checkpoint_id DESC LIMIT $3`,
      [id, after, pageSize],
    );
    for (const r of rows) visit({ chainId: r.chain_id, seq: r.seq, hash: r.hash });
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1].chain_id;
  }
}

/** Current chain heads in chain-id byte order, a page at a time. */
export async function forEachChainHead(sql: Sql, visit: (h: ChainHead) => void, pageSize = 5000): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await sql.query(
      `SELECT chain_id, head_seq, head_hash FROM audit_chains WHERE chain_id COLLATE "C" > $1
       ORDER BY chain_id COLLATE "C" LIMIT $2`,
      [after, pageSize],
    );
    for (const r of rows) visit({ chainId: r.chain_id, seq: r.head_seq, hash: r.head_hash });
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1].chain_id;
  }
}

/** The first pinned chain (in byte order) that lost what checkpoint `id` pinned, or null. */
export async function firstCheckpointProblem(sql: Sql, id: number, onlyChain?: string): Promise<ChainBreak | null> {
  const params: unknown[] = [id];
  if (onlyChain) params.push(onlyChain);
  const [r] = await sql.query(
    `WITH cp AS (
       SELECT DISTINCT ON (chain_id) chain_id, seq, hash FROM audit_checkpoint_heads
       WHERE checkpoint_id <= $1 ${onlyChain ? 'AND chain_id = $2' : ''} ORDER BY chain_id, checkpoint_id DESC)
     SELECT cp.chain_id, cp.seq, cp.hash, a.head_seq, (a.chain_id IS NOT NULL) AS has_head, e.hash AS entry_hash,
       (e.chain_id IS NOT NULL) AS has_entry,
       EXISTS (SELECT 1 FROM audit_entries x WHERE x.chain_id = (cp.chain_id COLLATE "default")) AS any_entry
     FROM cp
     LEFT JOIN audit_chains a ON a.chain_id = (cp.chain_id COLLATE "default")
     LEFT JOIN audit_entries e ON e.chain_id = (cp.chain_id COLLATE "default") AND e.seq = cp.seq
     WHERE a.chain_id IS NULL OR a.head_seq < cp.seq OR e.chain_id IS NULL OR e.hash <> cp.hash
     ORDER BY cp.chain_id LIMIT 1`,
    params,
  );
  if (!r) return null;
  const at = (seq: number, reason: string): ChainBreak => ({ chainId: r.chain_id, caseId: caseIdOf(r.chain_id), seq, reason });
  if (!r.has_head && !r.any_entry) {
    return at(1, `检查点 #${id} 记录的整条链已不存在（应至少有 ${r.seq} 条，案件或人员的审计记录被整体删除）`);
  }
  if (r.has_head && r.head_seq < r.seq) {
    return at(r.head_seq + 1, `检查点 #${id} 记录该链至第 ${r.seq} 条，现链头仅到第 ${r.head_seq} 条（链尾条目被删除）`);
  }
  if (!r.has_entry) return at(r.seq, `检查点 #${id} 记录的第 ${r.seq} 条已不存在`);
  if (r.entry_hash !== r.hash) return at(r.seq, `第 ${r.seq} 条的哈希与检查点 #${id} 不符（链被改写）`);
  return at(r.seq, `检查点 #${id} 记录的链头缺失`);
}

/** Checks the latest checkpoint against the database: its signature, its heads, the chains it pinned. */
export async function checkLatestCheckpoint(sql: Sql, key: VerifyingKey, onlyChain?: string): Promise<CheckpointReport | null> {
  const cp = await latestCheckpoint(sql);
  if (!cp) return null;
  const body = parseBody(cp.body);
  const says = !!body && body.id === cp.id && body.root === cp.root && body.chains === cp.chains && body.entries === cp.entries && body.keyId === cp.keyId;
  const signed = cp.keyId === key.keyId && signatureValid(cp.body, cp.signature, key.publicKey);
  let headsValid: boolean | null = null;
  if (!onlyChain) {
    const tree = new MerkleRoot();
    await forEachCheckpointHead(sql, cp.id, (h) => tree.push(h));
    headsValid = tree.root() === cp.root && tree.count === cp.chains && tree.entries === cp.entries;
  }
  return {
    id: cp.id, createdAt: cp.createdAt, chains: cp.chains, entries: cp.entries, root: cp.root, keyId: cp.keyId,
    signatureValid: says && signed, headsValid, problem: await firstCheckpointProblem(sql, cp.id, onlyChain),
  };
}

/** A consistent, read-only view of the whole trail for the length of one verification or export. */
export function inSnapshot<T>(ds: DataSource, work: (sql: Sql) => Promise<T>): Promise<T> {
  return ds.transaction('REPEATABLE READ', async (m) => {
    await m.query('SET TRANSACTION READ ONLY');
    return work(m);
  });
}

function combine(chains: VerifyResult, cp: CheckpointReport | null, attachments: AttachmentCheck): VerifyWithCheckpoint {
  let firstBad = chains.firstBad ?? attachments.problem ?? cp?.problem ?? null;
  if (!firstBad && cp && !cp.signatureValid) {
    firstBad = { chainId: `checkpoint:${cp.id}`, caseId: null, seq: 0, reason: `检查点 #${cp.id} 的签名无效或与当前公钥（keyId）不符` };
  }
  if (!firstBad && cp && cp.headsValid === false) {
    firstBad = { chainId: `checkpoint:${cp.id}`, caseId: null, seq: 0, reason: `检查点 #${cp.id} 保存的链头与其签名的 Merkle 根不符` };
  }
  return { ...chains, valid: !firstBad, firstBad, firstBadSeq: firstBad?.seq ?? null, checkpoint: cp, attachmentsChecked: attachments.checked };
}

/**
 * Every chain (walked in threads that share the snapshot), every attachment's bytes, then the
 * latest checkpoint, in one snapshot. `objects`: the object store, when attachments are kept in one.
 */
export function verifyTrail(ds: DataSource, key: VerifyingKey, objects?: ObjectDigests): Promise<VerifyWithCheckpoint> {
  const url = (ds.options as { url?: string }).url ?? textSetting('DATABASE_URL')!;
  return inSnapshot(ds, async (sql) =>
    combine(await verifyAllChainsInThreads(sql, url), await checkLatestCheckpoint(sql, key), await checkAttachments(sql, null, objects)));
}

/** One chain, its case's attachments, and what the latest checkpoint pinned of it, in one snapshot. */
export function verifyOneChain(ds: DataSource, key: VerifyingKey, chainId: string, objects?: ObjectDigests): Promise<VerifyWithCheckpoint> {
  const caseId = caseIdOf(chainId);
  return inSnapshot(ds, async (sql) =>
    combine(
      await verifyChain(sql, chainId), await checkLatestCheckpoint(sql, key, chainId),
      caseId ? await checkAttachments(sql, caseId, objects) : { checked: 0, problem: null },
    ));
}

export type CheckpointOutcome =
  | { written: StoredCheckpoint }
  | { written: null; reason: 'busy' | 'unchanged' }
  | { written: null; reason: 'inconsistent'; problem: ChainBreak };

/**
 * Writes a checkpoint over every chain head. Several workers may run this: an advisory lock lets
 * one through. A trail that no longer holds what the previous checkpoint pinned is not blessed by a
 * new one: the job refuses and says where.
 */
export async function writeCheckpoint(ds: DataSource, key: VerifyingKey & { privateKey: KeyObject; publicKeyPem: string }, now = new Date()): Promise<CheckpointOutcome> {
  return ds.transaction('REPEATABLE READ', async (m): Promise<CheckpointOutcome> => {
    const [{ locked }] = await m.query(`SELECT pg_try_advisory_xact_lock(hashtext('audit_checkpoints')) AS locked`);
    if (!locked) return { written: null, reason: 'busy' };
    const prev = await latestCheckpoint(m);
    if (prev) {
      const problem = await firstCheckpointProblem(m, prev.id);
      if (problem) return { written: null, reason: 'inconsistent', problem };
    }
    const tree = new MerkleRoot();
    await forEachChainHead(m, (h) => tree.push(h));
    const root = tree.root();
    if (prev && prev.root === root && prev.keyId === key.keyId) return { written: null, reason: 'unchanged' };
    const [{ id }] = await m.query(`SELECT nextval('audit_checkpoints_id_seq') AS id`);
    const body: CheckpointBody = {
      format: CHECKPOINT_FORMAT, v: 1, id: Number(id), createdAt: now.toISOString(), chains: tree.count, entries: tree.entries, root, keyId: key.keyId,
    };
    const text = canonicalBody(body);
    const signature = signBody(text, key.privateKey);
    const [row] = await m.query(
      `INSERT INTO audit_checkpoints (id, created_at, chain_count, entry_count, merkle_root, key_id, body, signature, public_key)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING *`,
      [body.id, now, body.chains, body.entries, root, key.keyId, text, signature, key.publicKeyPem],
    );
    // Only heads that moved since the previous checkpoint are stored (see the migration).
    await m.query(
      `INSERT INTO audit_checkpoint_heads (checkpoint_id, chain_id, seq, hash)
       SELECT $1, a.chain_id, a.head_seq, a.head_hash FROM audit_chains a
       LEFT JOIN (SELECT DISTINCT ON (chain_id) chain_id, seq, hash FROM audit_checkpoint_heads
                  WHERE checkpoint_id <= $2 ORDER BY chain_id, checkpoint_id DESC) p ON p.chain_id = (a.chain_id COLLATE "C")
       WHERE p.chain_id IS NULL OR p.seq <> a.head_seq OR p.hash <> a.head_hash`,
      [body.id, prev?.id ?? 0],
    );
    return { written: rowToCheckpoint(row) };
  });
}

/** The downloadable checkpoint file (signed statement, public key, every head it covers). */
export async function checkpointFile(sql: Sql, cp: StoredCheckpoint): Promise<CheckpointFile> {
  const heads: ChainHead[] = [];
  await forEachCheckpointHead(sql, cp.id, (h) => heads.push(h));
  return {
    format: CHECKPOINT_FORMAT, version: 1, algorithm: 'Ed25519', body: cp.body, signature: cp.signature, keyId: cp.keyId,
    publicKey: cp.publicKey, heads,
  };
}
