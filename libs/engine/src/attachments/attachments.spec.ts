import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ATTACHMENT_MAX_BYTES, loadAttachmentSettings } from './attachment-store';
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

  it('ATTACHMENT_MAX_BYTES defaults to 10 MiB and must be a positive integer; ATTACHMENT_STORAGE=s3 is refused (not built)', () => {
    expect(loadAttachmentSettings({})).toEqual({ maxBytes: DEFAULT_ATTACHMENT_MAX_BYTES, storage: 'pg' });
    expect(DEFAULT_ATTACHMENT_MAX_BYTES).toBe(10 * 1024 * 1024);
    expect(loadAttachmentSettings({ ATTACHMENT_MAX_BYTES: '2048' }).maxBytes).toBe(2048);
    expect(() => loadAttachmentSettings({ ATTACHMENT_MAX_BYTES: '10mb' })).toThrow(/ATTACHMENT_MAX_BYTES/);
    expect(() => loadAttachmentSettings({ ATTACHMENT_MAX_BYTES: '0' })).toThrow(/ATTACHMENT_MAX_BYTES/);
    expect(() => loadAttachmentSettings({ ATTACHMENT_STORAGE: 's3' })).toThrow(/尚未提供/);
    expect(() => loadAttachmentSettings({ ATTACHMENT_STORAGE: 'disk' })).toThrow(/ATTACHMENT_STORAGE/);
  });

  it('both settings are in the README configuration table', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain('`ATTACHMENT_MAX_BYTES`');
    expect(readme).toContain('`ATTACHMENT_STORAGE`');
  });
});
