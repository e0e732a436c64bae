import 'reflect-metadata';
import { environment } from '@app/settings';
import { Logger } from '@nestjs/common';
import { checkConfiguration } from '@app/engine';
import { loadAuditSigningKey } from '@app/audit';
import { createWorkerContext } from './worker.module';

async function main() {
  // Before anything connects: every secret present, none a known public value, the key readable.
  checkConfiguration(environment(), { processes: true });
  loadAuditSigningKey();
  const app = await createWorkerContext({ logger: ['error', 'warn', 'log'] });
  app.enableShutdownHooks();
  new Logger('worker').log('worker started: outbox relay, timers, SLA clocks, registry lookups, payments, reports');
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(`worker failed to start: ${err.message}`);
  process.exit(1);
});
