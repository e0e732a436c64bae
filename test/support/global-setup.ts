/**
 * Once per e2e run: build the template database (migrations + demo seed) that every test file
 * copies, and drop databases left behind by earlier runs.
 */
import 'reflect-metadata';
import { register } from 'tsconfig-paths';
import { compilerOptions } from '../../tsconfig.json';
// globalSetup runs outside jest's module mapper: resolve the @app/* aliases here.
register({ baseUrl: `${__dirname}/../..`, paths: compilerOptions.paths });
import { createDataSource } from '../../libs/db/src/data-source';
import { seedDemo } from '../../seeds/demo';
import { TEMPLATE_DB, admin, urlFor } from './databases';

export default async function globalSetup() {
  process.env.NODE_ENV = 'test';
  await admin(async (c) => {
    const stale = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'cw\\_t\\_%' OR datname = $1`, [TEMPLATE_DB]);
    for (const r of stale.rows) {
      await c.query(`UPDATE pg_database SET datistemplate = false WHERE datname = $1`, [r.datname]);
      await c.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
    }
    await c.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  });
  const ds = createDataSource(urlFor(TEMPLATE_DB), 2);
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    await seedDemo(ds, { ...process.env, NODE_ENV: 'test' });
  } finally {
    await ds.destroy();
  }
  await admin((c) => c.query(`UPDATE pg_database SET datistemplate = true WHERE datname = $1`, [TEMPLATE_DB]));
}
