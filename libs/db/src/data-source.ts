import { numericSetting, textSetting } from '@app/settings';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';

/**
 * The one PostgreSQL connection definition. The engine writes with explicit SQL through TypeORM's
 * query runners (it needs row locks and few round trips); the schema changes only through
 * migrations — `synchronize` is never on.
 */
export function createDataSource(url = textSetting('DATABASE_URL'), poolSize = numericSetting('DB_POOL_SIZE')): DataSource {
  if (!url) throw new Error('DATABASE_URL 为空');
  return new DataSource({
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    // Transactions run at READ COMMITTED whatever the server's default: pinned once per connection
    // rather than with a SET per transaction (one round trip fewer for every event).
    extra: { max: poolSize, connectionTimeoutMillis: 3000, options: '-c default_transaction_isolation=read\\ committed' },
    // No query logging: failed queries would print their parameters (cipher text, hashes) to the log.
    logging: false,
  });
}
