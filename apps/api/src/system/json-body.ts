import type { FastifyInstance } from 'fastify';
import { invalid } from '@app/engine';

const malformed = () =>
  invalid([{ field: '(body)', message: 'JSON 格式错误', en: 'malformed JSON' }], { zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' });

/**
 * application/json bodies up to BODY_LIMIT, parsed as the api always has: an object or an array at the
 * top (a bare string or number is malformed), an empty body is `{}`, and keys are kept as sent (a
 * `__proto__` key is a plain field that validation names, not a refusal of the whole body).
 * Replaces Fastify's own parsers (create-app adds multipart, and leaves any other type unread).
 */
export function registerJsonBodies(fastify: FastifyInstance, bodyLimit: number) {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_req, text, done) => {
    const s = text as string;
    const first = /\S/.exec(s)?.[0];
    if (first === undefined) return done(null, {});
    if (first !== '{' && first !== '[') return done(malformed());
    try {
      done(null, JSON.parse(s));
    } catch {
      done(malformed());
    }
  });
}
