import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@app/access';
import { Caller } from '../auth/public.decorator';
import { StaffRelatives } from './staff-relatives';

/**
 * The caller's own close-relative declarations. Any staff member declares for themselves only, so
 * the jurisdiction check is "the caller" (discipline reviewers are refused by the read-only guard).
 */
@ApiTags('staff')
@ApiBearerAuth()
@Controller('staff/relatives')
export class StaffController {
  constructor(private readonly relatives: StaffRelatives) {}

  /** `{name, relation, idNumber}` → 201 the declaration (ID number masked). */
  @Post()
  declare(@Caller() p: Principal, @Body() body: unknown) {
    return this.relatives.declare(p, body);
  }

  @Get()
  list(@Caller() p: Principal) {
    return this.relatives.list(p);
  }
}
