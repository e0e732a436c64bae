/**
 * The Ed25519 key that signs audit checkpoints.
 *
 * AUDIT_SIGNING_KEY holds the private key as PKCS#8: PEM (`-----BEGIN PRIVATE KEY-----`, literal
 * `\n` accepted for one-line env files) or the base64 of the DER bytes. Generate one with
 * `openssl genpkey -algorithm ed25519` (PEM) and publish the public key (GET /api/audit/public-key)
 * somewhere the database's administrators cannot change it.
 *
 * Production refuses to start without it. Outside production a development key is derived from a
 * fixed, public seed: every api and worker process of a demo or test run agrees on it without
 * coordination, and because the seed is public it proves nothing — a warning says so.
 */
import { KeyObject, createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { keyIdOf } from './checkpoint-format';

export interface AuditSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
  /** True when derived from the public development seed (never in production). */
  development: boolean;
}

const DEV_SEED_TEXT = 'casework development-only audit checkpoint signing key v1';
// PKCS#8 DER prefix of an Ed25519 private key (RFC 8410): SEQUENCE, version 0, OID 1.3.101.112, OCTET STRING(32).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export class AuditSigningKeyError extends Error {
  override name = 'AuditSigningKeyError';
}

export function loadAuditSigningKey(env: Record<string, string | undefined> = process.env): AuditSigningKey {
  const raw = env.AUDIT_SIGNING_KEY?.trim();
  if (!raw) {
    if (env.NODE_ENV === 'production') {
      throw new AuditSigningKeyError(
        '生产模式缺少 AUDIT_SIGNING_KEY（审计检查点的 Ed25519 签名私钥，PKCS#8 PEM 或其 DER 的 base64；可用 openssl genpkey -algorithm ed25519 生成）',
      );
    }
    const seed = createHash('sha256').update(DEV_SEED_TEXT).digest();
    return fromPrivate(createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' }), true);
  }
  let key: KeyObject;
  try {
    key = raw.includes('BEGIN')
      ? createPrivateKey(raw.replace(/\\n/g, '\n'))
      : createPrivateKey({ key: Buffer.from(raw, 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw new AuditSigningKeyError('AUDIT_SIGNING_KEY 无法解析：应为 PKCS#8 PEM 或 PKCS#8 DER 的 base64');
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new AuditSigningKeyError(`AUDIT_SIGNING_KEY 应为 Ed25519 私钥（当前为 ${key.asymmetricKeyType}）`);
  }
  return fromPrivate(key, false);
}

function fromPrivate(privateKey: KeyObject, development: boolean): AuditSigningKey {
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
    development,
  };
}
