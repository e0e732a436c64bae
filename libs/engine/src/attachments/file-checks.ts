/**
 * What an upload is, decided from its bytes (the client's Content-Type and file name say what the
 * client claims), and a file name safe to store, show and send back in Content-Disposition.
 */

/** The types accepted, by their leading bytes. OFD (GB/T 33190) is a ZIP container. */
const SIGNATURES: Array<{ contentType: string; magic: number[]; extension: string }> = [
  { contentType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d], extension: 'pdf' }, // %PDF-
  { contentType: 'image/jpeg', magic: [0xff, 0xd8, 0xff], extension: 'jpg' },
  { contentType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], extension: 'png' },
  { contentType: 'application/ofd', magic: [0x50, 0x4b, 0x03, 0x04], extension: 'ofd' }, // PK\3\4
];

/** The content types an attachment is stored and answered with (GET /api/attachments/:id). */
export const ATTACHMENT_CONTENT_TYPES: readonly string[] = SIGNATURES.map((s) => s.contentType);

export const ACCEPTED_TYPES_TEXT = 'PDF、JPEG、PNG 或 OFD';
export const ACCEPTED_TYPES_TEXT_EN = 'PDF, JPEG, PNG or OFD';

/** The content type the bytes are, or null when they are none of the accepted ones. */
export function sniffContentType(bytes: Uint8Array): { contentType: string; extension: string } | null {
  const hit = SIGNATURES.find((s) => bytes.length >= s.magic.length && s.magic.every((b, i) => bytes[i] === b));
  return hit ? { contentType: hit.contentType, extension: hit.extension } : null;
}

export const MAX_NAME_LENGTH = 120;

/**
 * Controls, the marks that change how text reads (bidirectional overrides and isolates, direction
 * marks, zero-width characters, BOM) — the input guard's list — and the characters no file system
 * or header likes (but `*`, which a masked ID number is written with).
 */
const INVISIBLE_SET = '\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2069\\uFEFF';
export const INVISIBLE = new RegExp(`[${INVISIBLE_SET}]`, 'g');
const UNSAFE = new RegExp(`[${INVISIBLE_SET}":<>?|\\\\/]`, 'g');

/**
 * A stored name: the last path segment only (a browser on Windows may send C:\…\扫描件.pdf), unsafe
 * characters removed, spaces collapsed, no leading dots (hidden files), at most MAX_NAME_LENGTH
 * characters keeping the extension; empty becomes `附件.<ext>` of the sniffed type.
 */
export function sanitizeFileName(raw: string | undefined, extension: string): string {
  const last = (raw ?? '').split(/[\\/]/).pop() ?? '';
  let name = last.normalize('NFC').replace(UNSAFE, '').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  const chars = [...name];
  if (chars.length > MAX_NAME_LENGTH) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = [...name.slice(0, name.length - ext.length)].slice(0, MAX_NAME_LENGTH - [...ext].length).join('') + ext;
  }
  return name || `附件.${extension}`;
}

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
