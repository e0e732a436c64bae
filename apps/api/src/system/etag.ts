import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * A JSON answer with a strong ETag made from its bytes, and 304 when the caller's If-None-Match
 * names it. The tag depends on the content only, so any api replica answers the same tag for the
 * same list: the console polls the inbox and the case list cheaply without sticky sessions or
 * per-replica memory (issue 20). Answers stay `no-store`: the console keeps the tag itself.
 */
export function sendJsonWithEtag(req: Request, res: Response, body: unknown): void {
  const text = JSON.stringify(body);
  const tag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 32)}"`;
  res.setHeader('ETag', tag);
  const asked = req.headers['if-none-match'];
  if (typeof asked === 'string' && asked.split(',').some((t) => t.trim().replace(/^W\//, '') === tag)) {
    res.status(304).end();
    return;
  }
  res.status(200).type('application/json').send(text);
}
