import type { FastifyRequest } from 'fastify';

/** The request's path, without the query string. */
export const pathOf = (req: FastifyRequest): string => {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
};

/** The matched route's template (`/api/cases/:id/events`), never the raw path; undefined when no route matched. */
export const routeOf = (req: FastifyRequest): string | undefined => (req.is404 ? undefined : req.routeOptions?.url);
