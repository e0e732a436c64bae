import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@app/access';
import { Caller } from '../auth/public.decorator';
import { RequireRoles } from '../auth/roles.guard';
import { RegistryImport } from './registry-import';

@ApiTags('registry')
@ApiBearerAuth()
@Controller('registry')
export class RegistryController {
  constructor(private readonly importer: RegistryImport) {}

  @Post('import')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @RequireRoles('poverty_office', 'admin')
  import(@Caller() p: Principal, @Body() csv: unknown) {
    return this.importer.import(p, csv);
  }
}
