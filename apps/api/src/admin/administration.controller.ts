import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { Principal } from '@app/access';
import { DomainError, invalid } from '@app/engine';
import { Caller } from '../auth/public.decorator';
import { RequireRoles } from '../auth/roles.guard';
import { JurisdictionTree } from './jurisdiction-tree';
import { UserAdministration } from './user-administration';
import { isCsvRequest } from '../registry/csv-request';

/** A jurisdiction CSV is small (a county has a few hundred villages; a province a few hundred thousand). */
const JURISDICTION_CSV_LIMIT = 32 * 1024 * 1024;

/** System administration (系统管理): users and the jurisdiction tree, inside the admin's subtree. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
@RequireRoles('admin')
export class AdministrationController {
  constructor(private readonly users: UserAdministration, private readonly tree: JurisdictionTree) {}

  @Get('roles')
  roles() {
    return this.users.roles();
  }

  @Get('users')
  list(@Caller() p: Principal, @Query() q: Record<string, unknown>) {
    return this.users.list(p, q);
  }

  @Post('users')
  create(@Caller() p: Principal, @Body() body: unknown) {
    return this.users.create(p, body);
  }

  @Patch('users/:username')
  update(@Caller() p: Principal, @Param('username') username: string, @Body() body: unknown) {
    return this.users.update(p, username, body);
  }

  @Post('users/:username/reset-password')
  @HttpCode(200)
  reset(@Caller() p: Principal, @Param('username') username: string) {
    return this.users.resetPassword(p, username);
  }

  @Post('jurisdictions/import')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  async importJurisdictions(@Caller() p: Principal, @Req() req: FastifyRequest) {
    // create-app leaves a body that is not JSON or multipart unread: read here from the node request.
    if (!isCsvRequest(req.headers)) throw invalid([{ field: '(body)', message: '请以 text/csv 上传，表头 code,name,parentCode,level', en: 'upload text/csv with the header code,name,parentCode,level' }]);
    return this.tree.import(p, await readText(req.raw, JURISDICTION_CSV_LIMIT));
  }
}

async function readText(req: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new DomainError(413, '请求过大', { zh: `导入文件超过 ${limit / 1024 / 1024} MB`, en: `The import file is larger than ${limit / 1024 / 1024} MB` });
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.includes('\uFFFD')) throw invalid([{ field: '(body)', message: '文件不是 UTF-8 编码（请另存为 UTF-8 CSV）', en: 'the file is not UTF-8 (save it as a UTF-8 CSV)' }]);
  return text;
}
