import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { JURISDICTION_LEVELS, JurisdictionLevel, LEVEL_TITLES, Principal } from '@app/access';
import { Sql, inTransaction } from '@app/db';
import { DomainError, JurisdictionDirectory, invalid, notFound } from '@app/engine';
import { auditAdministration } from './administration-audit';
import { JurisdictionCsvRow, RowError, parseJurisdictionCsv } from './jurisdiction-csv';

export interface StoredNode {
  code: string;
  name: string;
  level: JurisdictionLevel;
  parent_code: string | null;
  province_code: string | null;
  city_code: string;
  county_code: string | null;
  township_code: string | null;
}

/** The column of a jurisdiction row that holds the code of its ancestor (or itself) at `level`. */
export const ANCESTOR_COLUMN: Record<JurisdictionLevel, keyof StoredNode> = {
  province: 'province_code', city: 'city_code', county: 'county_code', township: 'township_code', village: 'code',
};

const depth = (level: JurisdictionLevel) => JURISDICTION_LEVELS.indexOf(level);

/**
 * The jurisdiction tree as administrators see it: nodes inside their subtree, its children, and the
 * CSV import. The tree comes from parentCode alone; a node's ancestor columns (province_code …
 * township_code) are computed here from its parents, and city_code falls back to the tree's root
 * when there is no city above (a county's own installation).
 */
@Injectable()
export class JurisdictionTree {
  constructor(private readonly ds: DataSource, private readonly directory: JurisdictionDirectory) {}

  /** The node when it lies inside the caller's subtree (itself included). */
  async inScope(sql: Sql, p: Principal, code: string): Promise<StoredNode | undefined> {
    const [row] = await sql.query(
      `SELECT code, name, level, parent_code, province_code, city_code, county_code, township_code FROM jurisdictions
       WHERE code = $1 AND (code = $2 OR ${ANCESTOR_COLUMN[p.jurisdiction.level]} = $2)`,
      [code, p.jurisdiction.code],
    );
    return row;
  }

  /** Children of a node inside the caller's subtree; without a parent, the caller's own node. */
  async children(p: Principal, parent: string | undefined) {
    if (parent !== undefined && (typeof parent !== 'string' || parent.length > 32)) throw invalid([{ field: 'parent', message: '上级代码格式不正确', en: 'the parent code has the wrong format' }]);
    if (parent && !(await this.inScope(this.ds, p, parent))) throw notFound({ zh: '行政区划不存在或不在您的辖区内', en: 'The jurisdiction does not exist or is outside yours' });
    const rows = await this.ds.query(
      `SELECT j.code, j.name, j.level, j.parent_code, (SELECT count(*) FROM jurisdictions c WHERE c.parent_code = j.code)::int AS child_count
       FROM jurisdictions j WHERE ${parent ? 'j.parent_code = $1' : 'j.code = $1'} ORDER BY j.code`,
      [parent ?? p.jurisdiction.code],
    );
    return {
      items: rows.map((r: any) => ({ code: r.code, name: r.name, level: r.level, levelTitle: LEVEL_TITLES[r.level as JurisdictionLevel], parentCode: r.parent_code, childCount: r.child_count })),
    };
  }

