/**
 * Issue 20, attachments, and must-show 2: a document's bytes round-trip exactly (upload, list,
 * download, same SHA-256 as the case's audit chain recorded); editing the stored bytes — the way
 * an insider with superuser rights would — is reported by audit verify, for the case and for the
 * whole trail. Also: who may add and read, what is refused (type by bytes, size, kind, field),
 * with no partial write, and the refusals on the caller's chain.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { SystemUnderTest } from './support/system-under-test';
import { fileCase, housingFiling, step, stranger, waitForState } from './support/fixtures';

// Above the store's 1 MiB read slice, so a round trip reads several slices.
const MAX = 2_500_000;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const png = (size: number) => Buffer.concat([PNG, randomBytes(size - PNG.length)]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('attachments: documents on a case', () => {
  const sut = new SystemUnderTest({ env: { ATTACHMENT_MAX_BYTES: String(MAX), AUDIT_CHECKPOINT_INTERVAL_MS: '3600000' } });
  let caseId = '';

  beforeAll(async () => {
    await sut.start();
    const c = await fileCase(sut, 'cun.yannali', housingFiling(stranger(961)));
    caseId = c.id;
    // A stranger to the registry waits for the county poverty office's identity review.
    await waitForState(sut, 'zhen.xiaolukou', caseId, 'identity_review');
  });
  afterAll(() => sut.stop());

  const upload = async (user: string, id: string, file: { bytes: Buffer; name: string; type?: string } | null, fields: Record<string, string> = {}, field = 'file') => {
    let r = sut.http().post(`/api/cases/${id}/attachments`).set('Authorization', `Bearer ${await sut.token(user)}`);
    for (const [k, v] of Object.entries(fields)) r = r.field(k, v);
    if (file) r = r.attach(field, file.bytes, { filename: file.name, contentType: file.type ?? 'application/octet-stream' });
    return r;
  };
  const download = async (user: string, attachmentId: string) =>
    sut.http().get(`/api/attachments/${attachmentId}`).set('Authorization', `Bearer ${await sut.token(user)}`).buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  const list = async (user: string, id: string) => (await sut.as(user)).get(`/api/cases/${id}/attachments`);
  const counts = async () => (await sut.ds.query(`SELECT
      (SELECT count(*) FROM attachments)::int AS attachments, (SELECT count(*) FROM attachment_bytes)::int AS bytes,
      (SELECT count(*) FROM audit_entries WHERE action = 'ATTACHMENT_ADDED' AND outcome = 'ok')::int AS audited`))[0];
  const verify = async (caseIdOrAll?: string) =>
    (await (await sut.as('jijian.shi')).get(`/api/audit/verify${caseIdOrAll ? `?caseId=${caseIdOrAll}` : ''}`)).body;

  let uploaded: { id: string; bytes: Buffer } = { id: '', bytes: Buffer.alloc(0) };

  it('the filer uploads a photo from the phone: 201, listed without bytes, downloaded byte for byte, its SHA-256 on the case chain', async () => {
    const bytes = png(2_200_000);
    const res = await upload('cun.yannali', caseId, { bytes, name: '村民代表会议记录（第1页）.png', type: 'image/png' }, { kind: 'meeting_minutes' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: '村民代表会议记录（第1页）.png', size: bytes.length, contentType: 'image/png',
      sha256: sha256(bytes), kind: 'meeting_minutes',
    });
    uploaded = { id: res.body.id, bytes };

    const listed = await list('zhen.xiaolukou', caseId);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([{
      id: res.body.id, name: '村民代表会议记录（第1页）.png', size: bytes.length, contentType: 'image/png', sha256: sha256(bytes),
      kind: 'meeting_minutes', kindTitle: { zh: '会议记录', en: 'Meeting minutes' },
      uploadedBy: { username: 'cun.yannali', displayName: '闫那里村 经办员' }, uploadedAt: expect.any(String),
    }]);
    expect(listed.body.kinds.map((k: any) => k.title.zh)).toEqual(['申请材料', '会议记录', '鉴定报告', '身份证明', '其他']);

    const got = await download('zhen.xiaolukou', res.body.id);
    expect(got.status).toBe(200);
    expect(Buffer.isBuffer(got.body) && got.body.equals(bytes)).toBe(true);
    expect(sha256(got.body)).toBe(res.body.sha256);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="__________1__.png"; filename*=UTF-8''${encodeURIComponent('村民代表会议记录（第1页）.png')}`,
    );

    // The case chain holds the upload (state unchanged); the read is on the reader's own chain.
    const history = (await (await sut.as('cun.yannali')).get(`/api/cases/${caseId}/history`)).body.items;
    const added = history.filter((e: any) => e.action === 'ATTACHMENT_ADDED');
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      fromState: 'identity_review', toState: 'identity_review', actor: { username: 'cun.yannali' },
      payload: { attachmentId: res.body.id, name: res.body.name, size: bytes.length, kind: 'meeting_minutes', sha256: sha256(bytes) },
    });
    const reads = await sut.ds.query(
      `SELECT e.chain_id, e.payload FROM audit_entries e JOIN users u ON u.id = e.actor_id WHERE u.username = 'zhen.xiaolukou' AND e.action = 'ATTACHMENT_READ'`,
    );
    expect(reads).toEqual([{ chain_id: expect.stringMatching(/^actor:/), payload: { attachmentId: res.body.id, name: res.body.name, sha256: sha256(bytes) } }]);

    const v = await verify(caseId);
    expect(v).toMatchObject({ valid: true, firstBad: null, attachmentsChecked: 1 });
  });

  it('PDF and OFD by their bytes; the kind defaults to 其他; a path, control and bidi characters leave the name; a full ID number in it is masked', async () => {
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
    const a = await upload('cun.yannali', caseId, { bytes: pdf, name: 'C:\\扫描\\申请书\u202Efdp.pdf', type: 'text/plain' });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ name: '申请书fdp.pdf', contentType: 'application/pdf', kind: 'other' });
    const id = stranger(962);
    const ofd = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(500)]);
    const b = await upload('cun.yannali', caseId, { bytes: ofd, name: `身份证${id}.ofd` }, { kind: 'identity_proof' });
    expect(b.status).toBe(201);
    expect(b.body).toMatchObject({ contentType: 'application/ofd', kind: 'identity_proof' });
    expect(b.body.name).not.toContain(id);
    expect(b.body.name).toMatch(/^身份证\d{6}\*+\w{4}\.ofd$/);
    const got = await download('cun.yannali', a.body.id);
    expect(got.body.equals(pdf)).toBe(true);
  });

  it('refuses, naming the field and writing nothing: a script dressed as a PDF (415), no file, an unknown kind or field, a second file, too large (413)', async () => {
    const before = await counts();
    const html = await upload('cun.yannali', caseId, { bytes: Buffer.from('<html><script>alert(1)</script></html>'), name: 'report.pdf', type: 'application/pdf' });
    expect(html.status).toBe(415);
    expect(html.headers['content-type']).toContain('application/problem+json');
    expect(html.body.errors).toEqual([{ field: 'file', message: expect.stringContaining('PDF') }]);

    const none = await upload('cun.yannali', caseId, null, { kind: 'other' });
    expect(none.status).toBe(400);
    expect(none.body.errors.map((e: any) => e.field)).toEqual(['file']);

    const kind = await upload('cun.yannali', caseId, { bytes: png(100), name: 'a.png' }, { kind: 'passport' });
    expect(kind.status).toBe(400);
    expect(kind.body.errors.map((e: any) => e.field)).toEqual(['kind']);

    const extra = await upload('cun.yannali', caseId, { bytes: png(100), name: 'a.png' }, { note: 'x' });
    expect(extra.status).toBe(400);
    expect(extra.body.errors.map((e: any) => e.field)).toEqual(['note']);

    const wrongField = await upload('cun.yannali', caseId, { bytes: png(100), name: 'a.png' }, {}, 'upload');
    expect(wrongField.status).toBe(400);
    expect(wrongField.headers['content-type']).toContain('application/problem+json');
    expect(wrongField.body.errors.map((e: any) => e.field)).toEqual(['file']);

    const twoFiles = await sut.http().post(`/api/cases/${caseId}/attachments`).set('Authorization', `Bearer ${await sut.token('cun.yannali')}`)
      .attach('file', png(100), 'a.png').attach('file', png(100), 'b.png');
    expect(twoFiles.status).toBe(400);
    expect(twoFiles.body.errors.map((e: any) => e.field)).toEqual(['file']);

    const big = await upload('cun.yannali', caseId, { bytes: png(MAX + 1), name: 'big.png', type: 'image/png' });
    expect(big.status).toBe(413);
    expect(big.headers['content-type']).toContain('application/problem+json');
    expect(big.body.errors).toEqual([{ field: 'file', message: expect.stringContaining('ATTACHMENT_MAX_BYTES') }]);
    const exactly = await upload('cun.yannali', caseId, { bytes: png(MAX), name: 'max.png', type: 'image/png' });
    expect(exactly.status).toBe(201);

    // Only the upload at the limit was written, with its entry.
    expect(await counts()).toEqual({ attachments: before.attachments + 1, bytes: before.bytes + 1, audited: before.audited + 1 });
  });

  it('authorized like the case: 404 outside the jurisdiction or for no case; a reviewer reads but may not add; one not acting on the case may not add', async () => {
    const before = await counts();
    for (const [path, id] of [['random case', randomUUID()], ['not a uuid', 'abc']] as const) {
      const res = await upload('cun.yannali', id, { bytes: png(100), name: 'a.png' });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect((await list('cun.yannali', id)).status).toBe(404);
    }
    // Another village's clerk sees nothing of this case.
    expect((await upload('cun.leikou', caseId, { bytes: png(100), name: 'a.png' })).status).toBe(404);
    expect((await list('cun.leikou', caseId)).status).toBe(404);
    expect((await download('cun.leikou', uploaded.id)).status).toBe(404);
    expect((await download('cun.yannali', randomUUID())).status).toBe(404);

    // The city's discipline reviewer lists and downloads, is never offered the upload, and is refused it.
    const seen = await list('jijian.shi', caseId);
    expect(seen.status).toBe(200);
    expect(seen.body.canUpload).toBe(false);
    expect((await download('jijian.shi', uploaded.id)).body.equals(uploaded.bytes)).toBe(true);
    const reviewer = await upload('jijian.shi', caseId, { bytes: png(100), name: 'a.png' });
    expect(reviewer.status).toBe(403);

    // The township officer sees the case but has nothing to do on it during the county's identity review.
    expect((await list('zhen.xiaolukou', caseId)).body.canUpload).toBe(false);
    const township = await upload('zhen.xiaolukou', caseId, { bytes: png(100), name: 'a.png' });
    expect(township.status).toBe(403);
    expect(township.body.detail).toMatch(/可以添加材料/);
    const refused = await sut.ds.query(
      `SELECT e.chain_id, e.payload FROM audit_entries e JOIN users u ON u.id = e.actor_id
       WHERE u.username = 'zhen.xiaolukou' AND e.action = 'ATTACHMENT_ADDED' AND e.outcome = 'refused'`,
    );
    expect(refused).toEqual([{ chain_id: expect.stringMatching(/^actor:/), payload: expect.objectContaining({ status: 403 }) }]);
    // …while the filer and the poverty office doing the review may.
    expect((await list('cun.yannali', caseId)).body.canUpload).toBe(true);
    expect((await list('xian.liangshan.fupin', caseId)).body.canUpload).toBe(true);
    const office = await upload('xian.liangshan.fupin', caseId, { bytes: Buffer.from('%PDF-1.4 核实报告'), name: '入户核实.pdf' }, { kind: 'application' });
    expect(office.status).toBe(201);
    expect(await counts()).toEqual({ attachments: before.attachments + 1, bytes: before.bytes + 1, audited: before.audited + 1 });
  });

  it('a closed case keeps its documents readable and takes no more (422, recorded)', async () => {
    const c = await fileCase(sut, 'cun.yannali', housingFiling(stranger(965)));
    await waitForState(sut, 'cun.yannali', c.id, 'identity_review');
    const before = await upload('cun.yannali', c.id, { bytes: png(500), name: '申请书.png' }, { kind: 'application' });
    expect(before.status).toBe(201);
    expect((await step(sut, 'cun.yannali', c.id, 'WITHDRAW', { reason: '申请人已外出务工，暂不申请' })).state).toBe('withdrawn');
    expect((await list('cun.yannali', c.id)).body).toMatchObject({ canUpload: false, items: [{ id: before.body.id }] });
    expect((await download('cun.yannali', before.body.id)).status).toBe(200);
    const after = await upload('cun.yannali', c.id, { bytes: png(500), name: '补充.png' });
    expect(after.status).toBe(422);
    expect(after.body.detail).toMatch(/已办结/);
    const refused = await sut.ds.query(`SELECT payload FROM audit_entries WHERE case_id = $1 AND action = 'ATTACHMENT_ADDED' AND outcome = 'refused'`, [c.id]);
    expect(refused).toEqual([{ payload: expect.objectContaining({ status: 422 }) }]);
  });

  it('editing the stored bytes in the database is detected by audit verify, for the case and for the whole trail', async () => {
    expect((await verify(caseId)).valid).toBe(true);
    expect(await verify()).toMatchObject({ valid: true, firstBad: null });

    // An insider with superuser rights, past the append-only triggers, swaps one byte of the photo.
    const c = new Client({ connectionString: sut.db.url });
    await c.connect();
    try {
      await c.query(`SET session_replication_role = replica`);
      const changed = await c.query(
        `UPDATE attachment_bytes SET bytes = overlay(bytes placing '\\x00'::bytea from 5000 for 1) WHERE attachment_id = $1`, [uploaded.id],
      );
      expect(changed.rowCount).toBe(1);
    } finally {
      await c.end();
    }
    // Without the superuser's switch, the table refuses the edit.
    await expect(sut.ds.query(`UPDATE attachment_bytes SET bytes = '\\x00'::bytea WHERE attachment_id = $1`, [uploaded.id])).rejects.toThrow(/append-only/);

    const [{ seq }] = await sut.ds.query(
      `SELECT seq FROM audit_entries WHERE chain_id = $1 AND action = 'ATTACHMENT_ADDED' AND payload->>'attachmentId' = $2`, [`case:${caseId}`, uploaded.id],
    );
    const one = await verify(caseId);
    expect(one).toMatchObject({ valid: false, firstBadSeq: seq, firstBad: { chainId: `case:${caseId}`, caseId, seq, reason: expect.stringContaining('文件内容与审计链记录的 SHA-256 不符') } });
    const all = await verify();
    expect(all).toMatchObject({ valid: false, firstBad: { caseId, seq, reason: expect.stringContaining('村民代表会议记录') } });
    // The download is still what is stored (the changed bytes): verify is where the swap shows.
    const got = await download('cun.yannali', uploaded.id);
    expect(got.body.equals(uploaded.bytes)).toBe(false);
  });

  it('a document removed with its bytes, or its recorded hash rewritten to match swapped bytes, is reported too', async () => {
    const other = async (n: number) => {
      const c = await fileCase(sut, 'cun.yannali', housingFiling(stranger(n)));
      const res = await upload('cun.yannali', c.id, { bytes: png(1000), name: `证明${n}.png` }, { kind: 'application' });
      expect(res.status).toBe(201);
      expect((await verify(c.id)).valid).toBe(true);
      return { caseId: c.id as string, id: res.body.id as string };
    };
    const removed = await other(963);
    const rewritten = await other(964);
    const c = new Client({ connectionString: sut.db.url });
    await c.connect();
    try {
      await c.query(`SET session_replication_role = replica`);
      await c.query(`DELETE FROM attachment_bytes WHERE attachment_id = $1`, [removed.id]);
      await c.query(`DELETE FROM attachments WHERE id = $1`, [removed.id]);
      const swapped = png(1000);
      await c.query(`UPDATE attachment_bytes SET bytes = $2 WHERE attachment_id = $1`, [rewritten.id, swapped]);
      await c.query(`UPDATE attachments SET sha256 = $2 WHERE id = $1`, [rewritten.id, sha256(swapped)]);
    } finally {
      await c.end();
    }
    expect((await verify(removed.caseId)).firstBad).toMatchObject({ caseId: removed.caseId, reason: expect.stringContaining('已不存在（被删除）') });
    expect((await verify(rewritten.caseId)).firstBad).toMatchObject({ caseId: rewritten.caseId, reason: expect.stringContaining('登记哈希与审计链记录不符') });
  });
});
