import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { ATTACHMENT_STORE, AttachmentStore, DomainError, JurisdictionDirectory, S3AttachmentStore, SETTINGS, Settings } from '@app/engine';
import { ProcessRegistry, describeProcess } from '@app/processes';
import { Caller, Public } from '../auth/public.decorator';
import { RedisProbe } from './redis-probe';
import { JurisdictionTree } from '../admin/jurisdiction-tree';
import { ApiMetrics, metricsAccess } from './metrics';

@ApiTags('system')
@Controller()
export class SystemController {
  constructor(
    private readonly ds: DataSource,
    private readonly redis: RedisProbe,
    private readonly processes: ProcessRegistry,
    private readonly dir: JurisdictionDirectory,
    private readonly tree: JurisdictionTree,
    private readonly apiMetrics: ApiMetrics,
    @Inject(SETTINGS) private readonly settings: Settings,
    @Inject(ATTACHMENT_STORE) private readonly attachments: AttachmentStore,
  ) {}

  /**
   * Readiness: 200 when PostgreSQL, the queue backend and (ATTACHMENT_STORAGE=s3) the object
   * store's bucket answer, 503 otherwise (events still work without Redis or the object store).
   * With QUEUE_BACKEND=postgres the queues are in PostgreSQL and Redis is not used.
   */
  @Public()
  @Get('health')
  async health(@Res() res: FastifyReply) {
    const objects = this.attachments instanceof S3AttachmentStore ? this.attachments : undefined;
    const usesRedis = this.settings.queueBackend === 'redis';
    const [postgres, redis, objectStore] = await Promise.all([
      this.ds.query('SELECT 1').then(() => true, () => false),
      usesRedis ? this.redis.up() : true,
      objects ? objects.up() : true,
    ]);
    const ok = postgres && redis && objectStore;
    res.status(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'degraded',
      postgres: postgres ? 'up' : 'down',
      redis: usesRedis ? (redis ? 'up' : 'down') : 'not used',
      objectStore: objects ? (objectStore ? 'up' : 'down') : 'not used',
    });
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

  /**
   * Prometheus metrics (prom-client; apps/api/src/system/metrics.ts says what is measured where).
   * Not behind the login: with METRICS_TOKEN set it needs that bearer token, otherwise a loopback peer.
   */
  @Public()
  @Get('metrics')
  async metrics(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const access = metricsAccess(this.settings.metricsToken, req.headers.authorization, req.socket.remoteAddress);
    if (!access.allowed) {
      if (access.status === 401) res.header('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new DomainError(access.status, access.status === 401 ? '需要令牌' : '无权访问', access.detail);
    }
    const body = await this.apiMetrics.render();
    res.header('Content-Type', this.apiMetrics.registry.contentType);
    res.send(body);
  }
}
