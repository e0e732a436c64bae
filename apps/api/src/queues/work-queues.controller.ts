import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '@app/access';
import { DELEGABLE_ROLES, Delegations, DispatchQuery, DispatchReports, QueueStats, QueueStatsQuery, TaskSupervision, invalid } from '@app/engine';
import { ProcessRegistry, ROLES } from '@app/processes';
import { Caller } from '../auth/public.decorator';
import { sendXlsx } from '../exports/xlsx';
import { dispatchSheet } from './dispatch-sheet';
import { RequireRoles } from '../auth/roles.guard';

/** Roles that see figures: everyone but the village clerk (the services scope them to the subtree). */
const FIGURE_ROLES = ROLES.filter((r) => r !== 'village_clerk');

/** POST /api/tasks/:id/reassign — a supervisor hands a task to a named colleague, with a reason. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TaskSupervisionController {
  constructor(private readonly supervision: TaskSupervision) {}

  @Post(':id/reassign')
  @HttpCode(200)
  @RequireRoles(...DELEGABLE_ROLES)
  reassign(@Caller() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.supervision.reassign(p, id, body);
  }
}

/** 委托办理: POST /api/delegations (own role, to a colleague), GET /api/delegations (given and received), POST /api/delegations/:id/end. */
@ApiTags('delegations')
@ApiBearerAuth()
@Controller('delegations')
export class DelegationsController {
  constructor(private readonly delegations: Delegations) {}

  @Post()
  @RequireRoles(...DELEGABLE_ROLES)
  create(@Caller() p: Principal, @Body() body: unknown) {
    return this.delegations.create(p, body);
  }

  @Get()
  @RequireRoles(...DELEGABLE_ROLES)
  list(@Caller() p: Principal) {
    return this.delegations.listOwn(p);
  }

  /** Ends a delegation early {reason}: the delegator, or a supervisor of the role (as for task reassignment). */
  @Post(':id/end')
  @HttpCode(200)
  @RequireRoles(...DELEGABLE_ROLES)
  end(@Caller() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.delegations.end(p, id, body);
  }
}

@ApiTags('queues')
@ApiBearerAuth()
@Controller()
export class QueueFiguresController {
  constructor(private readonly stats: QueueStats, private readonly dispatch: DispatchReports, private readonly processes: ProcessRegistry) {}

  /** Per role and jurisdiction in the caller's subtree: open, claimed, overdue, oldest and median age. */
  @Get('queues/stats')
  @RequireRoles(...ROLES)
  queueStats(@Caller() p: Principal, @Query() q: QueueStatsQuery) {
    return this.stats.stats(p, q);
  }

  /** 月调度: `format=json` (default), `csv` or `xlsx` (counties with their township rows, subtotals and a total). */
  @Get('reports/dispatch')
  @RequireRoles(...FIGURE_ROLES)
  async dispatchReport(@Caller() p: Principal, @Query() q: DispatchQuery, @Res() res: FastifyReply) {
    const format = q.format ?? 'json';
    if (format !== 'json' && format !== 'csv' && format !== 'xlsx') throw invalid([{ field: 'format', message: '应为 json、csv 或 xlsx', en: 'must be json, csv or xlsx' }]);
    if (format === 'json') {
      res.send(await this.dispatch.get(p, q));
      return;
    }
    if (format === 'xlsx') {
      const report = await this.dispatch.get(p, { ...q, format: undefined });
      const place = q.countyCode ? report.rows[0]?.countyName ?? '' : p.jurisdiction.name;
      const sheet = dispatchSheet(report, (k) => this.processes.latest(k)?.title.zh ?? k, place);
      await this.dispatch.recordExport(p, report, 'xlsx');
      await sendXlsx(res, sheet, `dispatch-${report.period}`);
      return;
    }
    const out = await this.dispatch.csv(p, q);
    res.header('Content-Type', 'text/csv; charset=utf-8');
    res.header('Content-Disposition', `attachment; filename="${out.filename}"`);
    res.send(out.body);
  }

  /** Builds and keeps the month's report in the worker (on demand; the worker also builds each month by itself). */
  @Post('reports/dispatch/build')
  @HttpCode(202)
  @RequireRoles(...FIGURE_ROLES)
  buildDispatchReport(@Caller() p: Principal, @Body() body: unknown) {
    return this.dispatch.requestBuild(p, body);
  }
}
