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
import { generateSecrets } from '../../libs/engine/src/secrets';
import { admin, stamp, stampOf, urlFor } from './databases';

export default async function globalSetup() {
  process.env.NODE_ENV = 'test';
  // Secrets of this run (test workers and child processes inherit them): there are no defaults.
  Object.assign(process.env, generateSecrets());
  // One template per run (test workers inherit this variable): runs on one machine never collide.
  const template = `cw_tpl_${stamp()}_${process.pid}`;
  process.env.TEST_TEMPLATE_DATABASE = template;
  await admin(async (c) => {
    // Databases left by runs that ended more than three hours ago (a killed run cannot clean up).
    const old = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'cw\\_t%'`);
    for (const r of old.rows) {
      if (Date.now() - stampOf(r.datname) < 3 * 3600 * 1000) continue;
      await c.query(`UPDATE pg_database SET datistemplate = false WHERE datname = $1`, [r.datname]);
      await c.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
    }
    await c.query(`CREATE DATABASE ${template}`);
  });
  const ds = createDataSource(urlFor(template), 2);
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    await seedDemo(ds, { ...process.env, NODE_ENV: 'test' });
  } finally {
    await ds.destroy();
  }
  await admin((c) => c.query(`UPDATE pg_database SET datistemplate = true WHERE datname = $1`, [template]));
}
