import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { actorChain, appendAudit } from '@app/audit';
import { inTransaction } from '@app/db';
import { JurisdictionDirectory, forbidden, invalid } from '@app/engine';
import { PiiCipher, parseRegistryCsv } from '@app/registry';

const BATCH = 2000;

/**
 * 帮扶对象名单 import. Idempotent: a row equal to what is stored changes nothing; a changed row is
 * updated and its previous values kept in registry_entry_history. Rows with errors are reported
 * by line and skipped; the rest import. A poverty office imports only villages of its county.
 */
@Injectable()
export class RegistryImport {
  constructor(private readonly ds: DataSource, private readonly cipher: PiiCipher, private readonly dir: JurisdictionDirectory) {}

  async import(p: Principal, csv: unknown) {
    if (typeof csv !== 'string' || csv.trim() === '') {
      throw invalid([{ field: '(body)', message: '请以 text/csv 上传名单（表头 idNumber,name,villageCode,category,status,householdId）' }]);
    }
    const parsed = parseRegistryCsv(csv);
    // A file whose header is missing or wrong has nothing to import: refused, not recorded as an import.
    if (parsed.headerRejected) throw invalid([{ field: '(body)', message: parsed.errors[0]?.message ?? '表头无法读取' }]);
    const errors = [...parsed.errors];
    const rows: Array<(typeof parsed.rows)[number]> = [];
    for (const r of parsed.rows) {
      const village = await this.dir.find(r.villageCode);
      if (!village || village.level !== 'village') {
        errors.push({ line: r.line, field: 'villageCode', message: `村（社区）代码 ${r.villageCode} 不存在` });
      } else if (!p.roles.includes('admin') && village.countyCode !== p.jurisdiction.code) {
        errors.push({ line: r.line, field: 'villageCode', message: '只能导入本县的村（社区）' });
      } else {
        rows.push(r);
      }
    }
    if (!p.roles.includes('admin') && p.jurisdiction.level !== 'county') throw forbidden('名单导入由县扶贫办或系统管理员办理');
    return inTransaction(this.ds, async (tx) => {
      const [imp] = await tx.query(
        `INSERT INTO registry_imports (imported_by, rows_total, rows_imported, rows_unchanged, rows_failed, errors)
         VALUES ($1, $2, 0, 0, $3, $4) RETURNING id, imported_at`,
        [p.id, parsed.rows.length + parsed.errors.length, errors.length, JSON.stringify(errors.slice(0, 1000))],
      );
      let changed = 0;
      const prepare = (batch: typeof rows) => [
        batch.map((r) => this.cipher.indexOf(r.idNumber)), batch.map((r) => this.cipher.encrypt(r.idNumber)), batch.map((r) => r.name),
        batch.map((r) => r.villageCode), batch.map((r) => r.category), batch.map((r) => r.status), batch.map((r) => r.householdId),
      ];
      let params = prepare(rows.slice(0, BATCH));
      for (let i = 0; i < rows.length; i += BATCH) {
        const pending = tx.query(
          `WITH input AS (
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
               AS x(id_index, id_cipher, name, village_code, category, status, household_id)),
           upserted AS (
             INSERT INTO registry_entries AS r (id_index, id_cipher, name, village_code, category, status, household_id, import_id, updated_at)
             SELECT id_index, id_cipher, name, village_code, category, status, household_id, $8, now() FROM input
             ON CONFLICT (id_index) DO UPDATE SET name = EXCLUDED.name, village_code = EXCLUDED.village_code,
               category = EXCLUDED.category, status = EXCLUDED.status, household_id = EXCLUDED.household_id,
               import_id = EXCLUDED.import_id, updated_at = now()
             WHERE (r.name, r.village_code, r.category, r.status, r.household_id)
               IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.village_code, EXCLUDED.category, EXCLUDED.status, EXCLUDED.household_id)
             RETURNING r.id_index, r.category, r.status, r.village_code, r.household_id)
           INSERT INTO registry_entry_history (id_index, import_id, category, status, village_code, household_id)
           SELECT id_index, $8, category, status, village_code, household_id FROM upserted RETURNING 1`,
          [...params, imp.id],
        );
        // Encrypt the next batch (node CPU) while PostgreSQL writes this one: same statements, same
        // transaction, but the two no longer wait for each other (1M rows: ~15 s of encryption).
        if (i + BATCH < rows.length) {
          pending.catch(() => undefined); // a failure is rethrown by the await below, not reported as unhandled
          await new Promise((r) => setImmediate(r));
          params = prepare(rows.slice(i + BATCH, i + 2 * BATCH));
        }
        changed += (await pending).length;
      }
      await tx.query(`UPDATE registry_imports SET rows_imported = $2, rows_unchanged = $3 WHERE id = $1`, [imp.id, changed, rows.length - changed]);
      await appendAudit(tx, {
        chainId: actorChain(p.id), caseId: null, at: new Date(), actorId: p.id, actorUsername: p.username,
        actorRole: p.roles.join(','), jurisdictionCode: p.jurisdiction.code, action: 'REGISTRY_IMPORT', outcome: 'ok',
        fromState: null, toState: null, payload: { importId: imp.id, imported: changed, unchanged: rows.length - changed, failed: errors.length },
      });
      return { importId: imp.id, rowsTotal: parsed.rows.length + parsed.errors.length, imported: changed, unchanged: rows.length - changed, failed: errors.length, errors: errors.slice(0, 1000) };
    });
  }
}
