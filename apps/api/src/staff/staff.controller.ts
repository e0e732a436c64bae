import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
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

  /** `{reason}` (≥ 5 characters after trimming) → 200 the declaration, withdrawn; the caller's own only. */
  @Post(':id/withdraw')
  @HttpCode(200)
  withdraw(@Caller() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.relatives.withdraw(p, id, body);
  }

  @Get()
  list(@Caller() p: Principal) {
    return this.relatives.list(p);
  }
}
