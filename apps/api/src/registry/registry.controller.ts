import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
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
  import(@Caller() p: Principal, @Req() req: FastifyRequest) {
    // The CSV is read from the request stream (create-app leaves a body that is not JSON or multipart unread): see RegistryImport.
    return this.importer.import(p, req);
  }
}
