/**
 * Encryption and keyed-hash lookup for personal information (ID numbers). One secret (PII_KEY)
 * yields two independent keys through HKDF, so the lookup index reveals nothing about the
 * encryption key and either can be rotated on its own later (the `v1` prefix names the scheme).
 *
 * Nothing here logs, and neither keys nor values appear in errors or in util.inspect output
 * (they live in private fields).
 */
import { environment } from '@app/settings';
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  KeyObject,
  randomBytes,
} from 'node:crypto';
import { normalizeIdNumber } from './id-number';

/** 32 characters is the floor for a human-made secret to carry about 128 bits of entropy or more. */
export const PII_KEY_MIN_LENGTH = 32;

// The HKDF labels are part of the stored data's format: changing them orphans every ciphertext
// and every index already in the database.
const HKDF_SALT = 'casework/pii';
const ENCRYPTION_INFO = 'casework pii encryption aes-256-gcm v1';
const INDEX_INFO = 'casework pii lookup-index hmac-sha256 v1';

const VERSION = 'v1';
const IV_BYTES = 12; // the GCM nonce length NIST SP 800-38D recommends
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export class PiiKeyError extends Error {
  override name = 'PiiKeyError';
}

export class PiiDecryptError extends Error {
  override name = 'PiiDecryptError';
  constructor() {
    super('个人信息密文无法解密：密文格式不对、已被篡改或 PII_KEY 不符');
  }
}

export class PiiCipher {
  readonly #encryptionKey: KeyObject;
  readonly #indexKey: KeyObject;

  constructor(secret: string) {
    if (typeof secret !== 'string' || secret.length < PII_KEY_MIN_LENGTH) {
      throw new PiiKeyError(
        `PII_KEY 至少需要 ${PII_KEY_MIN_LENGTH} 个字符（可用 openssl rand -base64 48 生成）`,
      );
    }
    this.#encryptionKey = deriveKey(secret, ENCRYPTION_INFO);
    this.#indexKey = deriveKey(secret, INDEX_INFO);
  }

  /** Reads PII_KEY from the environment; refuses to start without it. */
  static fromEnv(env: Record<string, string | undefined> = environment()): PiiCipher {
    const secret = env.PII_KEY;
    if (secret === undefined || secret === '') {
      throw new PiiKeyError('未设置环境变量 PII_KEY（个人信息加密密钥）');
    }
    return new PiiCipher(secret);
  }

  /** AES-256-GCM with a fresh random nonce: `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#encryptionKey, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return `${VERSION}.${iv.toString('base64url')}.${tag.toString('base64url')}.${ciphertext.toString('base64url')}`;
  }

  /** Throws PiiDecryptError when the token is malformed, altered, or made with another key. */
  decrypt(token: string): string {
    const parts = typeof token === 'string' ? token.split('.') : [];
    if (parts.length !== 4 || parts[0] !== VERSION || !parts.slice(1).every((p) => BASE64URL.test(p))) {
      throw new PiiDecryptError();
    }
    const iv = Buffer.from(parts[1], 'base64url');
    const tag = Buffer.from(parts[2], 'base64url');
    const ciphertext = Buffer.from(parts[3], 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new PiiDecryptError();
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#encryptionKey, iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new PiiDecryptError();
    }
  }

  /**
   * Deterministic HMAC-SHA256 (hex) of the normalized ID number, for equality lookups
   * (registry, repeat applicants, declared relatives) without storing the number in clear.
   */
  indexOf(idNumber: string): string {
    return createHmac('sha256', this.#indexKey).update(normalizeIdNumber(idNumber), 'utf8').digest('hex');
  }
}

function deriveKey(secret: string, info: string): KeyObject {
  return createSecretKey(Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, info, 32)));
}
