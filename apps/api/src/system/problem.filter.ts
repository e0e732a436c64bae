import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError, FieldError, Localized } from '@app/engine';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemLanguage, problemLanguage, textIn, titleIn } from './problem-language';
import { pathOf, routeOf } from './request-route';

const PG_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);

interface Problem {
  status: number;
  /** zh-CN, as thrown. */
  title: string;
  detail: string;
  /** The thrower's English detail, when it gave one. */
  detailEn?: string;
  errors?: FieldError[];
}

const problemOf = (status: number, title: string, detail: Localized, errors?: FieldError[]): Problem =>
  ({ status, title, detail: detail.zh, detailEn: detail.en, ...(errors ? { errors } : {}) });

/** The answer in the caller's language (Accept-Language): same status, type and fields, only the words differ. */
function inLanguage(p: Problem, lang: ProblemLanguage) {
  return {
    status: p.status,
    title: titleIn(lang, p.title),
    detail: textIn(lang, p.detail, p.detailEn),
    ...(p.errors ? { errors: p.errors.map(({ en, ...e }) => ({ ...e, message: textIn(lang, e.message, en) })) } : {}),
  };
}

/**
 * Every error leaves as application/problem+json (RFC 9457), in the caller's language (zh-CN by
 * default, English when Accept-Language prefers it). Domain errors keep their status and
 * field errors; a body too large is 413; a database that is down is 503, so callers know
 * to retry; anything else is a 500 whose details go to the log, not the client.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly log = new Logger('Problem');

  catch(err: any, host: ArgumentsHost) {
    const reply: FastifyReply = host.switchToHttp().getResponse();
    const req: FastifyRequest = host.switchToHttp().getRequest();
    const problem = this.toProblem(err);
    if (problem.status >= 500) this.log.error(`${req.method} ${routeOf(req) ?? pathOf(req)}: ${err?.code ?? ''} ${err?.message ?? err}`);
    const lang = problemLanguage(req.headers?.['accept-language']);
    reply
      .header('Content-Language', lang)
      .status(problem.status)
      .type('application/problem+json')
      .send({ type: 'about:blank', instance: pathOf(req), ...inLanguage(problem, lang) });
  }

  private toProblem(err: any): Problem {
    if (err instanceof DomainError) {
      return { status: err.status, title: err.title, detail: err.message, detailEn: err.en, ...(err.errors.length ? { errors: err.errors } : {}) };
    }
    // Nest hands Fastify's own refusals (a body too large) over wrapped in an HttpException (its `cause`).
    const code = (err instanceof HttpException && err.cause ? (err.cause as any) : err)?.code;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err?.status === 413) {
      return problemOf(413, '请求过大', { zh: '请求体超过允许的大小', en: 'The request body is larger than allowed' });
    }
    if (err instanceof HttpException) {
      const status = err.getStatus();
      const said = typeof err.getResponse() === 'string' ? (err.getResponse() as string) : err.message;
      // The router's own answer to an unknown address is English ("Cannot GET /api/x"): say it in the caller's language.
      const unknown = status === 404 ? /^Cannot ([A-Z]+) (\S+)$/.exec(said) : null;
      if (unknown) return problemOf(404, '未找到', { zh: `没有这个地址：${unknown[1]} ${unknown[2]}`, en: `No such address: ${unknown[1]} ${unknown[2]}` });
      return { status, title: status === 404 ? '未找到' : '请求错误', detail: said };
    }
    if (PG_UNAVAILABLE.has(err?.code) || /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(err?.message ?? '')) {
      return problemOf(503, '服务暂不可用', { zh: '数据库暂时不可用，请稍后重试；您的操作未被保存', en: 'The database is unavailable for now; try again later. Nothing was saved' });
    }
    if (err?.code === '22P02' || err?.code === '22007' || err?.code === '22008') {
      return problemOf(400, '输入无效', { zh: '参数格式不正确', en: 'A parameter has the wrong format' });
    }
    return problemOf(500, '服务器内部错误', { zh: '服务器内部错误，已记录日志', en: 'Internal server error; it has been logged' });
  }
}
