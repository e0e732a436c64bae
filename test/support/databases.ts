import { Client } from 'pg';

/** The maintenance connection used to create and drop test databases (trust auth on this machine). */
export const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Set by globalSetup for this run, so that concurrent runs on one machine never share a template. */
export const templateDb = (): string => {
  const name = process.env.TEST_TEMPLATE_DATABASE;
  if (!name) throw new Error('TEST_TEMPLATE_DATABASE is not set: run the e2e tests through jest (globalSetup builds the template)');
  return name;
};

/** Databases of this suite carry their creation time (base 36) so stale ones can be told apart. */
export const stamp = () => Date.now().toString(36);
export const stampOf = (name: string): number => parseInt(name.split('_')[2] ?? '', 36);

export function urlFor(db: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function admin<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** A fresh database copied from the migrated, seeded template (fast: a file copy inside PostgreSQL). */
export async function createTestDatabase(prefix = 'cw_t'): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${stamp()}_${process.pid}_${Math.random().toString(36).slice(2, 6)}`;
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${templateDb()}`));
  return { name, url: urlFor(name) };
}

export async function dropTestDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
