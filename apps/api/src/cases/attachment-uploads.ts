import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyMultipart from '@fastify/multipart';
import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { AttachmentSettings, UploadedFile } from '@app/engine';

/** The form field that carries the file. */
export const UPLOAD_FILE_FIELD = 'file';
/** busboy's own default for a field name (multer's LIMIT_FIELD_KEY): longer names are refused. */
const FIELD_NAME_BYTES = 100;

/**
 * The upload route's multipart limits, as multer had them (MulterModule in AppModule until ADR 0015):
 * one file of at most ATTACHMENT_MAX_BYTES, four text fields of 200 bytes, five parts in all.
 * @fastify/busboy counts as multer did: a file of exactly `fileSize` bytes, a value of exactly
 * `fieldSize` bytes and exactly `parts` parts are accepted, one more is refused.
 */
export function uploadLimits(settings: AttachmentSettings) {
  return { fileSize: settings.maxBytes, files: 1, fields: 4, parts: 5, fieldSize: 200 };
}

/**
 * Registers @fastify/multipart for the upload route (create-app calls it once, before the routes
 * are served). Parts are read by the route itself (readUpload): nothing is attached to the body.
 * File names: @fastify/busboy decodes a non-ASCII filename="…" as UTF-8 (what browsers send) on its
 * own — the `defParamCharset: 'utf8'` multer needed has no counterpart there.
 */
export async function registerUploads(app: NestFastifyApplication, settings: AttachmentSettings): Promise<void> {
  // Neither awaited nor returned: Nest's adapter takes the plugin over (registered once, on the root,
  // loaded when Fastify boots) and answers the Fastify instance itself, which is thenable (awaiting it
  // would load the plugins queued so far out of Fastify's boot order).
  void app.register(fastifyMultipart as any, {
    limits: uploadLimits(settings),
    // A file is a part with a filename, as for multer's busboy (not also any application/octet-stream part).
    isPartAFile: (_field: string | undefined, _type: string | undefined, filename: string | undefined) => filename !== undefined,
    throwFileSizeLimit: true,
  });
}

/** A file as multer's memory storage handed it over: what CaseAttachments.upload takes. */
export interface ReceivedFile extends UploadedFile {
  fieldname: string;
  originalname: string;
  encoding: string;
  mimetype: string;
}

export interface ReceivedUpload {
  file: ReceivedFile | undefined;
  fields: Record<string, unknown>;
}

/**
 * The upload's file and text fields, read from the multipart request with the limits above; a body
 * that is not multipart gives no file and its own fields (a JSON body), as multer passed it through.
 * Every refusal is thrown as multer's was (413 File too large; 400 for a second file, a file in
 * another field, too many fields or parts, a broken body) for UploadProblems to name `file`; the
 * rest of a refused body is read and dropped (up to `drainLimit` bytes, beyond that the connection
 * closes after the answer), never kept.
 */
export async function readUpload(req: FastifyRequest, reply: FastifyReply, maxBytes: number, drainLimit = Math.max(maxBytes, 4 * 1024 * 1024)): Promise<ReceivedUpload> {
  if (!req.isMultipart()) {
    const body = req.body;
    return { file: undefined, fields: body !== null && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : {} };
  }
  const fields: Record<string, unknown> = {};
  let file: ReceivedFile | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') addField(fields, part);
      else file = await readFile(part, file, maxBytes);
    }
  } catch (err) {
    if (!(await discardRest(req.raw, drainLimit))) reply.header('Connection', 'close');
    throw asMulterRefusal(err);
  }
  return { file, fields };
}

function addField(fields: Record<string, unknown>, part: Extract<Multipart, { type: 'field' }>) {
  if (part.fieldname === undefined || part.fieldname === null) throw new BadRequestException('Field name missing');
  if (part.fieldnameTruncated || Buffer.byteLength(part.fieldname) > FIELD_NAME_BYTES) throw new BadRequestException('Field name too long');
  const name = decodeFormDataName(part.fieldname);
  if (part.valueTruncated) throw new BadRequestException(`Field value too long - ${name}`);
  // A name sent twice holds both values (as multer's append-field did): never a kind, so refused by the engine.
  const before = fields[name];
  fields[name] = before === undefined ? part.value : Array.isArray(before) ? [...before, part.value] : [before, part.value];
}

