/**
 * The signed checkpoint statement and the checkpoint file a reviewer downloads. Pure (node:crypto
 * only), shared by the database side and the offline verifier.
 *
 * What is signed is the canonical JSON (RFC 8785) of the body below; the signature is Ed25519 over
 * its UTF-8 bytes. The body names the Merkle root over every chain head at that instant, the number
 * of chains and of entries, and the id of the key that signed it.
 */
import { KeyObject, createHash, createPublicKey, sign, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { ChainHead, MerkleRoot } from './merkle';

export const CHECKPOINT_FORMAT = 'casework-audit-checkpoint';

export interface CheckpointBody {
  format: typeof CHECKPOINT_FORMAT;
  v: 1;
  id: number;
  createdAt: string;
  chains: number;
  entries: number;
  root: string;
  keyId: string;
}

/** The downloadable file: the signed statement, the public key, and the heads it covers. */
export interface CheckpointFile {
  format: typeof CHECKPOINT_FORMAT;
  version: 1;
  algorithm: 'Ed25519';
  body: string;
  signature: string;
  keyId: string;
  publicKey: string;
  heads: ChainHead[];
}

/** Key id: the first 16 hex digits of SHA-256 over the DER (SPKI) public key. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function canonicalBody(body: CheckpointBody): string {
  return canonicalJson(body);
}

export function signBody(body: string, privateKey: KeyObject): string {
  return sign(null, Buffer.from(body, 'utf8'), privateKey).toString('base64');
}

export function signatureValid(body: string, signature: string, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(body, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

export function parseBody(body: string): CheckpointBody | undefined {
  try {
    const b = JSON.parse(body);
    const ok = b && b.format === CHECKPOINT_FORMAT && b.v === 1 && Number.isInteger(b.id) && typeof b.createdAt === 'string'
      && Number.isInteger(b.chains) && Number.isInteger(b.entries) && /^[0-9a-f]{64}$/.test(b.root) && typeof b.keyId === 'string';
    // The body must be exactly its canonical form: nothing else was signed.
    return ok && canonicalJson(b) === body ? (b as CheckpointBody) : undefined;
  } catch {
    return undefined;
  }
}

export interface CheckpointFileCheck {
  ok: boolean;
  reason?: string;
  body?: CheckpointBody;
  keyId?: string;
}

/**
 * Checks a checkpoint file on its own: the signature with the given public key (or the one in the
 * file), the Merkle root, chain and entry counts recomputed from the listed heads.
 */
export function checkCheckpointFile(file: CheckpointFile, pinnedKey?: KeyObject): CheckpointFileCheck {
  if (!file || file.format !== CHECKPOINT_FORMAT || file.version !== 1 || !Array.isArray(file.heads)) {
    return { ok: false, reason: '不是审计检查点文件（format/version/heads 不符）' };
  }
  let key: KeyObject;
  try {
    key = pinnedKey ?? createPublicKey(file.publicKey);
  } catch {
    return { ok: false, reason: '检查点文件中的公钥无法读取' };
  }
  if (key.asymmetricKeyType !== 'ed25519') return { ok: false, reason: '公钥不是 Ed25519 公钥' };
  const keyId = keyIdOf(key);
  const body = parseBody(file.body);
  if (!body) return { ok: false, reason: '检查点声明（body）格式不符', keyId };
  if (body.keyId !== keyId) return { ok: false, reason: `检查点由密钥 ${body.keyId} 签名，与所给公钥 ${keyId} 不符`, keyId };
  if (!signatureValid(file.body, file.signature, key)) return { ok: false, reason: '检查点签名无效（声明被修改或非该密钥所签）', keyId };
  const tree = new MerkleRoot();
  try {
    for (const h of file.heads) {
      if (typeof h?.chainId !== 'string' || !Number.isInteger(h.seq) || typeof h.hash !== 'string') throw new Error('bad head');
      tree.push(h);
    }
  } catch {
    return { ok: false, reason: '检查点文件的链头列表格式不符或未按链编号排序', keyId, body };
  }
  if (tree.count !== body.chains || tree.entries !== body.entries) {
    return { ok: false, reason: `链头列表与签名声明不符：${tree.count} 条链/${tree.entries} 条记录，声明为 ${body.chains}/${body.entries}`, keyId, body };
  }
  if (tree.root() !== body.root) return { ok: false, reason: '链头列表的 Merkle 根与签名声明不符', keyId, body };
  return { ok: true, body, keyId };
}
