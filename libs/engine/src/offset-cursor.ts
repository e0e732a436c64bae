import { invalid } from './errors';

/** No list pages this far; a larger offset is a forged cursor (and 1e20 overflowed PostgreSQL's bigint: a 500). */
export const MAX_CURSOR_OFFSET = 10_000_000;

/** Opaque page cursors for lists ordered by something other than a unique key (inbox, flags). */
export function encodeOffsetCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

/** The offset inside a cursor this api wrote; anything else (junk, `null`, a repeated parameter, a huge number) is 400 naming `cursor`. */
export function decodeOffsetCursor(cursor: unknown): number {
  if (typeof cursor === 'string' && cursor.length <= 100) {
    try {
      const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
      const o = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as { o?: unknown }).o : undefined;
      if (typeof o === 'number' && Number.isInteger(o) && o >= 0 && o <= MAX_CURSOR_OFFSET) return o;
    } catch {
      /* fall through */
    }
  }
  throw invalid([{ field: 'cursor', message: '分页游标无效，请从第一页重新加载', en: 'the page cursor is not valid; reload from the first page' }]);
}
