import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SETTINGS, SettingsError, validateSettings } from '@app/settings';
import { checkConfiguration, loadSettings } from '../settings';
import { generateSecrets } from '../secrets';
import { DEFAULT_ATTACHMENT_MAX_BYTES } from './attachment-settings';
import { PgAttachmentStore, attachmentStoreFor } from './attachment-store';
import { S3AttachmentStore } from './s3-attachment-store';
import { MAX_NAME_LENGTH, contentDisposition, sanitizeFileName, sniffContentType } from './file-checks';

describe('attachments: what a file is, its name, the settings', () => {
  const bytes = (...b: number[]) => Buffer.from([...b, 0x00, 0x01, 0x02]);

  it('tells PDF, JPEG, PNG and OFD by their leading bytes, nothing else', () => {
    expect(sniffContentType(Buffer.from('%PDF-1.7\n'))?.contentType).toBe('application/pdf');
    expect(sniffContentType(bytes(0xff, 0xd8, 0xff, 0xe0))?.contentType).toBe('image/jpeg');
    expect(sniffContentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))?.contentType).toBe('image/png');
    expect(sniffContentType(bytes(0x50, 0x4b, 0x03, 0x04))?.contentType).toBe('application/ofd');
    expect(sniffContentType(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    expect(sniffContentType(Buffer.from('%PD'))).toBeNull(); // shorter than the signature
    expect(sniffContentType(bytes(0x47, 0x49, 0x46, 0x38))).toBeNull(); // GIF
  });

  it('keeps the last path segment, drops controls, bidi marks and reserved characters, bounds the length', () => {
    expect(sanitizeFileName('C:\\Users\\clerk\\扫描件 1.pdf', 'pdf')).toBe('扫描件 1.pdf');
    expect(sanitizeFileName('../../etc/passwd', 'pdf')).toBe('passwd');
    expect(sanitizeFileName('invoice\u202Efdp.exe', 'pdf')).toBe('invoicefdp.exe');
    expect(sanitizeFileName('a\u0000b\nc<d>"e".png', 'png')).toBe('abcde.png');
    expect(sanitizeFileName('...hidden', 'png')).toBe('hidden');
    expect(sanitizeFileName('', 'jpg')).toBe('附件.jpg');
    expect(sanitizeFileName(undefined, 'ofd')).toBe('附件.ofd');
    const long = sanitizeFileName(`${'会'.repeat(300)}.pdf`, 'pdf');
    expect([...long]).toHaveLength(MAX_NAME_LENGTH);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('Content-Disposition carries an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('会议记录 (1).pdf')).toBe(
      `attachment; filename="____ (1).pdf"; filename*=UTF-8''%E4%BC%9A%E8%AE%AE%E8%AE%B0%E5%BD%95%20%281%29.pdf`,
    );
    expect(contentDisposition('a"b\\c.pdf')).toBe(`attachment; filename="a_b_c.pdf"; filename*=UTF-8''a%22b%5Cc.pdf`);
  });

  const secrets = generateSecrets();
  const attachmentsOf = (env: Record<string, string>) => loadSettings({ JWT_SECRET: secrets.JWT_SECRET, PII_KEY: secrets.PII_KEY, ...env }).attachments;
  const S3 = { ATTACHMENT_STORAGE: 's3', S3_ENDPOINT: 'http://minio:9000', S3_BUCKET: 'casework-attachments', S3_ACCESS_KEY_ID: 'casework', S3_SECRET_ACCESS_KEY: 'a-secret-from-the-environment' };

  it('ATTACHMENT_MAX_BYTES defaults to 10 MiB and must be a positive integer; ATTACHMENT_STORAGE defaults to pg', () => {
    expect(attachmentsOf({})).toEqual({ maxBytes: DEFAULT_ATTACHMENT_MAX_BYTES, storage: 'pg' });
    expect(DEFAULT_ATTACHMENT_MAX_BYTES).toBe(10 * 1024 * 1024);
    // The schema's default is the same number (one declaration, one loader).
    expect(validateSettings({}, CORE_SETTINGS).values.ATTACHMENT_MAX_BYTES).toBe(DEFAULT_ATTACHMENT_MAX_BYTES);
    expect(attachmentsOf({ ATTACHMENT_MAX_BYTES: '2048' }).maxBytes).toBe(2048);
    expect(() => attachmentsOf({ ATTACHMENT_MAX_BYTES: '10mb' })).toThrow(/ATTACHMENT_MAX_BYTES/);
    expect(() => attachmentsOf({ ATTACHMENT_MAX_BYTES: '0' })).toThrow(/ATTACHMENT_MAX_BYTES/);
    expect(() => attachmentsOf({ ATTACHMENT_STORAGE: 'disk' })).toThrow(/ATTACHMENT_STORAGE/);
    expect(attachmentStoreFor(attachmentsOf({}))).toBeInstanceOf(PgAttachmentStore);
  });

  it('ATTACHMENT_STORAGE=s3 reads the object store from S3_*, with us-east-1, path-style addressing and the prefix attachments by default', () => {
    const s = attachmentsOf(S3);
    expect(s).toEqual({
      maxBytes: DEFAULT_ATTACHMENT_MAX_BYTES, storage: 's3',
      s3: { endpoint: 'http://minio:9000', region: 'us-east-1', bucket: 'casework-attachments', keyPrefix: 'attachments', accessKeyId: 'casework', secretAccessKey: 'a-secret-from-the-environment', forcePathStyle: true },
    });
    expect(attachmentsOf({ ...S3, ATTACHMENT_STORAGE: 'S3', S3_REGION: 'cn-north-1', S3_FORCE_PATH_STYLE: 'false', S3_KEY_PREFIX: 'docs/v1' })).toMatchObject({
      storage: 's3', s3: { region: 'cn-north-1', forcePathStyle: false, keyPrefix: 'docs/v1' },
    });
    const store = attachmentStoreFor(s);
    expect(store).toBeInstanceOf(S3AttachmentStore);
    expect(store.keyFor({ caseId: 'c1', id: 'a1' })).toBe('attachments/c1/a1');
  });

  it('s3 without its endpoint, bucket or keys stops start-up with one message naming each, never a key\'s value', () => {
    const env = { JWT_SECRET: secrets.JWT_SECRET, PII_KEY: secrets.PII_KEY, ATTACHMENT_STORAGE: 's3', S3_ACCESS_KEY_ID: 'casework' };
    let err: unknown;
    try {
      checkConfiguration(env, { secrets: ['JWT_SECRET', 'PII_KEY'] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SettingsError);
    expect((err as SettingsError).message).toContain('ATTACHMENT_STORAGE=s3 还需要以下环境变量：S3_ENDPOINT, S3_BUCKET, S3_SECRET_ACCESS_KEY');
    // Joined with the schema's own complaints: one message for every fault.
    expect(() => checkConfiguration({ ...env, PORT: 'abc', S3_ENDPOINT: 'minio:9000', S3_FORCE_PATH_STYLE: 'yes' }, { secrets: ['JWT_SECRET', 'PII_KEY'] }))
      .toThrow(/PORT 应为.*S3_ENDPOINT 应为.*S3_FORCE_PATH_STYLE 应为 布尔值.*ATTACHMENT_STORAGE=s3 还需要以下环境变量：S3_BUCKET, S3_SECRET_ACCESS_KEY/);
    expect(() => checkConfiguration({ ...env, S3_SECRET_ACCESS_KEY: 'x' }, { secrets: ['JWT_SECRET', 'PII_KEY'] })).toThrow(/S3_ENDPOINT, S3_BUCKET$/);
    // pg needs none of them.
    expect(() => checkConfiguration({ JWT_SECRET: secrets.JWT_SECRET, PII_KEY: secrets.PII_KEY }, { secrets: ['JWT_SECRET', 'PII_KEY'] })).not.toThrow();
  });

  it('a document stored in the bucket is not read from PostgreSQL when s3 is off: 503, not "missing"', async () => {
    await expect(new PgAttachmentStore().get({} as never, { id: 'a1', storage: 's3', storage_key: 'attachments/c1/a1' })).rejects.toMatchObject({ status: 503 });
  });

  it('the settings are in the README configuration table', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain('`ATTACHMENT_MAX_BYTES`');
    expect(readme).toContain('`ATTACHMENT_STORAGE`');
    expect(readme).toContain('`S3_SECRET_ACCESS_KEY`');
  });
});
