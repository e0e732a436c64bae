import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@app/access';
import { Caller } from '../auth/public.decorator';
import { CaseDocuments } from './case-documents';
import { NoticeTables } from './notice-tables';

/** Printed forms of a case (definition.documents) and a village's 公示 table. */
@ApiTags('documents')
@ApiBearerAuth()
@Controller()
export class DocumentsController {
  constructor(private readonly documents: CaseDocuments, private readonly tables: NoticeTables) {}

  @Get('cases/:id/documents')
  list(@Caller() p: Principal, @Param('id') id: string) {
    return this.documents.list(p, id);
  }

  @Get('cases/:id/documents/:key')
  document(@Caller() p: Principal, @Param('id') id: string, @Param('key') key: string) {
    return this.documents.document(p, id, key);
  }

  @Get('notice-tables/:processKey/:state')
  noticeTable(@Caller() p: Principal, @Param('processKey') processKey: string, @Param('state') state: string, @Query('villageCode') villageCode: unknown) {
    return this.tables.table(p, processKey, state, villageCode);
  }
}
