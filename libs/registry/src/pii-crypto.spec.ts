import { createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { PiiCipher, PiiDecryptError, PiiKeyError } from './pii-crypto';

const SECRET = 'test-secret-for-unit-tests-0123456789';
const OTHER_SECRET = 'another-secret-for-unit-tests-987654';
const ID = '11010519491231002X';
const TOKEN_SHAPE = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/;

const cipher = new PiiCipher(SECRET);

/** Flips one bit of one byte in one base64url part of a token. */
function flipBit(token: string, part: number, byte: number, bit: number): string {
  const parts = token.split('.');
  const bytes = Buffer.from(parts[part], 'base64url');
  bytes[byte % bytes.length] ^= 1 << bit;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('PiiCipher construction', () => {
  it.each([undefined, '', 'x'.repeat(31)])('refuses a secret shorter than 32 characters (%p)', (secret) => {
    expect(() => new PiiCipher(secret as string)).toThrow(PiiKeyError);
    expect(() => new PiiCipher(secret as string)).toThrow('PII_KEY 至少需要 32 个字符');
  });

  it('does not repeat the rejected secret in the error', () => {
    const weak = 'my-weak-secret-value';
    expect(() => new PiiCipher(weak)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(weak) }));
  });

  it('accepts exactly 32 characters', () => {
    expect(() => new PiiCipher('k'.repeat(32))).not.toThrow();
  });

  it('reads PII_KEY from the environment and refuses to start without it', () => {
    expect(PiiCipher.fromEnv({ PII_KEY: SECRET }).indexOf(ID)).toBe(cipher.indexOf(ID));
    expect(() => PiiCipher.fromEnv({})).toThrow('未设置环境变量 PII_KEY');
    expect(() => PiiCipher.fromEnv({ PII_KEY: 'short' })).toThrow(PiiKeyError);
  });

  it('shows neither the secret nor derived keys when inspected or serialized', () => {
    expect(inspect(cipher, { showHidden: true, depth: 5 })).not.toContain(SECRET);
    expect(inspect(cipher, { showHidden: true, depth: 5 })).not.toMatch(/Buffer|KeyObject/);
    expect(JSON.stringify(cipher)).toBe('{}');
  });
});

describe('encrypt / decrypt', () => {
  it('round-trips ID numbers, Chinese text and the empty string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(cipher.decrypt(cipher.encrypt(text))).toBe(text);
      }),
    );
    for (const text of [ID, '张三 闫那里村', '']) expect(cipher.decrypt(cipher.encrypt(text))).toBe(text);
  });

  it('produces v1.<iv>.<tag>.<ciphertext> with a 12-byte IV and 16-byte tag, and no plaintext', () => {
    const token = cipher.encrypt(ID);
    expect(token).toMatch(TOKEN_SHAPE);
    expect(token).not.toContain(ID);
    expect(Buffer.from(token.split('.')[3], 'base64url')).toHaveLength(ID.length);
  });

  it('uses a fresh IV each time, so equal values give unequal ciphertexts', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => cipher.encrypt(ID)));
    expect(tokens.size).toBe(50);
    expect(new Set([...tokens].map((t) => t.split('.')[1])).size).toBe(50);
  });

  it('detects any flipped bit in the IV, the tag or the ciphertext', () => {
    const token = cipher.encrypt(ID);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.nat(), fc.integer({ min: 0, max: 7 }), (part, byte, bit) => {
        expect(() => cipher.decrypt(flipBit(token, part, byte, bit))).toThrow(PiiDecryptError);
      }),
    );
  });

  it.each([
    ['another version', (t: string) => t.replace(/^v1\./, 'v2.')],
    ['a missing part', (t: string) => t.split('.').slice(0, 3).join('.')],
    ['an extra part', (t: string) => `${t}.AAAA`],
    ['a truncated tag', (t: string) => t.split('.').map((p, i) => (i === 2 ? p.slice(0, 20) : p)).join('.')],
    ['characters outside base64url', (t: string) => `${t.slice(0, -2)}!${t.slice(-2)}`],
    ['a dropped ciphertext byte', (t: string) => t.slice(0, -2)],
    ['swapped parts', (t: string) => { const [v, iv, tag, ct] = t.split('.'); return [v, tag, iv, ct].join('.'); }],
  ])('rejects a token with %s', (_label, tamper) => {
    expect(() => cipher.decrypt(tamper(cipher.encrypt(ID)))).toThrow(PiiDecryptError);
  });

  it('rejects non-tokens without echoing them', () => {
    for (const junk of ['', ID, 'v1...', 'not a token']) {
      expect(() => cipher.decrypt(junk)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(ID) }));
      expect(() => cipher.decrypt(junk)).toThrow(PiiDecryptError);
    }
  });

  it('cannot decrypt what another secret encrypted', () => {
    expect(() => new PiiCipher(OTHER_SECRET).decrypt(cipher.encrypt(ID))).toThrow(PiiDecryptError);
  });
});

describe('indexOf', () => {
  it('is deterministic, 64 hex characters, and distinguishes numbers', () => {
    const index = cipher.indexOf(ID);
    expect(index).toMatch(/^[0-9a-f]{64}$/);
    expect(new PiiCipher(SECRET).indexOf(ID)).toBe(index);
    expect(cipher.indexOf('440524188001010014')).not.toBe(index);
  });

  it('indexes the normalized number, so a lowercase x or stray spaces still find the person', () => {
    expect(cipher.indexOf('11010519491231002x')).toBe(cipher.indexOf(ID));
    expect(cipher.indexOf(` ${ID} `)).toBe(cipher.indexOf(ID));
  });

  it('differs between secrets', () => {
    expect(new PiiCipher(OTHER_SECRET).indexOf(ID)).not.toBe(cipher.indexOf(ID));
  });

  it('stays stable across releases (stored indexes must keep matching)', () => {
    expect(cipher.indexOf(ID)).toBe('01be55fdf00c837455b74e8ab70421a394c7af61f4129505141271c30c1a622d');
  });
});

describe('key separation', () => {
  const derive = (info: string) =>
    Buffer.from(hkdfSync('sha256', SECRET, 'casework/pii', info, 32));
  const encryptionKey = derive('casework pii encryption aes-256-gcm v1');
  const indexKey = derive('casework pii lookup-index hmac-sha256 v1');
  const hmac = (key: Buffer | string) => createHmac('sha256', key).update(ID).digest('hex');

  it('derives two different keys from one secret', () => {
    expect(encryptionKey.equals(indexKey)).toBe(false);
  });

  it('keys the index with the index key only: not the secret, not the encryption key', () => {
    expect(cipher.indexOf(ID)).toBe(hmac(indexKey));
    expect(cipher.indexOf(ID)).not.toBe(hmac(encryptionKey));
    expect(cipher.indexOf(ID)).not.toBe(hmac(SECRET));
  });

  it('encrypts with the encryption key (a token decrypts with it outside the class)', () => {
    const [, iv, tag, ct] = cipher.encrypt(ID).split('.').map((p) => Buffer.from(p, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', encryptionKey, iv);
    decipher.setAuthTag(tag);
    expect(Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8')).toBe(ID);
    const wrong = createDecipheriv('aes-256-gcm', indexKey, iv);
    wrong.setAuthTag(tag);
    wrong.update(ct);
    expect(() => wrong.final()).toThrow();
  });
});
