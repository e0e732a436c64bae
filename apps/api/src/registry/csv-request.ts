import type { IncomingHttpHeaders } from 'node:http';

/**
 * Whether a request carries a CSV body (`text/csv` or `text/plain`, any parameters, any case), as
 * express's `req.is(['text/csv', 'text/plain'])` answered for the imports: a request without a body
 * (neither Transfer-Encoding nor a Content-Length) is not one. The body itself is left unread
 * (create-app leaves a body that is not JSON or multipart unconsumed): the import reads `req.raw`.
 */
export function isCsvRequest(headers: IncomingHttpHeaders): boolean {
  const hasBody = headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && !Number.isNaN(Number(headers['content-length'])));
  if (!hasBody) return false;
  const type = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return type === 'text/csv' || type === 'text/plain';
}
