import { Logger } from '@nestjs/common';
import { loadSettings } from '@app/engine';
import { createApiApp } from './create-app';

async function main() {
  const settings = loadSettings();
  const app = await createApiApp();
  app.enableShutdownHooks();
  await app.listen(settings.port, '0.0.0.0');
  new Logger('api').log(`api listening on http://127.0.0.1:${settings.port} (console /, OpenAPI /docs)`);
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(`api failed to start: ${err.message}`);
  process.exit(1);
});
