import { environment } from '@app/settings';
import { Logger } from '@nestjs/common';
import { checkConfiguration, loadSettings } from '@app/engine';
import { loadAuditSigningKey } from '@app/audit';
import { createApiApp } from './create-app';

async function main() {
  // Before anything connects: every secret present, none a known public value, the key readable.
  checkConfiguration(environment(), { processes: true });
  loadAuditSigningKey();
  const settings = loadSettings();
  const app = await createApiApp();
  app.enableShutdownHooks();
  await app.listen(settings.port, settings.host);
  new Logger('api').log(`api listening on http://${settings.host}:${settings.port} (console /, OpenAPI /docs)`);
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(`api failed to start: ${err.message}`);
  process.exit(1);
});
