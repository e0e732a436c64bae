import { ArgumentsHost, Body, Catch, Injectable, Controller, ExceptionFilter, Get, HttpException, Param, PayloadTooLargeException, Post, Res, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '@app/access';
import { AttachmentSettings, CaseAttachments, DomainError, UploadedFile as File, contentDisposition, invalid } from '@app/engine';
import { Caller } from '../auth/public.decorator';
import { READ_ONLY_ROLES } from '../auth/read-only.guard';
import { RequireRoles } from '../auth/roles.guard';
import { ProblemFilter } from '../system/problem.filter';
import { WRITE_ROLES } from './cases.controller';

/** multer's options for the upload route (MulterModule in AppModule): memory, one file, the configured size. */
export function uploadOptions(settings: AttachmentSettings) {
  return {
    // Browsers send UTF-8 file names in filename="…"; busboy's default would read them as latin1.
    defParamCharset: 'utf8',
    limits: { fileSize: settings.maxBytes, files: 1, fields: 4, parts: 5, fieldSize: 200 },
  };
}

const mib = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;

/**
 * multer's refusals (size, a second file, another field name, a broken body) arrive as Nest's
 * HTTP exceptions without a field: the upload's problem names `file`, then the api's one filter
 * answers.
 */
@Catch()
@Injectable()
export class UploadProblems implements ExceptionFilter {
  private readonly problems = new ProblemFilter();
  private readonly maxBytes: number;

  constructor(attachments: CaseAttachments) {
    this.maxBytes = attachments.settings.maxBytes;
  }

  catch(err: unknown, host: ArgumentsHost) {
    let out = err;
    if (err instanceof PayloadTooLargeException) {
      out = new DomainError(413, '文件过大', { zh: `文件超过 ${mib(this.maxBytes)} 的上限`, en: `The file is larger than the ${mib(this.maxBytes)} limit` }, [
        { field: 'file', message: `文件不能超过 ${mib(this.maxBytes)}（ATTACHMENT_MAX_BYTES）`, en: `The file may not exceed ${mib(this.maxBytes)} (ATTACHMENT_MAX_BYTES)` },
      ]);
    } else if (err instanceof HttpException && err.getStatus() === 400) {
      out = invalid([{ field: 'file', message: `上传格式不对：表单字段 file 放一个文件，可选字段 kind（${err.message}）`, en: `Wrong upload format: put one file in the form field file, optionally a kind field (${err.message})` }]);
    }
    this.problems.catch(out, host);
  }
}

@ApiTags('attachments')
@ApiBearerAuth()
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: CaseAttachments) {}

  @Post('cases/:id/attachments')
  @RequireRoles(...WRITE_ROLES)
  @UseInterceptors(FileInterceptor('file'))
  @UseFilters(UploadProblems)
  async upload(@Caller() p: Principal, @Param('id') id: string, @UploadedFile() file: File | undefined, @Body() fields: Record<string, unknown> | undefined, @Res() res: Response) {
    res.status(201).json(await this.attachments.upload(p, id, file, { ...(fields ?? {}) }));
  }

  @Get('cases/:id/attachments')
  async list(@Caller() p: Principal, @Param('id') id: string) {
    const out = await this.attachments.list(p, id);
    // Reviewers look and never add (the read-only guard would refuse the upload anyway).
    return { ...out, canUpload: out.canUpload && !p.roles.some((r) => READ_ONLY_ROLES.includes(r)) };
  }

  @Get('attachments/:id')
  async download(@Caller() p: Principal, @Param('id') id: string, @Res() res: Response) {
    const a = await this.attachments.open(p, id);
    res.setHeader('Content-Type', a.contentType);
    res.setHeader('Content-Length', String(a.bytes.length));
    res.setHeader('Content-Disposition', contentDisposition(a.name));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // What the case's audit chain recorded for these bytes (verify checks the two agree).
    res.setHeader('ETag', `"sha256-${a.sha256}"`);
    res.end(a.bytes);
  }
}
