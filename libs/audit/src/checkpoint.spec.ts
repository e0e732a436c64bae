import { generateKeyPairSync } from 'node:crypto';
import { CHECKPOINT_FORMAT, CheckpointFile, canonicalBody, checkCheckpointFile, keyIdOf, signBody } from './checkpoint-format';
import { ChainHead, MerkleRoot, merkleRootRecursive } from './merkle';
import { loadAuditSigningKey, publicDevelopmentKeyForTests } from './signing-key';

const heads = (n: number): ChainHead[] =>
  Array.from({ length: n }, (_, i) => ({ chainId: `case:${String(i).padStart(4, '0')}`, seq: i + 1, hash: String(i % 10).repeat(64) }));

describe('Merkle root over chain heads', () => {
  it('the streaming form equals RFC 6962 for every size from 0 to 70', () => {
    for (let n = 0; n <= 70; n++) {
      const tree = new MerkleRoot();
      for (const h of heads(n)) tree.push(h);
      expect({ n, root: tree.root() }).toEqual({ n, root: merkleRootRecursive(heads(n)) });
      expect(tree.entries).toBe((n * (n + 1)) / 2);
    }
  });

  it('any changed head changes the root; unsorted or repeated chains are refused', () => {
    const base = heads(9);
    const root = merkleRootRecursive(base);
    for (const i of [0, 4, 8]) {
      expect(merkleRootRecursive(base.map((h, k) => (k === i ? { ...h, seq: h.seq - 1 } : h)))).not.toBe(root);
      expect(merkleRootRecursive(base.filter((_, k) => k !== i))).not.toBe(root);
    }
    const tree = new MerkleRoot();
    tree.push(base[1]);
    expect(() => tree.push(base[0])).toThrow(/sorted/);
    expect(() => tree.push(base[1])).toThrow(/sorted/);
  });
});

describe('checkpoint signing key', () => {
  it('refuses to start without AUDIT_SIGNING_KEY in every mode, and refuses the once-public development key', () => {
    for (const NODE_ENV of ['production', 'test', undefined]) {
      expect(() => loadAuditSigningKey({ NODE_ENV })).toThrow(/缺少 AUDIT_SIGNING_KEY/);
    }
    expect(() => loadAuditSigningKey({ AUDIT_SIGNING_KEY: publicDevelopmentKeyForTests() })).toThrow(/公开过的开发密钥/);
  });

  it('reads PKCS#8 PEM (also with literal \\n) and base64 DER; refuses other key types', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const der = privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    for (const value of [pem, pem.replace(/\n/g, '\\n'), der]) {
      const k = loadAuditSigningKey({ NODE_ENV: 'production', AUDIT_SIGNING_KEY: value });
      expect(k).toMatchObject({ keyId: keyIdOf(publicKey) });
    }
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadAuditSigningKey({ AUDIT_SIGNING_KEY: rsa })).toThrow(/Ed25519/);
    expect(() => loadAuditSigningKey({ AUDIT_SIGNING_KEY: 'not a key' })).toThrow(/无法解析/);
  });
});

describe('checkpoint file', () => {
  const key = loadAuditSigningKey({ AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
  const make = (hs: ChainHead[]): CheckpointFile => {
    const tree = new MerkleRoot();
    for (const h of hs) tree.push(h);
    const body = canonicalBody({ format: CHECKPOINT_FORMAT, v: 1, id: 7, createdAt: '2026-11-28T00:00:00.000Z', chains: tree.count, entries: tree.entries, root: tree.root(), keyId: key.keyId });
    return { format: CHECKPOINT_FORMAT, version: 1, algorithm: 'Ed25519', body, signature: signBody(body, key.privateKey), keyId: key.keyId, publicKey: key.publicKeyPem, heads: hs };
  };

  it('accepts an untouched file; rejects a changed head, a changed statement, another key', () => {
    const file = make(heads(5));
    expect(checkCheckpointFile(file)).toMatchObject({ ok: true, keyId: key.keyId, body: { id: 7, chains: 5, entries: 15 } });
    expect(checkCheckpointFile({ ...file, heads: file.heads.map((h, i) => (i === 2 ? { ...h, hash: 'f'.repeat(64) } : h)) }).reason).toMatch(/Merkle/);
    expect(checkCheckpointFile({ ...file, heads: file.heads.slice(1) }).reason).toMatch(/不符/);
    expect(checkCheckpointFile({ ...file, body: file.body.replace('"id":7', '"id":8') }).reason).toMatch(/签名无效/);
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(checkCheckpointFile(file, other).reason).toMatch(/不符/);
    expect(checkCheckpointFile({ ...file, publicKey: other.export({ type: 'spki', format: 'pem' }).toString() }).ok).toBe(false);
  });
});
