import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '@app/access';
import { CaseEngine, DomainError, checkIdempotencyKey } from '@app/engine';
import { Caller } from '../auth/public.decorator';
import { RequireActors, RequireFilers } from '../auth/roles.guard';
import { ConfirmsSession, SessionReader } from '../auth/session-reader';
import { CaseListExport } from './case-list-export';
import { CaseListing, CaseListQuery } from './case-listing';
import { sendJsonWithEtag } from '../system/etag';
import { wantsXlsx } from '../exports/xlsx';
import { NoticeBoard } from './notice-board';
import { ApiMetrics } from '../system/metrics';

export const WRITE_ROLES = ['village_clerk', 'township_officer', 'poverty_office', 'housing_assessor', 'county_housing', 'county_civil', 'legal_aid_officer', 'lawyer', 'quality_reviewer', 'justice_bureau'] as const;

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(private readonly engine: CaseEngine, private readonly listing: CaseListing, private readonly notices: NoticeBoard, private readonly metrics: ApiMetrics,
    private readonly listExport: CaseListExport, private readonly sessions: SessionReader) {}

  @Post()
  @RequireFilers()
  // The filing's first reads confirm the caller's session: no read of its own (ADR 0013).
  @ConfirmsSession()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async file(@Req() req: FastifyRequest, @Body() body: unknown, @Headers('idempotency-key') key: string | undefined, @Res() res: FastifyReply) {
    const out = await this.sessions.confirming(req, (p, toConfirm) => {
      checkIdempotencyKey(key);
      return this.engine.file(p, body, key, toConfirm);
    });
    res.status(out.status).send(out.body);
  }

  /** JSON with an ETag (If-None-Match → 304: the console polls it), or `format=xlsx` under the same filters. */
  @Get()
  @ApiQuery({ name: 'format', enum: ['json', 'xlsx'], required: false })
  async list(@Caller() p: Principal, @Query() q: CaseListQuery & { format?: string }, @Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const { format, ...filters } = q;
    if (wantsXlsx(format)) return this.listExport.send(p, filters, res);
    sendJsonWithEtag(req, res, await this.listing.list(p, filters));
  }

  @Get(':id')
  view(@Caller() p: Principal, @Param('id') id: string) {
    return this.engine.view(p, id);
  }

  @Post(':id/events')
  // Roles some process lets act (a reviewer only on a process declaring writableBy: the read-only guard).
  @RequireActors()
  // The case's lock confirms the caller's session: no read of its own (ADR 0013).
  @ConfirmsSession()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async event(@Req() req: FastifyRequest, @Param('id') id: string, @Body() body: unknown, @Headers('idempotency-key') key: string | undefined, @Res() res: FastifyReply) {
    let out: Awaited<ReturnType<CaseEngine['apply']>>;
    try {
      out = await this.sessions.confirming(req, (p, toConfirm) => {
        checkIdempotencyKey(key);
        return this.engine.apply(p, id, body, key, toConfirm);
      });
    } catch (e) {
      if (e instanceof DomainError && e.status < 500) await this.metrics.refused(id);
      throw e;
    }
    this.metrics.accepted((out.body as { processKey?: string } | undefined)?.processKey);
    res.status(out.status).send(out.body);
  }

  @Get(':id/history')
  history(@Caller() p: Principal, @Param('id') id: string) {
    return this.engine.history(p, id);
  }

  @Get(':id/applicant/id-number')
  reveal(@Caller() p: Principal, @Param('id') id: string) {
    return this.engine.revealIdNumber(p, id);
  }

  /** 长期公布: a village's standing list of a process (masked names). */
  @Get('standing-lists/:processKey/:villageCode')
  @RequireActors()
  standingList(@Caller() p: Principal, @Param('processKey') processKey: string, @Param('villageCode') villageCode: string) {
    return this.notices.standingList(p, processKey, villageCode);
  }

  @Get(':id/notices/:state')
  notice(@Caller() p: Principal, @Param('id') id: string, @Param('state') state: string) {
    return this.notices.notice(p, id, state);
  }
}
