import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A JSON answer with a strong ETag made from its bytes, and 304 when the caller's If-None-Match
 * names it. The tag depends on the content only, so any api replica answers the same tag for the
 * same list: the console polls the inbox and the case list cheaply without sticky sessions or
 * per-replica memory (issue 20). Answers stay `no-store`: the console keeps the tag itself.
 */
export function sendJsonWithEtag(req: FastifyRequest, reply: FastifyReply, body: unknown): void {
  const text = JSON.stringify(body);
  const tag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 32)}"`;
  reply.header('ETag', tag);
  const asked = req.headers['if-none-match'];
  if (typeof asked === 'string' && asked.split(',').some((t) => t.trim().replace(/^W\//, '') === tag)) {
    reply.status(304).send();
    return;
  }
  reply.status(200).type('application/json; charset=utf-8').send(text);
}
