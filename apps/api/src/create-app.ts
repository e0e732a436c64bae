import 'reflect-metadata';
import { INestApplication, LogLevel, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import * as express from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ATTACHMENT_STORE, AttachmentStore, S3AttachmentStore, SETTINGS, Settings, withConfiguration } from '@app/engine';
import { AppModule } from './app.module';
import { inputGuard } from './system/input-guard';
import { ApiMetrics } from './system/metrics';
import { completeDocument } from './system/openapi';
import { ProcessRegistry } from '@app/processes';

/** Builds the api (used by main.ts and by the e2e tests, which run it in-process). */
export async function createApiApp(opts: { logger?: false | LogLevel[] | LoggerService } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(withConfiguration(AppModule), { bodyParser: false, logger: opts.logger ?? ['error', 'warn', 'log'] });
  const settings = app.get<Settings>(SETTINGS);
  await checkAttachmentStore(app);
  app.disable('x-powered-by');
  // No tag hashed from every answer's bytes (express's default, sha1 over each body): api answers are
  // no-store, and the lists the console polls set their own (system/etag.ts). Issue 21: ~1 % of the api's CPU.
  app.disable('etag');
  // X-Forwarded-For only from the proxies named in TRUST_PROXY (default none): otherwise any client
  // could name its own address for the per-address login limit and the audit.
  app.set('trust proxy', settings.trustProxy);
  app.use(app.get(ApiMetrics).middleware());
  app.use(securityHeaders());
  // Answers of the api hold case data and tokens: no cache (browser or shared) keeps them, errors included.
  app.use('/api', (_req: express.Request, res: express.Response, next: express.NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(express.json({ limit: settings.bodyLimit, strict: true }));
  app.use(inputGuard);
  app.setGlobalPrefix('api', { exclude: [] });
  const doc = completeDocument(
    SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('社会救助审批协同平台 API').setVersion('1').addBearerAuth().build()),
    app.get(ProcessRegistry).all(),
  );
  SwaggerModule.setup('docs', app, doc, { useGlobalPrefix: false });
  serveConsole(app);
  return app;
}

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
 * images, allowed there only.
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
  return (req: express.Request, res: express.Response, next: express.NextFunction) =>
    (req.path === '/docs' || req.path.startsWith('/docs/') ? docs : site)(req, res, next);
}

/** The console's static build at `/`, with client-side routes falling back to index.html. */
function serveConsole(app: NestExpressApplication) {
  const dist = join(__dirname, '..', '..', '..', 'apps', 'console', 'dist');
  const root = [dist, join(process.cwd(), 'apps', 'console', 'dist')].find((d) => existsSync(join(d, 'index.html')));
  if (!root) return;
  app.use(express.static(root, { index: 'index.html', maxAge: '1h' }));
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api') || req.path.startsWith('/docs')) return next();
    res.sendFile(join(root, 'index.html'));
  });
}
