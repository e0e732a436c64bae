import { Module } from '@nestjs/common';
import { CaseDocuments } from './case-documents';
import { DocumentsController } from './documents.controller';
import { NoticeTables } from './notice-tables';

/** Printing (issue 20): every process's forms through one template mechanism, and village 公示 tables. */
@Module({ controllers: [DocumentsController], providers: [CaseDocuments, NoticeTables] })
export class DocumentsModule {}