async function readFile(part: MultipartFile, received: ReceivedFile | undefined, maxBytes: number): Promise<ReceivedFile | undefined> {
  if (part.fieldname === undefined || part.fieldname === null) throw new BadRequestException('Field name missing');
  const fieldname = decodeFormDataName(part.fieldname);
  // A file part without a file name is skipped, as multer did (the form's empty file input).
  if (!part.filename) {
    part.file.resume();
    return received;
  }
  if (fieldname !== UPLOAD_FILE_FIELD || received) throw new BadRequestException(`Unexpected file field - ${fieldname}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of part.file as AsyncIterable<Buffer>) {
    // Over the limit busboy stops handing over the file (truncated): stop here, nothing kept.
    if (part.file.truncated) throw new PayloadTooLargeException('File too large');
    size += chunk.length;
    if (size > maxBytes) throw new PayloadTooLargeException('File too large');
    chunks.push(chunk);
  }
  if (part.file.truncated) throw new PayloadTooLargeException('File too large');
  const buffer = Buffer.concat(chunks, size);
  return { fieldname, originalname: decodeFormDataName(part.filename), encoding: part.encoding, mimetype: part.mimetype, buffer, size };
}

/** @fastify/multipart's and busboy's errors as multer's (the message UploadProblems shows, the status it maps). */
function asMulterRefusal(err: unknown): unknown {
  if (err instanceof BadRequestException || err instanceof PayloadTooLargeException) return err;
  const e = err as { code?: string; message?: string } | undefined;
  const options = { cause: err };
  switch (e?.code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new PayloadTooLargeException('File too large', options);
    case 'FST_FILES_LIMIT':
      return new BadRequestException('Too many files', options);
    case 'FST_FIELDS_LIMIT':
      return new BadRequestException('Too many fields', options);
    case 'FST_PARTS_LIMIT':
      return new BadRequestException('Too many parts', options);
    case 'FST_PROTO_VIOLATION':
      return new BadRequestException('Invalid field name', options);
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return new BadRequestException('Invalid JSON field value', options);
    case 'FST_MP_PREMATURE_CLOSE':
      return new BadRequestException('Multipart: Unexpected end of form', options);
  }
  const message = e?.message ?? '';
  if (message === 'Unexpected end of multipart data') return new BadRequestException('Multipart: Unexpected end of form', options);
  if (/terminated early/.test(message)) return new BadRequestException('Multipart: Unexpected end of file', options);
  if (message === 'Multipart: Boundary not found') return new BadRequestException(message, options);
  if (/malformed|header/i.test(message)) return new BadRequestException('Multipart: Malformed part header', options);
  return err;
}

/**
 * What is left of a refused body is read and dropped, so the client — still sending — reads the
 * answer instead of a reset. False when more than `limit` bytes were left: the answer then closes
 * the connection (the request is left unread).
 */
function discardRest(raw: IncomingMessage, limit: number): Promise<boolean> {
  raw.unpipe();
  if (raw.readableEnded || raw.destroyed) return Promise.resolve(true);
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (drained: boolean) => {
      raw.off('data', onData);
      raw.off('end', onEnd);
      raw.off('close', onEnd);
      raw.off('error', onEnd);
      if (!drained) raw.pause();
      resolve(drained);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > limit) finish(false);
    };
    const onEnd = () => finish(true);
    raw.on('data', onData);
    raw.once('end', onEnd);
    raw.once('close', onEnd);
    raw.once('error', onEnd);
    raw.resume();
  });
}

/**
 * Browsers escape LF, CR and " in a field name or file name as %0A, %0D and %22 (WHATWG
 * multipart/form-data); busboy leaves them: reversed here, and only these, as multer did.
 */
function decodeFormDataName(s: string): string {
  return s.replace(/%0A|%0D|%22/gi, (m) => (m.toUpperCase() === '%0A' ? '\n' : m.toUpperCase() === '%0D' ? '\r' : '"'));
}
