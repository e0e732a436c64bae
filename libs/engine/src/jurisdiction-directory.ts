import { Sql } from '@app/db';
import type { JurisdictionLevel } from '@app/access';

export interface JurisdictionNode {
  code: string;
  name: string;
  level: JurisdictionLevel;
  parentCode: string | null;
  provinceCode: string | null;
  cityCode: string;
  countyCode: string | null;
  townshipCode: string | null;
}

/**
 * The jurisdiction tree held in memory: a few thousand rows at most for a city, read on start,
 * re-read when an unknown code is asked for (an admin may have added a village) and at most
 * MAX_AGE_MS old otherwise, so a rename made through another replica shows within seconds.
 */
const MAX_AGE_MS = 10_000;
/** What a jurisdiction code looks like (statistical division codes: 6 digits for a county, 9 for a township, 12 for a village). */
const CODE = /^[0-9]{6,12}$/;

export class JurisdictionDirectory {
  private nodes = new Map<string, JurisdictionNode>();
  private loadedAt = 0;

  constructor(private readonly sql: Sql) {}

  async load(): Promise<void> {
    const rows = await this.sql.query(`SELECT code, name, level, parent_code, province_code, city_code, county_code, township_code FROM jurisdictions`);
    const next = new Map<string, JurisdictionNode>();
    for (const r of rows) {
      next.set(r.code, {
        code: r.code, name: r.name, level: r.level, parentCode: r.parent_code, provinceCode: r.province_code,
        cityCode: r.city_code, countyCode: r.county_code, townshipCode: r.township_code,
      });
    }
    this.nodes = next;
    this.loadedAt = Date.now();
  }

  async find(code: string): Promise<JurisdictionNode | undefined> {
    const age = Date.now() - this.loadedAt;
    if ((!this.nodes.has(code) && age > 1000) || age > MAX_AGE_MS) await this.load();
    return this.nodes.get(code);
  }

  name(code: string): string {
    return this.nodes.get(code)?.name ?? code;
  }

  /**
   * Names of the jurisdiction codes found anywhere in `values` (a finding's 责任单位, escalation
   * path), so no one reads a bare 370832 (issue 20). From memory: no query, nothing reloaded.
   */
  namesIn(...values: unknown[]): Record<string, string> {
    const names: Record<string, string> = {};
    const visit = (v: unknown): void => {
      if (typeof v === 'string') {
        const node = CODE.test(v) ? this.nodes.get(v) : undefined;
        if (node) names[v] = node.name;
      } else if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') Object.values(v).forEach(visit);
    };
    values.forEach(visit);
    return names;
  }

  /** Nodes inside `code`'s subtree (itself included). */
  subtree(code: string): JurisdictionNode[] {
    const root = this.nodes.get(code);
    if (!root) return [];
    const col = ({ province: 'provinceCode', city: 'cityCode', county: 'countyCode', township: 'townshipCode', village: 'code' } as const)[root.level];
    return [...this.nodes.values()].filter((n) => n[col] === code || n.code === code);
  }
}
