import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@app/access';
import { Caller } from '../auth/public.decorator';
import { RequireRoles } from '../auth/roles.guard';
import { ENGINE_FLAGS } from '@app/engine';
import { FlagFinder, FlagQuery } from './flag-finder';
import { FlagListExport } from './flag-list-export';
import { wantsXlsx } from '../exports/xlsx';

@ApiTags('flags')
@ApiBearerAuth()
@Controller('flags')
export class FlagsController {
  constructor(private readonly finder: FlagFinder, private readonly listExport: FlagListExport) {}

  /** Anomaly flags (异常线索) inside the caller's subtree, with the cases and audit entries behind them. */
  @Get()
  @RequireRoles('discipline_reviewer')
  @ApiQuery({
    name: 'code', required: false,
    description: `One flag code: the engine's (${Object.keys(ENGINE_FLAGS).join(', ')}) or one a process declares for reviewers (GET /api/processes: flags with reviewers true)`,
  })
  @ApiQuery({ name: 'countyCode', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'ISO 8601' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601 (exclusive)' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1–500, default 100' })
  @ApiQuery({ name: 'format', enum: ['json', 'xlsx'], required: false })
  async find(@Caller() p: Principal, @Query() q: FlagQuery & { format?: string }, @Res() res: FastifyReply) {
    const { format, ...filters } = q;
    if (wantsXlsx(format)) return this.listExport.send(p, filters, res);
    res.send(await this.finder.find(p, filters));
  }
}
