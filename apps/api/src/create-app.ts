import 'reflect-metadata';
import { INestApplication, LogLevel, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import * as express from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadSettings } from '@app/engine';
import { AppModule } from './app.module';

/** Builds the api (used by main.ts and by the e2e tests, which run it in-process). */
export async function createApiApp(opts: { logger?: false | LogLevel[] | LoggerService } = {}): Promise<INestApplication> {
  const settings = loadSettings();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, logger: opts.logger ?? ['error', 'warn', 'log'] });
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(express.json({ limit: settings.bodyLimit, strict: true }));
  app.setGlobalPrefix('api', { exclude: [] });
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('社会救助审批协同平台 API').setVersion('1').addBearerAuth().build(),
  );
  SwaggerModule.setup('docs', app, doc, { useGlobalPrefix: false });
  serveConsole(app);
  return app;
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