  /**
   * Imports `code,name,parentCode,level` rows inside the caller's subtree: new nodes are added,
   * renamed ones keep their old name in jurisdiction_changes; a row error anywhere (bad field,
   * duplicate, unknown parent, parent outside the subtree, cycle, level not below its parent, an
   * existing node moved or re-levelled) is reported by line and nothing is written.
   */
  async import(p: Principal, text: string) {
    const parsed = parseJurisdictionCsv(text);
    const errors: RowError[] = [...parsed.errors];
    const stored = new Map<string, StoredNode>(
      (await this.ds.query(`SELECT code, name, level, parent_code, province_code, city_code, county_code, township_code FROM jurisdictions`)).map(
        (r: StoredNode) => [r.code, r],
      ),
    );
    const scopeColumn = ANCESTOR_COLUMN[p.jurisdiction.level];
    const inScope = (n: StoredNode) => n.code === p.jurisdiction.code || n[scopeColumn] === p.jurisdiction.code;

    const fileRows = new Map<string, JurisdictionCsvRow>();
    for (const r of parsed.rows) {
      const first = fileRows.get(r.code);
      if (first) errors.push({ line: r.line, field: 'code', message: `代码 ${r.code} 与第 ${first.line} 行重复`, en: `code ${r.code} repeats line ${first.line}` });
      else fileRows.set(r.code, r);
    }
    const created: JurisdictionCsvRow[] = [];
    const renamed: Array<{ row: JurisdictionCsvRow; before: StoredNode }> = [];
    let unchanged = 0;
    for (const r of fileRows.values()) {
      const existing = stored.get(r.code);
      if (existing) {
        if (!inScope(existing)) errors.push({ line: r.line, field: 'code', message: '该代码已属于您管理范围以外的行政区划', en: 'this code belongs to a jurisdiction outside what you administer' });
        else if ((existing.parent_code ?? null) !== r.parentCode || existing.level !== r.level) {
          errors.push({ line: r.line, field: existing.level !== r.level ? 'level' : 'parentCode', message: '已有行政区划的上级或层级不能通过导入更改（区划调整请联系上级管理员）', en: "an existing jurisdiction's parent or level cannot be changed by an import (for a boundary change, ask the administrator above you)" });
        } else if (existing.name !== r.name) renamed.push({ row: r, before: existing });
        else unchanged++;
        continue;
      }
      if (!r.parentCode) {
        errors.push({ line: r.line, field: 'parentCode', message: '新增行政区划须填写上级代码（根节点由 admin:bootstrap 创建）', en: 'a new jurisdiction needs a parent code (the root is created by admin:bootstrap)' });
        continue;
      }
      if (inCycle(r, fileRows, stored)) {
        errors.push({ line: r.line, field: 'parentCode', message: '上级关系形成循环', en: 'the parent codes form a cycle' });
        continue;
      }
      const parent = fileRows.get(r.parentCode) ?? stored.get(r.parentCode);
      if (!parent) errors.push({ line: r.line, field: 'parentCode', message: `上级代码 ${r.parentCode} 不存在（既不在库中，也不在本文件中）`, en: `parent code ${r.parentCode} does not exist (neither stored nor in this file)` });
      else if (!fileRows.has(r.parentCode) && !inScope(parent as StoredNode)) {
        errors.push({ line: r.line, field: 'parentCode', message: '上级不在您的管理范围内', en: 'the parent is outside what you administer' });
      } else if (depth(r.level) <= depth(parent.level)) {
        errors.push({ line: r.line, field: 'level', message: `层级应低于上级（上级为${LEVEL_TITLES[parent.level]}级）`, en: `the level must be below the parent's (the parent is at ${parent.level} level)` });
      } else created.push(r);
    }
    if (errors.length) {
      errors.sort((a, b) => a.line - b.line);
      throw new DomainError(400, '导入失败', { zh: `${errors.length} 处错误，未写入任何数据；请按行号修改后重新导入`, en: `${errors.length} error(s); nothing was written. Correct the numbered lines and import again` }, errors);
    }

    const ordered = topological(created, stored);
    const rootOf = (n: StoredNode): string => {
      let at = n;
      while (at.parent_code && stored.get(at.parent_code)) at = stored.get(at.parent_code)!;
      return at.code;
    };
    return inTransaction(this.ds, async (tx) => {
      for (const r of ordered) {
        const parent = stored.get(r.parentCode!)!;
        const node: StoredNode = {
          code: r.code, name: r.name, level: r.level, parent_code: parent.code,
          province_code: r.level === 'province' ? r.code : parent.province_code,
          city_code: r.level === 'city' ? r.code : parent.city_code,
          county_code: r.level === 'county' ? r.code : parent.county_code,
          township_code: r.level === 'township' ? r.code : parent.township_code,
        };
        if (!node.city_code) node.city_code = rootOf(parent);
        await tx.query(
          `INSERT INTO jurisdictions (code, name, level, parent_code, province_code, city_code, county_code, township_code)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
          [node.code, node.name, node.level, node.parent_code, node.province_code, node.city_code, node.county_code, node.township_code],
        );
        await tx.query(`INSERT INTO jurisdiction_changes (code, changed_by, before, after) VALUES ($1, $2, NULL, $3)`, [
          node.code, p.id, JSON.stringify({ name: node.name, parentCode: node.parent_code, level: node.level }),
        ]);
        stored.set(node.code, node);
      }
      for (const { row, before } of renamed) {
        await tx.query(`UPDATE jurisdictions SET name = $2, updated_at = now() WHERE code = $1`, [row.code, row.name]);
        await tx.query(`INSERT INTO jurisdiction_changes (code, changed_by, before, after) VALUES ($1, $2, $3, $4)`, [
          row.code, p.id, JSON.stringify({ name: before.name }), JSON.stringify({ name: row.name }),
        ]);
      }
      await auditAdministration(tx, p, 'JURISDICTIONS_IMPORTED', {
        sha256: createHash('sha256').update(text).digest('hex'),
        imported: ordered.length, updated: renamed.length, unchanged,
        created: ordered.slice(0, 200).map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode })),
        renamed: renamed.map(({ row, before }) => ({ code: row.code, before: { name: before.name }, after: { name: row.name } })),
      });
      return { imported: ordered.length, updated: renamed.length, unchanged };
    }).finally(() => this.directory.load().catch(() => undefined));
  }
}

/** A new row whose chain of parents inside the file comes back to itself (never reaching the stored tree). */
function inCycle(r: JurisdictionCsvRow, fileRows: Map<string, JurisdictionCsvRow>, stored: Map<string, unknown>): boolean {
  const seen = new Set<string>();
  let at: JurisdictionCsvRow | undefined = r;
  while (at && !stored.has(at.code)) {
    if (seen.has(at.code)) return true;
    seen.add(at.code);
    at = at.parentCode ? fileRows.get(at.parentCode) : undefined;
  }
  return false;
}

/** New rows with every parent before its children. */
function topological(rows: JurisdictionCsvRow[], stored: Map<string, unknown>): JurisdictionCsvRow[] {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const pending = new Set(byCode.keys());
  const out: JurisdictionCsvRow[] = [];
  const visit = (r: JurisdictionCsvRow) => {
    if (!pending.has(r.code)) return;
    pending.delete(r.code);
    const parent = r.parentCode && !stored.has(r.parentCode) ? byCode.get(r.parentCode) : undefined;
    if (parent) visit(parent);
    out.push(r);
  };
  for (const r of rows) visit(r);
  return out;
}
