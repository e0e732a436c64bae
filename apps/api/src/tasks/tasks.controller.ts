import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@app/access';
import { InboxQuery, TaskQueue } from '@app/engine';
import { Caller } from '../auth/public.decorator';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly queue: TaskQueue) {}

  @Get()
  inbox(@Caller() p: Principal, @Query() q: InboxQuery) {
    return this.queue.inbox(p, q);
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
