import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { JurisdictionDirectory, ROLE_TITLES } from '@app/engine';
import { ProcessRegistry, type Role } from '@app/processes';
import { actionWords } from '../audit/audit-actions';
import { RELATIONS } from '../staff/staff-relatives';
import { recordListExport } from '../exports/export-audit';
import { allPages, fileStamp, localDateTime, sendXlsx } from '../exports/xlsx';
import { FlagFinder, FlagItem, FlagQuery } from './flag-finder';

/** Words for the detail keys the engine's own flags carry (a process's flags keep their keys). */
const DETAIL_WORDS: Record<string, string> = {
  actor: '操作人', usernames: '相关人员', relations: '关系', roles: '角色', action: '操作', state: '所处状态', status: '状态码', reason: '原因', count: '次数', windowMinutes: '时间窗（分钟）',
};

/** Ids a name beside them says again (the console hides them too). */
const HIDDEN = new Set(['userIds', 'withdrawnUserIds']);

/** GET /api/flags?format=xlsx: the flags under the same filters, with titles and local times. */
@Injectable()
export class FlagListExport {
  constructor(private readonly ds: DataSource, private readonly finder: FlagFinder, private readonly processes: ProcessRegistry, private readonly dir: JurisdictionDirectory) {}

  async send(p: Principal, filters: FlagQuery, reply: FastifyReply) {
    const people: Record<string, string> = {};
    const { items, truncated } = await allPages<FlagItem>(async (cursor) => {
      const page = await this.finder.find(p, { ...filters, cursor, limit: '500' });
      Object.assign(people, page.people);
      return page;
    });
    const rows = items.map((f) => [
      localDateTime(f.at), this.finder.titles[f.code]?.zh ?? f.code, this.processes.latest(f.processKey)?.title.zh ?? '',
      this.dir.name(f.countyCode) ?? f.countyCode, f.caseIds.map((id) => id.slice(0, 8)).join('、'), this.detail(f, people), f.auditEntryIds.join('、'), f.caseIds.join('、'),
    ]);
    await recordListExport(this.ds, p, 'flags', filters as Record<string, unknown>, rows.length);
    await sendXlsx(reply, {
      filename: `异常线索-${fileStamp()}`, title: '异常线索',
      columns: [
        { header: '发现时间', width: 18 }, { header: '线索类型', width: 20 }, { header: '业务', width: 16 }, { header: '县（市、区）', width: 14 },
        { header: '案件编号', width: 12 }, { header: '详情', width: 50 }, { header: '审计记录序号', width: 16 }, { header: '完整案件编号', width: 38 },
      ],
      rows,
      note: truncated ? `仅导出前 ${rows.length} 行（EXPORT_MAX_ROWS），请缩小筛选范围` : undefined,
    }, 'flags');
  }

  /** People by display name, roles and actions by title (issue 20); a process's own keys and values as they are. */
  private detail(f: FlagItem, people: Record<string, string>): string {
    const word = (k: string, v: string) =>
      k === 'action' ? actionWords(this.processes, v)
        : k === 'roles' ? v.split(',').map((r) => ROLE_TITLES[r.trim() as Role] ?? r).join('、')
          : k === 'relations' ? (RELATIONS[v] ?? v)
            : (people[v] ?? v);
    return Object.entries(f.detail ?? {})
      .filter(([k, v]) => !HIDDEN.has(k) && v !== null && v !== undefined && v !== '')
      .map(([k, v]) => `${DETAIL_WORDS[k] ?? k}：${
        typeof v === 'string' ? word(k, v)
          : Array.isArray(v) && v.every((x) => typeof x === 'string') ? v.map((x) => word(k, x)).join('、')
            : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join('；');
  }
}
