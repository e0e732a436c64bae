import { invalid } from './errors';

/** Opaque page cursors for lists ordered by something other than a unique key (inbox, flags). */
export function encodeOffsetCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

export function decodeOffsetCursor(cursor: string): number {
  try {
    const o = JSON.parse(Buffer.from(cursor, 'base64url').toString()).o;
    if (Number.isInteger(o) && o >= 0) return o;
  } catch {
    /* fall through */
  }
  throw invalid([{ field: 'cursor', message: '分页游标无效' }]);
}
