/** `npm run migrate`: applies pending migrations to DATABASE_URL and exits. */
import 'reflect-metadata';
import { CORE_SETTINGS, environment, loadSettingValues, textSetting } from '@app/settings';
import { createDataSource } from './data-source';

export async function runMigrations(url = textSetting('DATABASE_URL')): Promise<string[]> {
  const ds = createDataSource(url, 2);
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  Promise.resolve()
    .then(() => loadSettingValues(environment(), CORE_SETTINGS))
    .then(() => runMigrations())
    .then((names) => {
      process.stdout.write(names.length ? `migrations applied: ${names.join(', ')}\n` : 'database is up to date\n');
    })
    .catch((err) => {
      process.stderr.write(`migration failed: ${err.message}\n`);
      process.exit(1);
    });
}
