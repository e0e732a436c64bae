import { sizeInBytes, textSetting } from '@app/settings';
import { Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { createInterface } from 'node:readline';
import { Readable, Transform } from 'node:stream';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { actorChain, appendAudit } from '@app/audit';
import { inTransaction } from '@app/db';
import { DomainError, JurisdictionDirectory, forbidden, invalid } from '@app/engine';
import { PiiCipher, RegistryCsvError, RegistryRow, streamRegistryCsv } from '@app/registry';
import { problemLanguage, textIn } from '../system/problem-language';
import { isCsvRequest } from './csv-request';

const BATCH = 2000;
/** Level of the importer's node → the jurisdictions column that names it for a village inside. */
const SUBTREE_COLUMN: Record<string, string> = { province: 'province_code', city: 'city_code', county: 'county_code', township: 'township_code', village: 'code' };

/**
 * One batch: rows whose person is already registered in a village outside the importer's subtree
 * ($9 the importer's node, $10 the column naming it) are refused, not written (issue 19: a county
 * rewrote another county's person); the rest are upserted with their history. The refusal is asked
 * twice: over the snapshot (to report the rows) and on the row the upsert would change, so an entry
 * moved out of the subtree meanwhile is never overwritten either. Answers the refused indexes and
 * how many entries changed.
 */
const upsertBatchSql = (column: string) => `WITH input AS (
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       AS x(id_index, id_cipher, name, village_code, category, status, household_id)),
   refused AS (
     SELECT i.id_index FROM input i JOIN registry_entries e ON e.id_index = i.id_index
     WHERE NOT EXISTS (SELECT 1 FROM jurisdictions j WHERE j.code = e.village_code AND j.${column} = $9)),
   upserted AS (
     INSERT INTO registry_entries AS r (id_index, id_cipher, name, village_code, category, status, household_id, import_id, updated_at)
     SELECT id_index, id_cipher, name, village_code, category, status, household_id, $8, now() FROM input
     WHERE id_index NOT IN (SELECT id_index FROM refused)
     ON CONFLICT (id_index) DO UPDATE SET name = EXCLUDED.name, village_code = EXCLUDED.village_code,
       category = EXCLUDED.category, status = EXCLUDED.status, household_id = EXCLUDED.household_id,
       import_id = EXCLUDED.import_id, updated_at = now()
     WHERE (r.name, r.village_code, r.category, r.status, r.household_id)
       IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.village_code, EXCLUDED.category, EXCLUDED.status, EXCLUDED.household_id)
       AND EXISTS (SELECT 1 FROM jurisdictions j WHERE j.code = r.village_code AND j.${column} = $9)
     RETURNING r.id_index, r.category, r.status, r.village_code, r.household_id),
   history AS (
     INSERT INTO registry_entry_history (id_index, import_id, category, status, village_code, household_id)
     SELECT id_index, $8, category, status, village_code, household_id FROM upserted RETURNING 1)
   SELECT (SELECT count(*) FROM history)::int AS changed, ARRAY(SELECT id_index FROM refused) AS refused`;

/** The row-level error of a row whose person is registered outside the importer's jurisdiction (never which one). */
const OUTSIDE_MESSAGE = {
  message: '该身份证号码的帮扶对象已登记在本辖区以外的村（社区），不能由本单位导入或修改；如需迁移，请由其登记地县扶贫办办理',
  en: 'the person with this ID number is registered in a village outside your jurisdiction and cannot be imported or changed by you; a move is made by the poverty office of the county where they are registered',
};

/** REGISTRY_IMPORT_LIMIT: `300mb` by default; plain bytes or kb/mb/gb. */
export const importLimitBytes = (raw = textSetting('REGISTRY_IMPORT_LIMIT')!): number => sizeInBytes(raw, 'REGISTRY_IMPORT_LIMIT');

/** The request body as text lines, refusing more than `limit` bytes (413) as it arrives. */
function linesOf(req: Readable, limit: number): AsyncIterable<string> {
  let bytes = 0;
  const counted = req.pipe(
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        done(bytes > limit ? new DomainError(413, '请求过大', { zh: `名单文件超过 ${limit} 字节的上限（REGISTRY_IMPORT_LIMIT），请分县或分批导入`, en: `The registry file is larger than the ${limit}-byte limit (REGISTRY_IMPORT_LIMIT); import by county or in batches` }) : null, chunk);
      },
    }),
  );
  req.on('error', (e) => counted.destroy(e));
  // The iterator is taken now: readline starts reading at once, and lines it emits before anyone
  // iterates would otherwise be dropped (the transaction opens before the first line is read).
  const lines = createInterface({ input: counted, crlfDelay: Infinity })[Symbol.asyncIterator]();
  return { [Symbol.asyncIterator]: () => lines };
}

/**
 * 帮扶对象名单 import. Idempotent: a row equal to what is stored changes nothing; a changed row is
 * updated and its previous values kept in registry_entry_history. Rows with errors are reported
 * by line and skipped; the rest import. An importer writes only villages inside its jurisdiction
 * (a poverty office: its county), and never a person already registered outside it (that row is
 * refused and reported by line like any other row error).
 *
 * The CSV is read from the request as it arrives and written in batches inside one transaction,
 * so memory does not grow with the file (it held the whole text and every parsed row before: 979 MB
 * for a 1M-row file); only the set of ID numbers seen (for duplicates) grows with it.
 */
@Injectable()
export class RegistryImport {
  constructor(private readonly ds: DataSource, private readonly cipher: PiiCipher, private readonly dir: JurisdictionDirectory) {}

