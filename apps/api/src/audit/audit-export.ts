import { numericSetting } from '@app/settings';
import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { StoredEntryRow, actorChain, appendAudit, toExportLine } from '@app/audit';
import { inTransaction } from '@app/db';
import { JurisdictionDirectory, ROLE_TITLES, invalid } from '@app/engine';
import { ProcessRegistry, type Role } from '@app/processes';
import { PiiCipher } from '@app/registry';
import { exportMaxRows, fileStamp, localDateTime, sendXlsx } from '../exports/xlsx';
import { actionWords } from './audit-actions';
import { AuditFilterQuery, auditConditions, caseIdRange, recordableFilters } from './audit-filter';
import { maskIdNumbersIn } from './pii-scrub';

export interface ExportQuery extends AuditFilterQuery {
  format?: string;
}

const FORMATS = ['jsonl', 'csv', 'xlsx'] as const;
/** Rows per keyset page: one page of text is the most the export holds in memory at once. */
const PAGE = numericSetting('AUDIT_EXPORT_PAGE');

/**
 * The spreadsheet columns (CSV and xlsx): words people read — local time, display names, the
 * action's and the states' titles — with the codes beside them where a reviewer may need them.
 * The JSONL export keeps the stored columns for the offline verifier.
 */
const SHEET_HEADERS = [
  '序号', '时间', '案件编号', '操作人', '操作人账号', '角色', '行政区划代码', '操作', '操作代码', '结果', '原状态', '新状态', '详情', '审计链', '链内序号', '哈希',
];
const OUTCOME_WORDS: Record<string, string> = { ok: '成功', refused: '被拒绝' };

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

  constructor(
    private readonly ds: DataSource,
    private readonly dir: JurisdictionDirectory,
    private readonly processes: ProcessRegistry,
    private readonly cipher: PiiCipher,
  ) {}

  /**
   * Everything that can be refused (the format, the filters, the export's own audit entry, the
   * snapshot and its first page) happens before the answer starts, so it is answered as any error
   * (problem+json). Then the reply is hijacked and the rows are written to node's response; an error
   * after that can only cut the answer short (the connection is destroyed).
   */
  async stream(p: Principal, q: ExportQuery, reply: FastifyReply): Promise<void> {
    const { format = 'jsonl', ...filters } = q;
    if (!FORMATS.includes(format as (typeof FORMATS)[number])) throw invalid([{ field: 'format', message: '应为 jsonl 或 csv', en: 'must be jsonl or csv' }]);
    const params: unknown[] = [];
    const where = await auditConditions(p, filters, this.dir, params, (id) => this.cipher.indexOf(id));
    // What was asked for, as it may be recorded (an ID number masked).
    const used = recordableFilters(filters);
    const at = new Date();
    await inTransaction(this.ds, (tx) =>
      appendAudit(tx, {
        chainId: actorChain(p.id), caseId: oneCase(used.caseId), at, actorId: p.id, actorUsername: p.username,
        actorRole: p.roles.join(','), jurisdictionCode: p.jurisdiction.code, action: 'EXPORT_AUDIT', outcome: 'ok',
        fromState: null, toState: null, payload: { format, filters: used, scope: p.jurisdiction.code },
      }),
    );

    if (format === 'xlsx') return this.xlsx(p, where, params, reply, at);
    const res: ServerResponse = reply.raw;
    let closed = false;
    res.on('close', () => (closed = true));
    let started = false;
    /** The answer's status and headers, once: Fastify no longer answers for this request from here on. */
    const start = () => {
      if (started) return;
      started = true;
      reply.hijack();
      res.statusCode = 200;
      res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="audit-${stamp}.${format}"`);
      res.setHeader('Cache-Control', 'no-store');
    };
    const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    let masked = 0;
    try {
      await qr.startTransaction('REPEATABLE READ');
      await qr.query('SET TRANSACTION READ ONLY');
      const select = format === 'csv' ? SHEET_SELECT : 'SELECT e.*';
      // Excel needs the BOM to read UTF-8 (Chinese text) correctly.
      let head = format === 'csv' ? `\uFEFF${SHEET_HEADERS.join(',')}\r\n` : '';
      let after = '0';
      for (;;) {
        const rows: Array<StoredEntryRow & { id: string }> = await qr.query(
          `${select} FROM audit_entries e WHERE ${where.join(' AND ')} AND e.id > $${params.length + 1}
           ORDER BY e.id LIMIT $${params.length + 2}`,
          [...params, after, PAGE],
        );
        let chunk = head;
        head = '';
        for (const row of rows) {
          const out = format === 'csv' ? this.csvLine(row) : this.jsonLine(row);
          masked += out.masked;
          chunk += out.text;
        }
        // A caller gone before the first page has no answer to start (nor a 'close' still to come).
        if (closed) break;
        start();
        if (chunk && !res.write(chunk)) await drained(res);
        if (closed || rows.length < PAGE) break;
        after = rows[rows.length - 1].id;
      }
      await qr.commitTransaction();
      if (!started) reply.hijack();
      res.end();
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      if (!started) throw err;
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

  /** xlsx: the filtered rows (at most EXPORT_MAX_ROWS, oldest first) in one read-only snapshot. */
  private async xlsx(p: Principal, where: string[], params: unknown[], reply: FastifyReply, at: Date): Promise<void> {
    const max = exportMaxRows();
    const rows: any[] = await inTransaction(this.ds, async (tx) => {
      await tx.query('SET TRANSACTION READ ONLY');
      return tx.query(`${SHEET_SELECT} FROM audit_entries e WHERE ${where.join(' AND ')} ORDER BY e.id LIMIT $${params.length + 1}`, [...params, max + 1]);
    });
    let masked = 0;
    const cells = rows.slice(0, max).map((r) =>
      this.sheetCells(r).map((c) => {
        if (typeof c !== 'string') return c;
        const s = maskIdNumbersIn(c);
        masked += s.masked;
        return s.text;
      }),
    );
    if (masked) this.log.warn(`export by ${p.username}: ${masked} full ID number(s) found in audit entries and masked`);
    await sendXlsx(reply, {
      filename: `审计记录-${fileStamp(at)}`, title: '审计记录', columns: SHEET_HEADERS.map((header) => ({ header, width: header === '详情' ? 60 : 16 })),
      rows: cells, note: rows.length > max ? `仅导出前 ${max} 行（EXPORT_MAX_ROWS），请缩小筛选范围` : undefined,
    }, 'audit');
  }

  /** One entry as the spreadsheet columns (SHEET_HEADERS). */
  private sheetCells(r: any): unknown[] {
    const def = r.process_key ? this.processes.latest(r.process_key) : undefined;
    const state = (s: string | null) => (s ? def?.states[s]?.title.zh ?? s : '');
    const roles = typeof r.actor_role === 'string' ? r.actor_role.split(',').map((x: string) => ROLE_TITLES[x.trim() as Role] ?? x).join('、') : '';
    return [
      Number(r.id), localDateTime(r.at), r.case_id ?? '', r.actor_id ? (r.actor_display_name ?? r.actor_username) : '系统',
      r.actor_username ?? '', roles, r.jurisdiction_code ?? '', actionWords(this.processes, r.action), r.action,
      OUTCOME_WORDS[r.outcome] ?? r.outcome, state(r.from_state), state(r.to_state),
      r.payload && Object.keys(r.payload).length ? JSON.stringify(r.payload) : '', r.chain_id, r.seq, r.hash,
    ];
  }

  private csvLine(row: StoredEntryRow & { id: string }): { text: string; masked: number } {
    let masked = 0;
    const cells = this.sheetCells(row).map((c) => {
      const s = maskIdNumbersIn(csvCell(c));
      masked += s.masked;
      return s.text;
    });
    return { text: `${cells.join(',')}\r\n`, masked };
  }
}

/** The stored entry plus what the spreadsheet columns name: the actor's display name, the case's process. */
const SHEET_SELECT = `SELECT e.*, (SELECT u.display_name FROM users u WHERE u.id = e.actor_id) AS actor_display_name,
  (SELECT c.process_key FROM cases c WHERE c.id = e.case_id) AS process_key`;

/** The case an export is about when the filter names exactly one (a short number names a range). */
function oneCase(caseId: string | undefined): string | null {
  const range = caseId ? caseIdRange(caseId) : null;
  return range && range.from === range.to ? range.from : null;
}

function drained(res: ServerResponse): Promise<void> {
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
