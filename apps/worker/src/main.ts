import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { checkSecrets } from '@app/engine';
import { loadAuditSigningKey } from '@app/audit';
import { WorkerModule } from './worker.module';

async function main() {
  // Before anything connects: every secret present, none a known public value, the key readable.
  checkSecrets(process.env);
  loadAuditSigningKey();
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error', 'warn', 'log'] });
  app.enableShutdownHooks();
  new Logger('worker').log('worker started: outbox relay, timers, SLA clocks, registry lookups, payments, reports');
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(`worker failed to start: ${err.message}`);
  process.exit(1);
});
