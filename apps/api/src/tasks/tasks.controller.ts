import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '@app/access';
import { InboxQuery, ROLE_TITLES, TaskQueue } from '@app/engine';
import { ProcessRegistry, type Role } from '@app/processes';
import { DataSource } from 'typeorm';
import { Caller } from '../auth/public.decorator';
import { recordListExport } from '../exports/export-audit';
import { sendJsonWithEtag } from '../system/etag';
import { problemLanguage, textIn } from '../system/problem-language';
import { allPages, fileStamp, localDateTime, sendXlsx, wantsXlsx } from '../exports/xlsx';

const LANE_TITLES: Record<string, string> = { emergency: '急难', fast: '三优', normal: '普通' };

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly queue: TaskQueue, private readonly processes: ProcessRegistry, private readonly ds: DataSource) {}

  /**
   * The caller's work queue. JSON with an ETag (If-None-Match → 304: the console polls it), or
   * `format=xlsx`: every row under the same filters as an Excel file (Chinese headers, local time).
   */
  @Get()
  @ApiQuery({ name: 'format', enum: ['json', 'xlsx'], required: false })
  async inbox(@Caller() p: Principal, @Query() q: InboxQuery & { format?: string }, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const { format, ...filters } = q;
    if (!wantsXlsx(format)) {
      sendJsonWithEtag(req, res, await this.queue.inbox(p, filters));
      return;
    }
    const { items, truncated } = await allPages((cursor) => this.queue.inbox(p, { ...filters, cursor, limit: '200' }));
    const rows = (items as any[]).map((t) => [
      t.title?.zh ?? '', this.processes.latest(t.processKey)?.title.zh ?? '', LANE_TITLES[t.lane] ?? '',
      t.case?.applicantName ?? '', t.case?.villageName ?? '', t.case?.stateTitle?.zh ?? '',
      localDateTime(t.case?.filedAt), t.case?.waitingDays ?? '', t.case?.amount?.amount ?? '', t.case?.amount?.title.zh ?? '',
      localDateTime(t.dueAt), t.overdue ? '是' : '否', ROLE_TITLES[t.role as Role] ?? '',
      t.case?.previousHandler?.displayName ?? '', t.status === 'claimed' ? (t.claimedByName ?? '已认领') : '待认领',
    ]);
    await recordListExport(this.ds, p, 'tasks', filters, rows.length);
    await sendXlsx(res, {
      filename: `待办任务-${fileStamp()}`, title: '待办任务',
      columns: [
        { header: '任务', width: 24 }, { header: '业务', width: 16 }, { header: '通道' }, { header: '申请人', width: 12 }, { header: '村（社区）', width: 16 },
        { header: '案件状态', width: 16 }, { header: '受理时间', width: 18 }, { header: '等待天数' }, { header: '金额（元）', width: 12 }, { header: '金额说明' },
        { header: '办理期限', width: 18 }, { header: '是否超期' }, { header: '办理角色', width: 16 }, { header: '上一经办人', width: 14 }, { header: '认领情况', width: 14 },
      ],
      rows,
      note: truncated ? `仅导出前 ${rows.length} 行（EXPORT_MAX_ROWS），请缩小筛选范围` : undefined,
    }, 'tasks');
  }

  /** 批量认领: `{ids: [...]}` → per id 200 with the task, or its 403/404/409 and why. */
  @Post('claim')
  @HttpCode(200)
  async claimMany(@Caller() p: Principal, @Body() body: unknown, @Req() req: FastifyRequest) {
    // Each refusal's detail in the caller's language, like a problem answer's (issue 18).
    const lang = problemLanguage(req.headers['accept-language']);
    const { results, claimed } = await this.queue.claimMany(p, body);
    return { results: results.map(({ detailEn, ...r }) => (r.detail === undefined ? r : { ...r, detail: textIn(lang, r.detail, detailEn) })), claimed };
  }

  @Post(':id/claim')
  @HttpCode(200)
  claim(@Caller() p: Principal, @Param('id') id: string) {
    return this.queue.claim(p, id);
  }

  @Post(':id/release')
  @HttpCode(200)
  release(@Caller() p: Principal, @Param('id') id: string) {
    return this.queue.release(p, id);
  }
}
