import { Sql } from '@app/db';
import type { Level } from '@app/processes';

export interface JurisdictionNode {
  code: string;
  name: string;
  level: Level;
  parentCode: string | null;
  cityCode: string;
  countyCode: string | null;
  townshipCode: string | null;
}

/**
 * The jurisdiction tree held in memory: a few thousand rows at most for a city, read on start and
 * re-read when an unknown code is asked for (an admin may have added a village).
 */
export class JurisdictionDirectory {
  private nodes = new Map<string, JurisdictionNode>();
  private loadedAt = 0;

  constructor(private readonly sql: Sql) {}

  async load(): Promise<void> {
    const rows = await this.sql.query(`SELECT code, name, level, parent_code, city_code, county_code, township_code FROM jurisdictions`);
    const next = new Map<string, JurisdictionNode>();
    for (const r of rows) {
      next.set(r.code, {
        code: r.code, name: r.name, level: r.level, parentCode: r.parent_code,
        cityCode: r.city_code, countyCode: r.county_code, townshipCode: r.township_code,
      });
    }
    this.nodes = next;
    this.loadedAt = Date.now();
  }

  async find(code: string): Promise<JurisdictionNode | undefined> {
    if (!this.nodes.has(code) && Date.now() - this.loadedAt > 1000) await this.load();
    return this.nodes.get(code);
  }

  name(code: string): string {
    return this.nodes.get(code)?.name ?? code;
  }

  /** Nodes inside `code`'s subtree (itself included). */
  subtree(code: string): JurisdictionNode[] {
    const root = this.nodes.get(code);
    if (!root) return [];
    const col = ({ city: 'cityCode', county: 'countyCode', township: 'townshipCode', village: 'code' } as const)[root.level];
    return [...this.nodes.values()].filter((n) => n[col] === code || n.code === code);
  }
}
