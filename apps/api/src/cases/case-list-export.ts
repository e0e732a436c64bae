import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { ENGINE_FLAGS } from '@app/engine';
import { ProcessRegistry } from '@app/processes';
import { recordListExport } from '../exports/export-audit';
import { allPages, fileStamp, localDateTime, sendXlsx } from '../exports/xlsx';
import { CaseListing, CaseListQuery } from './case-listing';

const LANE_TITLES: Record<string, string> = { emergency: '急难', fast: '三优', normal: '普通' };

/** GET /api/cases?format=xlsx: the case list under the same filters, in words (titles, local time). */
@Injectable()
export class CaseListExport {
  constructor(private readonly ds: DataSource, private readonly listing: CaseListing, private readonly processes: ProcessRegistry) {}

  async send(p: Principal, filters: CaseListQuery, reply: FastifyReply) {
    const { items, truncated } = await allPages((cursor) => this.listing.list(p, { ...filters, cursor, limit: '200' }));
    const rows = (items as any[]).map((c) => {
      const def = this.processes.latest(c.processKey);
      const flag = (code: string) => def?.flags?.[code]?.title.zh ?? ENGINE_FLAGS[code]?.title.zh ?? code;
      return [
        c.id.slice(0, 8), def?.title.zh ?? '', c.applicant?.name ?? '', c.applicant?.idNumberMasked ?? '', c.villageName ?? '',
        c.stateTitle?.zh ?? '', LANE_TITLES[c.lane] ?? '', c.outcome ? def?.outcomes?.[c.outcome]?.title.zh ?? c.outcome : '',
        localDateTime(c.filedAt), localDateTime(c.updatedAt), c.overdue ? '是' : '否', (c.flags as string[]).map(flag).join('、'), c.id,
      ];
    });
    await recordListExport(this.ds, p, 'cases', filters as Record<string, unknown>, rows.length);
    await sendXlsx(reply, {
      filename: `案件列表-${fileStamp()}`, title: '案件列表',
      columns: [
        { header: '案件编号', width: 12 }, { header: '业务', width: 16 }, { header: '申请人', width: 12 }, { header: '身份证号（脱敏）', width: 22 },
        { header: '村（社区）', width: 16 }, { header: '状态', width: 16 }, { header: '通道' }, { header: '办理结果', width: 12 },
        { header: '受理时间', width: 18 }, { header: '最近更新', width: 18 }, { header: '是否超期' }, { header: '异常标记', width: 24 }, { header: '完整编号', width: 38 },
      ],
      rows,
      note: truncated ? `仅导出前 ${rows.length} 行（EXPORT_MAX_ROWS），请缩小筛选范围` : undefined,
    }, 'cases');
  }
}
