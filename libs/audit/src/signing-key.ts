/**
 * The Ed25519 key that signs audit checkpoints.
 *
 * AUDIT_SIGNING_KEY holds the private key as PKCS#8: PEM (`-----BEGIN PRIVATE KEY-----`, literal
 * `\n` accepted for one-line env files) or the base64 of the DER bytes. Generate one with
 * `openssl genpkey -algorithm ed25519` (PEM) and publish the public key (GET /api/audit/public-key)
 * somewhere the database's administrators cannot change it.
 *
 * There is no default: the api and worker refuse to start without it (`npm run demo` and the test
 * harness generate one per installation or run). The key this project once derived from a public
 * seed for development is refused too: anyone could sign a checkpoint with it.
 */
import { environment } from '@app/settings';
import { KeyObject, createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { keyIdOf } from './checkpoint-format';

export interface AuditSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
}

// The seed of the development key earlier versions derived when the variable was unset (public).
const PUBLIC_DEV_SEED_TEXT = 'casework development-only audit checkpoint signing key v1';
// PKCS#8 DER prefix of an Ed25519 private key (RFC 8410): SEQUENCE, version 0, OID 1.3.101.112, OCTET STRING(32).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export class AuditSigningKeyError extends Error {
  override name = 'AuditSigningKeyError';
}

export function loadAuditSigningKey(env: Record<string, string | undefined> = environment()): AuditSigningKey {
  const raw = env.AUDIT_SIGNING_KEY?.trim();
  if (!raw) {
    throw new AuditSigningKeyError(
      '缺少 AUDIT_SIGNING_KEY（审计检查点的 Ed25519 签名私钥，PKCS#8 PEM 或其 DER 的 base64；可用 openssl genpkey -algorithm ed25519 生成；本机演示请用 npm run demo）',
    );
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
  const loaded = fromPrivate(key);
  if (loaded.keyId === publicDevelopmentKeyId()) {
    throw new AuditSigningKeyError('AUDIT_SIGNING_KEY 是代码库中公开过的开发密钥，不能使用；请用 openssl genpkey -algorithm ed25519 生成新的密钥');
  }
  return loaded;
}

function publicDevelopmentKeyId(): string {
  const seed = createHash('sha256').update(PUBLIC_DEV_SEED_TEXT).digest();
  return fromPrivate(createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' })).keyId;
}

/** The public development key's PKCS#8 DER (base64): for the test that proves it is refused. */
export function publicDevelopmentKeyForTests(): string {
  const seed = createHash('sha256').update(PUBLIC_DEV_SEED_TEXT).digest();
  return Buffer.concat([ED25519_PKCS8_PREFIX, seed]).toString('base64');
}

function fromPrivate(privateKey: KeyObject): AuditSigningKey {
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}
