/** Drops this run's template database (test files drop their own databases). */
import { admin } from './databases';

export default async function globalTeardown() {
  const template = process.env.TEST_TEMPLATE_DATABASE;
  if (!template) return;
  await admin(async (c) => {
    await c.query(`UPDATE pg_database SET datistemplate = false WHERE datname = $1`, [template]);
    await c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  });
}
