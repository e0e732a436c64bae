import 'reflect-metadata';
import { INestApplication, LogLevel, LoggerService, NotFoundException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { ATTACHMENT_STORE, AttachmentStore, S3AttachmentStore, Settings, loadSettings, withConfiguration } from '@app/engine';
import { AppModule } from './app.module';
import { registerUploads } from './cases/attachment-uploads';
import { guardInput } from './system/input-guard';
import { registerJsonBodies } from './system/json-body';
import { ApiMetrics } from './system/metrics';
import { completeDocument } from './system/openapi';
import { pathOf } from './system/request-route';
import { ProcessRegistry } from '@app/processes';

/**
 * Builds the api (used by main.ts and by the e2e tests, which run it in-process) on Fastify: per
 * request it costs a third of express's CPU (ADR 0014), the largest part of the api's share of an event.
 */
export async function createApiApp(opts: { logger?: false | LogLevel[] | LoggerService } = {}): Promise<INestApplication> {
  const settings: Settings = loadSettings();
  const adapter = new FastifyAdapter({
    // X-Forwarded-For only from the proxies named in TRUST_PROXY (default none): otherwise any client
    // could name its own address for the per-address login limit and the audit.
    trustProxy: trustProxyOf(settings.trustProxy),
    bodyLimit: settings.bodyLimitBytes,
    routerOptions: { ignoreTrailingSlash: true },
  });
  const app = await NestFactory.create<NestFastifyApplication>(withConfiguration(AppModule), adapter, { bodyParser: false, logger: opts.logger ?? ['error', 'warn', 'log'] });
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  await checkAttachmentStore(app);
  // What the guards put on each request, declared once so every request object has the same shape.
  for (const field of ['principal', 'sessionId', 'mustChangePassword', 'sessionToConfirm']) fastify.decorateRequest(field, null);
  const metrics = app.get(ApiMetrics);
  const headers = securityHeaders();
  fastify.addHook('onRequest', (req, reply, done) => {
    // On the node response itself, so answers written after reply.hijack() (streamed exports) carry them too.
    const path = pathOf(req);
    headers(path, req.raw, reply.raw, () => {
      // Answers of the api hold case data and tokens: no cache (browser or shared) keeps them, errors included.
      if (path.startsWith('/api')) reply.raw.setHeader('Cache-Control', 'no-store');
      done();
    });
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    metrics.finished(req, reply);
    done();
  });
  registerJsonBodies(fastify, settings.bodyLimitBytes);
  // Any other body is left unread for the route: CSV imports read the request stream themselves
  // (registry, jurisdictions); elsewhere the guards answer first and validation names the missing fields.
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null));
  await registerUploads(app, settings.attachments);
  fastify.addHook('preValidation', (req, _reply, done) => done(guardInput(req.query, req.body)));
  app.setGlobalPrefix('api', { exclude: [] });
  const doc = completeDocument(
    SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('社会救助审批协同平台 API').setVersion('1').addBearerAuth().build()),
    app.get(ProcessRegistry).all(),
  );
  SwaggerModule.setup('docs', app, doc, { useGlobalPrefix: false });
  await serveConsole(fastify);
  return app;
}

/**
 * TRUST_PROXY as documented: a hop count trusts that many addresses nearest the api (the socket's
 * peer first), as express did; Fastify itself would trust none for a bare number.
 */
const trustProxyOf = (t: Settings['trustProxy']) => (typeof t === 'number' ? (_address: string, hop: number) => hop < t : t);

/**
 * An object store that is configured but has no bucket (or refuses the keys) stops start-up with
 * its reason. Here rather than in the provider: a provider's failure makes Nest abort the process
 * without a message.
 */
async function checkAttachmentStore(app: INestApplication): Promise<void> {
  const store = app.get<AttachmentStore>(ATTACHMENT_STORE);
  if (!(store instanceof S3AttachmentStore)) return;
  try {
    await store.checkBucket();
  } catch (err) {
    await app.close();
    throw err;
  }
}

/**
 * helmet's headers (nosniff, Referrer-Policy no-referrer, X-Frame-Options DENY, HSTS, CORP/COOP …)
 * and a Content-Security-Policy allowing only what the console and the Swagger UI load, checked in
 * Chromium (test/security-headers.e2e-spec.ts): everything from this origin, no inline or eval'd
 * script anywhere. Inline style is needed in two places only: attributes for the console's charts
 * (ECharts' SVG renderer and its tooltip set style attributes: 245 violations without it), and,
 * under /docs, the Swagger UI page's own <style> blocks; its stylesheet also draws icons as data:
 * images, allowed there only. helmet works on node's request and response, so one hook serves both.
 */
export function securityHeaders() {
  const directives = {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    objectSrc: ["'none'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'"],
    styleSrcAttr: ["'unsafe-inline'"],
    imgSrc: ["'self'"],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
  };
  const common = { referrerPolicy: { policy: 'no-referrer' as const }, frameguard: { action: 'deny' as const } };
  const site = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives } });
  const docs = helmet({
    ...common,
    contentSecurityPolicy: { useDefaults: false, directives: { ...directives, styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] } },
  });
  return (path: string, req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) =>
    (path === '/docs' || path.startsWith('/docs/') ? docs : site)(req, res, next);
}

/**
 * The console's static build at `/` (files cached an hour), and client-side routes falling back to
 * index.html; a GET under /api or /docs that no route serves stays the api's 404.
 */
async function serveConsole(fastify: FastifyInstance) {
  const dist = join(__dirname, '..', '..', '..', 'apps', 'console', 'dist');
  const root = [dist, join(process.cwd(), 'apps', 'console', 'dist')].find((d) => existsSync(join(d, 'index.html')));
  if (!root) return;
  await fastify.register(fastifyStatic, { root, serve: false, maxAge: '1h' });
  fastify.get('/*', (req: FastifyRequest, reply: FastifyReply) => {
    const path = pathOf(req);
    if (path.startsWith('/api') || path.startsWith('/docs')) throw new NotFoundException(`Cannot GET ${req.url}`);
    let file = 'index.html';
    try {
      const asked = normalize(decodeURIComponent(path)).replace(/^[/\\]+/, '');
      if (asked && !asked.split(sep).includes('..') && statSync(join(root, asked)).isFile()) file = asked;
    } catch {
      // not a file of the build (or a malformed escape): a client-side route
    }
    return reply.sendFile(file);
  });
}
