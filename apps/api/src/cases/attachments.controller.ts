import { ArgumentsHost, Catch, Injectable, Controller, ExceptionFilter, Get, HttpException, Param, PayloadTooLargeException, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '@app/access';
import { CaseAttachments, DomainError, contentDisposition, invalid } from '@app/engine';
import { Caller } from '../auth/public.decorator';
import { READ_ONLY_ROLES } from '../auth/read-only.guard';
import { RequireRoles } from '../auth/roles.guard';
import { ProblemFilter } from '../system/problem.filter';
import { readUpload } from './attachment-uploads';
import { WRITE_ROLES } from './cases.controller';

const mib = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;

/**
 * The multipart refusals (size, a second file, another field name, a broken body: readUpload in
 * attachment-uploads.ts, worded as multer's were) arrive as Nest's HTTP exceptions without a field:
 * the upload's problem names `file`, then the api's one filter answers.
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
  @UseFilters(UploadProblems)
  async upload(@Caller() p: Principal, @Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    // Read after the guards (as multer's interceptor was): a caller refused never has the body read.
    const { file, fields } = await readUpload(req, reply, this.attachments.settings.maxBytes);
    const summary = await this.attachments.upload(p, id, file, fields);
    reply.status(201).send(summary);
  }

  @Get('cases/:id/attachments')
  async list(@Caller() p: Principal, @Param('id') id: string) {
    const out = await this.attachments.list(p, id);
    // Reviewers look and never add (the read-only guard would refuse the upload anyway).
    return { ...out, canUpload: out.canUpload && !p.roles.some((r) => READ_ONLY_ROLES.includes(r)) };
  }

  @Get('attachments/:id')
  async download(@Caller() p: Principal, @Param('id') id: string, @Res() reply: FastifyReply) {
    const a = await this.attachments.open(p, id);
    reply
      .status(200)
      .header('Content-Type', a.contentType)
      .header('Content-Length', String(a.bytes.length))
      .header('Content-Disposition', contentDisposition(a.name))
      .header('X-Content-Type-Options', 'nosniff')
      // What the case's audit chain recorded for these bytes (verify checks the two agree).
      .header('ETag', `"sha256-${a.sha256}"`)
      .send(a.bytes);
  }
}