  /** `req`: the Fastify request (its headers, and `raw`, the node request whose body is the CSV, unread). */
  async import(p: Principal, req: { headers: IncomingHttpHeaders; raw: Readable }) {
    // A JSON body was parsed already (and is refused here like any other type than CSV).
    if (!isCsvRequest(req.headers)) {
      throw invalid([{ field: '(body)', message: '请以 text/csv 上传名单（表头 idNumber,name,villageCode,category,status,householdId）', en: 'upload the registry as text/csv (header idNumber,name,villageCode,category,status,householdId)' }]);
    }
    if (!p.roles.includes('admin') && p.jurisdiction.level !== 'county') throw forbidden({ zh: '名单导入由县扶贫办或系统管理员办理', en: 'Registry imports are made by the county poverty office or an administrator' });
    const items = streamRegistryCsv(linesOf(req.raw, importLimitBytes()));
    const upsertSql = upsertBatchSql(SUBTREE_COLUMN[p.jurisdiction.level]);
    const inside = (v: { code: string; cityCode: string; countyCode: string | null; townshipCode: string | null; provinceCode?: string | null }) =>
      ({ province: v.provinceCode, city: v.cityCode, county: v.countyCode, township: v.townshipCode, village: v.code } as Record<string, string | null | undefined>)[
        p.jurisdiction.level
      ] === p.jurisdiction.code;
    return inTransaction(this.ds, async (tx) => {
      const [imp] = await tx.query(
        `INSERT INTO registry_imports (imported_by, rows_total, rows_imported, rows_unchanged, rows_failed, errors)
         VALUES ($1, 0, 0, 0, 0, '[]') RETURNING id, imported_at`,
        [p.id],
      );
      const errors: RegistryCsvError[] = [];
      let failed = 0;
      let total = 0;
      let accepted = 0;
      let changed = 0;
      let batch: RegistryRow[] = [];
      let writing: Promise<void> | undefined;
      const fail = (e: RegistryCsvError) => {
        failed++;
        if (errors.length < 1000) errors.push(e);
      };
      // Encrypt one batch (node CPU) while PostgreSQL writes the previous one: same statements, same
      // transaction, but the two no longer wait for each other (1M rows: ~15 s of encryption).
      const flush = async () => {
        if (batch.length === 0) return;
        const indexes = batch.map((r) => this.cipher.indexOf(r.idNumber));
        const params = [
          indexes, batch.map((r) => this.cipher.encrypt(r.idNumber)), batch.map((r) => r.name),
          batch.map((r) => r.villageCode), batch.map((r) => r.category), batch.map((r) => r.status), batch.map((r) => r.householdId),
        ];
        const lineOf = new Map(indexes.map((idx, i) => [idx, batch[i].line]));
        accepted += batch.length;
        batch = [];
        if (writing) await writing;
        writing = tx.query(upsertSql, [...params, imp.id, p.jurisdiction.code]).then(([r]: Array<{ changed: number; refused: string[] }>) => {
          changed += r.changed;
          accepted -= r.refused.length;
          for (const idx of r.refused) fail({ line: lineOf.get(idx)!, field: 'idNumber', ...OUTSIDE_MESSAGE });
        });
        writing.catch(() => undefined); // a failure is rethrown where it is awaited, not reported as unhandled
      };
      for await (const item of items) {
        if ('error' in item) {
          // A file whose header is missing or wrong has nothing to import: refused, not recorded.
          if (item.rejectsFile) throw invalid([{ field: '(body)', message: item.error.message, en: item.error.en }]);
          total++;
          fail(item.error);
          continue;
        }
        total++;
        const r = item.row;
        const village = await this.dir.find(r.villageCode);
        if (!village || village.level !== 'village') {
          fail({ line: r.line, field: 'villageCode', message: `村（社区）代码 ${r.villageCode} 不存在`, en: `village code ${r.villageCode} does not exist` });
        } else if (!inside(village)) {
          fail(p.jurisdiction.level === 'county'
            ? { line: r.line, field: 'villageCode', message: '只能导入本县的村（社区）', en: 'only villages of your county can be imported' }
            : { line: r.line, field: 'villageCode', message: '只能导入本辖区的村（社区）', en: 'only villages of your jurisdiction can be imported' });
        } else {
          batch.push(r);
          if (batch.length >= BATCH) await flush();
        }
      }
      await flush();
      if (writing) await writing;
      // Refusals found by the database come a batch late: reported in line order with the others.
      errors.sort((a, b) => a.line - b.line);
      await tx.query(
        `UPDATE registry_imports SET rows_total = $2, rows_imported = $3, rows_unchanged = $4, rows_failed = $5, errors = $6 WHERE id = $1`,
        [imp.id, total, changed, accepted - changed, failed, JSON.stringify(errors)],
      );
      await appendAudit(tx, {
        chainId: actorChain(p.id), caseId: null, at: new Date(), actorId: p.id, actorUsername: p.username,
        actorRole: p.roles.join(','), jurisdictionCode: p.jurisdiction.code, action: 'REGISTRY_IMPORT', outcome: 'ok',
        fromState: null, toState: null, payload: { importId: imp.id, imported: changed, unchanged: accepted - changed, failed },
      });
      // The record keeps both languages; the answer gives the caller's (Accept-Language, as for errors).
      const lang = problemLanguage(req.headers['accept-language'] as string | undefined);
      const answered = errors.map(({ en, ...e }) => ({ ...e, message: textIn(lang, e.message, en) }));
      return { importId: imp.id, rowsTotal: total, imported: changed, unchanged: accepted - changed, failed, errors: answered };
    });
  }
}
