/**
 * Issue 20 with ATTACHMENT_STORAGE=s3: a document's bytes go to an S3-compatible object store
 * (s3rver here, MinIO in docker-compose), nothing of them to attachment_bytes; they round-trip
 * byte for byte; an object overwritten or deleted in the bucket is reported by audit verify; a
 * missing object is a clear problem, an unreachable store a 503 that writes nothing; the api does
 * not start without its bucket. test/attachments.e2e-spec.ts covers the default (PostgreSQL).
 */
import { createHash, randomBytes } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import request from 'supertest';
import { createApiApp } from '../apps/api/src/create-app';
import { SystemUnderTest } from './support/system-under-test';
import { ObjectStoreUnderTest } from './support/object-store';
import { fileCase, housingFiling, stranger, waitForState } from './support/fixtures';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const png = (size: number) => Buffer.concat([PNG, randomBytes(size - PNG.length)]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('attachments in S3-compatible object storage', () => {
  const objects = new ObjectStoreUnderTest('casework-attachments');
  let sut: SystemUnderTest;
  let s3: S3Client;
  let caseId = '';

  beforeAll(async () => {
    await objects.start();
    s3 = objects.client();
    sut = new SystemUnderTest({ env: { ...objects.env(), AUDIT_CHECKPOINT_INTERVAL_MS: '3600000' } });
    await sut.start();
    const c = await fileCase(sut, 'cun.yannali', housingFiling(stranger(971)));
    caseId = c.id;
    await waitForState(sut, 'zhen.xiaolukou', caseId, 'identity_review');
  });
  afterAll(async () => {
    await sut?.stop();
    s3?.destroy();
    await objects.remove();
  });

  const upload = async (user: string, id: string, bytes: Buffer, name: string, kind = 'application') =>
    sut.http().post(`/api/cases/${id}/attachments`).set('Authorization', `Bearer ${await sut.token(user)}`)
      .field('kind', kind).attach('file', bytes, { filename: name, contentType: 'application/octet-stream' });
  const download = async (user: string, attachmentId: string) =>
    sut.http().get(`/api/attachments/${attachmentId}`).set('Authorization', `Bearer ${await sut.token(user)}`).buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  const verify = async (caseIdOrAll?: string) => (await sut.as('jijian.shi')).get(`/api/audit/verify${caseIdOrAll ? `?caseId=${caseIdOrAll}` : ''}`);
  const objectBytes = async (key: string) => {
    const res = await s3.send(new GetObjectCommand({ Bucket: objects.bucket, Key: key }));
    return Buffer.from(await res.Body!.transformToByteArray());
  };
  const row = async (id: string) => (await sut.ds.query(`SELECT storage, storage_key, sha256 FROM attachments WHERE id = $1`, [id]))[0];
  const counts = async () => (await sut.ds.query(`SELECT (SELECT count(*) FROM attachments)::int AS attachments, (SELECT count(*) FROM attachment_bytes)::int AS bytes,
      (SELECT count(*) FROM audit_entries WHERE action = 'ATTACHMENT_ADDED' AND outcome = 'ok')::int AS audited`))[0];

  const uploaded: Record<string, { id: string; bytes: Buffer; key: string }> = {};

  it('a PNG and a PDF go to the bucket (one object each, named by case and attachment), none of their bytes to PostgreSQL, and come back byte for byte', async () => {
    for (const [label, bytes, name] of [
      ['png', png(1_500_000), '入户照片.png'],
      ['pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(40_000), Buffer.from('\n%%EOF\n')]), '申请书.pdf'],
    ] as const) {
      const res = await upload('cun.yannali', caseId, bytes, name);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name, size: bytes.length, sha256: sha256(bytes) });
      const key = `attachments/${caseId}/${res.body.id}`;
      expect(await row(res.body.id)).toEqual({ storage: 's3', storage_key: key, sha256: sha256(bytes) });
      expect((await objectBytes(key)).equals(bytes)).toBe(true);
      const got = await download('zhen.xiaolukou', res.body.id);
      expect(got.status).toBe(200);
      expect(Buffer.isBuffer(got.body) && got.body.equals(bytes)).toBe(true);
      uploaded[label] = { id: res.body.id, bytes, key };
    }
    expect((await sut.ds.query(`SELECT count(*)::int AS n FROM attachment_bytes`))[0].n).toBe(0);

    const v = await verify(caseId);
    expect(v.body).toMatchObject({ valid: true, firstBad: null, attachmentsChecked: 2 });
    expect((await verify()).body).toMatchObject({ valid: true, attachmentsChecked: 2 });
    const health = await sut.http().get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', postgres: 'up', objectStore: 'up' });
  });

  it('an object overwritten in the bucket with other bytes is reported by audit verify, for the case and the whole trail', async () => {
    const { id, key } = uploaded.png;
    const other = png(1_500_000);
    await s3.send(new PutObjectCommand({ Bucket: objects.bucket, Key: key, Body: other }));
    const [{ seq }] = await sut.ds.query(
      `SELECT seq FROM audit_entries WHERE chain_id = $1 AND action = 'ATTACHMENT_ADDED' AND payload->>'attachmentId' = $2`, [`case:${caseId}`, id],
    );
    const one = (await verify(caseId)).body;
    expect(one).toMatchObject({
      valid: false, firstBadSeq: seq,
      firstBad: { chainId: `case:${caseId}`, caseId, seq, reason: expect.stringContaining('入户照片.png”的文件内容与审计链记录的 SHA-256 不符') },
    });
    expect((await verify()).body).toMatchObject({ valid: false, firstBad: { caseId, seq, reason: expect.stringContaining('SHA-256 不符') } });
    // The download is what the bucket holds now: verify is where the swap shows.
    expect((await download('cun.yannali', id)).body.equals(other)).toBe(true);
  });

  it('an api configured without the object store does not pretend: a document in the bucket answers 503, verify names it as not checkable', async () => {
    const saved = process.env.ATTACHMENT_STORAGE;
    process.env.ATTACHMENT_STORAGE = 'pg';
    const app = await createApiApp({ logger: false });
    try {
      await app.init();
      // Fastify answers once ready (listen does this; here supertest serves the server unlistened).
      await app.getHttpAdapter().getInstance().ready();
      const auth = `Bearer ${await sut.token('jijian.shi')}`;
      const got = await request(app.getHttpServer()).get(`/api/attachments/${uploaded.pdf.id}`).set('Authorization', auth);
      expect(got.status).toBe(503);
      expect(got.body.detail).toContain('未配置对象存储');
      const v = await request(app.getHttpServer()).get(`/api/audit/verify?caseId=${caseId}`).set('Authorization', auth);
      expect(v.body).toMatchObject({ valid: false, attachmentsChecked: 0, firstBad: { caseId, reason: expect.stringContaining('入户照片.png”保存在对象存储中，本服务未配置对象存储') } });
    } finally {
      await app.close();
      process.env.ATTACHMENT_STORAGE = saved;
    }
  });

  it('an object deleted from the bucket: the download is a clear problem, verify reports the content missing', async () => {
    // A case of its own, so the swap above does not come first.
    const c = await fileCase(sut, 'cun.yannali', housingFiling(stranger(972)));
    await waitForState(sut, 'cun.yannali', c.id, 'identity_review');
    const res = await upload('cun.yannali', c.id, png(2000), '证明.png');
    expect(res.status).toBe(201);
    expect((await verify(c.id)).body).toMatchObject({ valid: true, attachmentsChecked: 1 });

    await s3.send(new DeleteObjectCommand({ Bucket: objects.bucket, Key: `attachments/${c.id}/${res.body.id}` }));
    const got = await download('cun.yannali', res.body.id);
    expect(got.status).toBe(404);
    expect(got.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(got.body.toString('utf8'))).toMatchObject({ status: 404, detail: '材料的文件内容缺失，请联系系统管理员' });
    expect((await verify(c.id)).body).toMatchObject({ valid: false, firstBad: { caseId: c.id, reason: expect.stringContaining('证明.png”的文件内容缺失') } });
  });

  it('the api refuses to start when its bucket does not exist or its keys are refused, saying which', async () => {
    const startFailure = async () => {
      try {
        await (await createApiApp({ logger: false })).close();
        return null;
      } catch (err) {
        return (err as Error).message;
      }
    };
    const saved = { S3_BUCKET: process.env.S3_BUCKET, S3_ACCESS_KEY_ID: process.env.S3_ACCESS_KEY_ID };
    try {
      process.env.S3_BUCKET = 'no-such-bucket';
      expect(await startFailure()).toBe(`对象存储 ${objects.endpoint} 的桶 S3_BUCKET=no-such-bucket 不存在；请先创建该桶`);
      // s3rver knows one key id (it does not check V4 signatures, so a wrong secret is not refused here; MinIO refuses it alike, 403).
      Object.assign(process.env, { S3_BUCKET: saved.S3_BUCKET, S3_ACCESS_KEY_ID: 'NOT-A-KEY' });
      const refused = await startFailure();
      expect(refused).toMatch(/S3_BUCKET=casework-attachments 拒绝访问（S3_ACCESS_KEY_ID \/ S3_SECRET_ACCESS_KEY 无权访问）/);
      expect(refused).not.toContain('S3RVER');
    } finally {
      Object.assign(process.env, saved);
    }
  });

  it('with the object store down: an upload is a 503 problem writing nothing, health says so, and it all works again once the store is back', async () => {
    const before = await counts();
    await objects.stop();
    try {
      const res = await upload('cun.yannali', caseId, png(3000), '补充.png');
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 503, title: '服务暂不可用', detail: expect.stringContaining('材料未保存') });
      expect(await counts()).toEqual(before);
      const en = await sut.http().get(`/api/attachments/${uploaded.pdf.id}`).set('Authorization', `Bearer ${await sut.token('cun.yannali')}`).set('Accept-Language', 'en');
      expect(en.status).toBe(503);
      expect(en.body).toMatchObject({ title: 'Service unavailable', detail: expect.stringContaining('Object storage is unavailable') });
      expect((await verify(caseId)).status).toBe(503);
      const health = await sut.http().get('/api/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'degraded', postgres: 'up', objectStore: 'down' });
    } finally {
      await objects.start();
    }
    const again = await upload('cun.yannali', caseId, png(3000), '补充.png');
    expect(again.status).toBe(201);
    expect((await download('cun.yannali', uploaded.pdf.id)).body.equals(uploaded.pdf.bytes)).toBe(true);
    expect(await counts()).toEqual({ attachments: before.attachments + 1, bytes: 0, audited: before.audited + 1 });
  });
});
