import type * as ExcelJSModule from 'exceljs';
import type { FastifyReply } from 'fastify';
import { invalid, localTimeZone } from '@app/engine';
import { numericSetting } from '@app/settings';

/**
 * exceljs is loaded by the first export, not at start: about 28 MB of resident memory that an api
 * replica which never exports should not carry (issue 21's RSS target).
 */
const loadExcelJs = (): typeof ExcelJSModule => require('exceljs');

/** One column of an export: a Chinese header and how wide it starts (characters). */
export interface SheetColumn {
  header: string;
  width?: number;
}

export interface Sheet {
  /** The file name without extension, in Chinese (sent RFC 5987-encoded). */
  filename: string;
  title: string;
  columns: SheetColumn[];
  rows: unknown[][];
  /** A last line under the rows (e.g. "导出上限 10000 行，已截断"). */
  note?: string;
}

/** Most rows one export holds (the lists page through the same query until then): EXPORT_MAX_ROWS. */
export const exportMaxRows = () => numericSetting('EXPORT_MAX_ROWS');

/** `format=json` (the list) or `format=xlsx` (the same list as an Excel file); anything else is a 400. */
export function wantsXlsx(format: unknown, others: string[] = ['json']): boolean {
  if (format === undefined || format === '') return false;
  if (format === 'xlsx') return true;
  if (typeof format === 'string' && others.includes(format)) return false;
  throw invalid([{ field: 'format', message: `应为 ${[...others, 'xlsx'].join('、')} 之一`, en: `must be one of ${[...others, 'xlsx'].join(', ')}` }]);
}

const PARTS = (tz: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** An instant as the local wall time people read (LOCAL_TIME_ZONE, default Asia/Shanghai): "2026-11-29 08:05". */
export function localDateTime(v: unknown, tz = localTimeZone()): string {
  if (v === null || v === undefined || v === '') return '';
  const d = v instanceof Date ? v : new Date(String(v));
  if (Number.isNaN(d.getTime())) return String(v);
  const p = Object.fromEntries(PARTS(tz).formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** Content-Disposition for a Chinese file name: an ASCII fallback plus the UTF-8 name (RFC 5987 / 6266). */
export function attachmentDisposition(name: string, ascii = 'export.xlsx'): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Text a spreadsheet would run as a formula is kept as text (a leading apostrophe), as in the CSV exports. */
function cell(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export async function xlsxBuffer(sheet: Sheet): Promise<Buffer> {
  const wb = new (loadExcelJs().Workbook)();
  wb.creator = 'casework';
  wb.created = new Date();
  const ws = wb.addWorksheet(sheet.title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = sheet.columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(10, c.header.length * 2 + 2) }));
  ws.getRow(1).font = { bold: true };
  for (const r of sheet.rows) ws.addRow(r.map(cell));
  if (sheet.note) ws.addRow([sheet.note]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The sheet as the whole answer (a buffer, not streamed): 200 with the file's type and names. */
export async function sendXlsx(reply: FastifyReply, sheet: Sheet, asciiName: string): Promise<void> {
  const body = await xlsxBuffer(sheet);
  // Not awaited nor returned: a reply is thenable (it settles when the answer is written).
  reply
    .status(200)
    .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('Content-Disposition', attachmentDisposition(`${sheet.filename}.xlsx`, `${asciiName}.xlsx`))
    .header('Cache-Control', 'no-store')
    .send(body);
}

/**
 * Every row of a cursor-paged list under the same filters, up to `max`: the export answers exactly
 * what the list answers, because it is the list's own query (filters, authorization, order).
 */
export async function allPages<T>(fetch: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>, max = exportMaxRows()) {
  const items: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await fetch(cursor);
    items.push(...page.items);
    if (items.length >= max) return { items: items.slice(0, max), truncated: items.length > max || page.nextCursor !== null };
    if (!page.nextCursor) return { items, truncated: false };
    cursor = page.nextCursor;
  }
}

/** "2026-11-29 0805" for file names, local time. */
export function fileStamp(now = new Date()): string {
  return localDateTime(now).replace(/:/g, '');
}
