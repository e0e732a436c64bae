import { numericSetting } from '@app/settings';
import { Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { StoredEntryRow, actorChain, appendAudit, toExportLine } from '@app/audit';
import { inTransaction } from '@app/db';
import { JurisdictionDirectory, invalid } from '@app/engine';
import { AuditFilterQuery, auditConditions } from './audit-filter';
import { maskIdNumbersIn } from './pii-scrub';

export interface ExportQuery extends AuditFilterQuery {
  format?: string;
}

const FORMATS = ['jsonl', 'csv'] as const;
/** Rows per keyset page: one page of text is the most the export holds in memory at once. */
const PAGE = numericSetting('AUDIT_EXPORT_PAGE');

const CSV_COLUMNS = [
  'id', 'at', 'chain_id', 'seq', 'case_id', 'actor_username', 'actor_role', 'jurisdiction_code', 'action', 'outcome',
  'from_state', 'to_state', 'payload', 'prev_hash', 'hash',
] as const;

/** RFC 4180 quoting; a cell a spreadsheet would run as a formula gets a leading apostrophe. */
function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * GET /api/audit/export: the caller's part of the trail, streamed. Memory stays flat at any size:
 * keyset pages of PAGE rows inside one REPEATABLE READ, READ ONLY transaction (so the export is one
 * consistent snapshot — a chain never shows a later entry without the earlier one), each page
 * written and, when the socket is full, waited on before the next page is read.
 *
 * JSONL carries every hashed column plus the canonical text and both hashes (the offline verifier
 * rebuilds the chains from it); CSV is for spreadsheets. Both are checked for full ID numbers
 * (pii-scrub.ts). The export is recorded on the caller's audit chain before its first byte.
 */
@Injectable()
export class AuditExport {
  private readonly log = new Logger('AuditExport');

  constructor(private readonly ds: DataSource, private readonly dir: JurisdictionDirectory) {}

  async stream(p: Principal, q: ExportQuery, res: Response): Promise<void> {
    const { format = 'jsonl', ...filters } = q;
    if (!FORMATS.includes(format as (typeof FORMATS)[number])) throw invalid([{ field: 'format', message: '应为 jsonl 或 csv' }]);
    const params: unknown[] = [];
    const where = await auditConditions(p, filters, this.dir, params);
    const used = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== ''));
    const at = new Date();
    await inTransaction(this.ds, (tx) =>
      appendAudit(tx, {
        chainId: actorChain(p.id), caseId: typeof used.caseId === 'string' ? used.caseId : null, at, actorId: p.id, actorUsername: p.username,
        actorRole: p.roles.join(','), jurisdictionCode: p.jurisdiction.code, action: 'EXPORT_AUDIT', outcome: 'ok',
        fromState: null, toState: null, payload: { format, filters: used, scope: p.jurisdiction.code },
      }),
    );

    let closed = false;
    res.on('close', () => (closed = true));
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    let masked = 0;
    try {
      await qr.startTransaction('REPEATABLE READ');
      await qr.query('SET TRANSACTION READ ONLY');
      const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
      res.status(200);
      res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="audit-${stamp}.${format}"`);
      res.setHeader('Cache-Control', 'no-store');
      // Excel needs the BOM to read UTF-8 (Chinese text) correctly.
      if (format === 'csv') res.write(`\uFEFF${CSV_COLUMNS.join(',')}\r\n`);
      let after = '0';
      for (;;) {
        const rows: Array<StoredEntryRow & { id: string }> = await qr.query(
          `SELECT e.* FROM audit_entries e WHERE ${where.join(' AND ')} AND e.id > $${params.length + 1}
           ORDER BY e.id LIMIT $${params.length + 2}`,
          [...params, after, PAGE],
        );
        let chunk = '';
        for (const row of rows) {
          const out = format === 'csv' ? this.csvLine(row) : this.jsonLine(row);
          masked += out.masked;
          chunk += out.text;
        }
        if (chunk && !res.write(chunk)) await drained(res);
        if (closed || rows.length < PAGE) break;
        after = rows[rows.length - 1].id;
      }
      await qr.commitTransaction();
      res.end();
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      if (!res.headersSent) throw err;
      this.log.error(`export by ${p.username} stopped: ${(err as Error).message}`);
      res.destroy(err as Error);
    } finally {
      await qr.release();
      // Never the numbers themselves: only that the safety net caught something.
      if (masked) this.log.warn(`export by ${p.username}: ${masked} full ID number(s) found in audit entries and masked`);
    }
  }

  private jsonLine(row: StoredEntryRow): { text: string; masked: number } {
    const text = JSON.stringify(toExportLine(row));
    const scrubbed = maskIdNumbersIn(text);
    if (!scrubbed.masked) return { text: `${text}\n`, masked: 0 };
    // Marked, so the offline verifier says why this entry's content cannot be checked.
    return { text: `${JSON.stringify({ ...JSON.parse(scrubbed.text), redacted: true })}\n`, masked: scrubbed.masked };
  }

  private csvLine(row: StoredEntryRow & { id: string }): { text: string; masked: number } {
    let masked = 0;
    const cells = CSV_COLUMNS.map((c) => {
      const s = maskIdNumbersIn(csvCell((row as any)[c]));
      masked += s.masked;
      return s.text;
    });
    return { text: `${cells.join(',')}\r\n`, masked };
  }
}

function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
