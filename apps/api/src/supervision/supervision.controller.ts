import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '@app/access';
import { AssignablePeople, SupervisionActions, checkIdempotencyKey } from '@app/engine';
import { Caller } from '../auth/public.decorator';

/** 督办 on a case (催办, 改派, 督办意见) and the people a payload field may pick. */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('cases/:id')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionActions, private readonly people: AssignablePeople) {}

  @Get('supervision')
  overview(@Caller() p: Principal, @Param('id') id: string) {
    return this.supervision.overview(p, id);
  }

  @Post('supervision/urges')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async urge(@Caller() p: Principal, @Param('id') id: string, @Body() body: unknown, @Headers('idempotency-key') key: string | undefined, @Res() res: FastifyReply) {
    checkIdempotencyKey(key);
    const out = await this.supervision.urge(p, id, body, key);
    res.status(out.status).send(out.body);
  }

  @Post('supervision/reassignments')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async reassign(@Caller() p: Principal, @Param('id') id: string, @Body() body: unknown, @Headers('idempotency-key') key: string | undefined, @Res() res: FastifyReply) {
    checkIdempotencyKey(key);
    const out = await this.supervision.reassign(p, id, body, key);
    res.status(out.status).send(out.body);
  }

  @Post('supervision/opinions')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async opinion(@Caller() p: Principal, @Param('id') id: string, @Body() body: unknown, @Headers('idempotency-key') key: string | undefined, @Res() res: FastifyReply) {
    checkIdempotencyKey(key);
    const out = await this.supervision.opinion(p, id, body, key);
    res.status(out.status).send(out.body);
  }

  @Get('assignable')
  assignable(@Caller() p: Principal, @Param('id') id: string, @Query() q: { event?: unknown; field?: unknown }) {
    return this.people.forEventField(p, id, q);
  }
}
