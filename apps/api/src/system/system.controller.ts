import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { JurisdictionDirectory } from '@app/engine';
import { ProcessRegistry, describeProcess } from '@app/processes';
import { Caller, Public } from '../auth/public.decorator';
import { RedisProbe } from './redis-probe';
import { JurisdictionTree } from '../admin/jurisdiction-tree';

@ApiTags('system')
@Controller()
export class SystemController {
  constructor(
    private readonly ds: DataSource,
    private readonly redis: RedisProbe,
    private readonly processes: ProcessRegistry,
    private readonly dir: JurisdictionDirectory,
    private readonly tree: JurisdictionTree,
  ) {}

  /** Readiness: 200 when PostgreSQL and Redis both answer, 503 otherwise (events still work without Redis). */
  @Public()
  @Get('health')
  async health(@Res() res: Response) {
    const postgres = await this.ds.query('SELECT 1').then(() => true, () => false);
    const redis = await this.redis.up();
    res.status(postgres && redis ? 200 : 503).json({ status: postgres && redis ? 'ok' : 'degraded', postgres: postgres ? 'up' : 'down', redis: redis ? 'up' : 'down' });
  }

  @ApiBearerAuth()
  @Get('processes')
  list() {
    return this.processes.all().map(describeProcess);
  }

  /**
   * With `parent`: that node's children (inside the caller's subtree) with child counts, for tree
   * browsing. Without: the caller's whole subtree as a list (pickers).
   */
  @ApiBearerAuth()
  @Get('jurisdictions')
  async jurisdictions(@Caller() p: Principal, @Query('parent') parent?: string) {
    if (parent !== undefined) return this.tree.children(p, parent);
    await this.dir.load();
    return this.dir.subtree(p.jurisdiction.code).map((n) => ({ code: n.code, name: n.name, level: n.level, parentCode: n.parentCode }));
  }

  /** Prometheus text: queue depth of the outbox and open work, read from PostgreSQL. */
  @Public()
  @Get('metrics')
  async metrics(@Res() res: Response) {
    const [m] = await this.ds.query(`SELECT
      (SELECT count(*) FROM outbox WHERE dispatched_at IS NULL)::int AS outbox_pending,
      (SELECT count(*) FROM tasks WHERE status IN ('open','claimed'))::int AS tasks_open,
      (SELECT count(*) FROM case_timers WHERE status = 'armed')::int AS timers_armed,
      (SELECT count(*) FROM sla_clocks WHERE status = 'breached')::int AS sla_breached`);
    const mem = process.memoryUsage();
    res.type('text/plain; version=0.0.4').send(
      [
        '# TYPE casework_outbox_pending gauge', `casework_outbox_pending ${m.outbox_pending}`,
        '# TYPE casework_tasks_open gauge', `casework_tasks_open ${m.tasks_open}`,
        '# TYPE casework_timers_armed gauge', `casework_timers_armed ${m.timers_armed}`,
        '# TYPE casework_sla_breached_total gauge', `casework_sla_breached_total ${m.sla_breached}`,
        '# TYPE process_resident_memory_bytes gauge', `process_resident_memory_bytes ${mem.rss}`,
        '',
      ].join('\n'),
    );
  }
}
