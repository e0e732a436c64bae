/**
 * One verification thread: its own connection, the coordinator's snapshot, one range of chains.
 * Started by audit-verify-parallel.ts from the compiled file; reads only `workerData`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Client } from 'pg';
import { ChainRange, verifyRange } from './audit-verify';

interface ThreadInput {
  url: string;
  snapshot: string;
  range: ChainRange;
  pageSize: number;
}

async function run({ url, snapshot, range, pageSize }: ThreadInput) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // The coordinator's snapshot: every thread sees the trail exactly as the coordinator does.
    await client.query(`SET TRANSACTION SNAPSHOT '${snapshot.replace(/[^0-9A-F-]/gi, '')}'`);
    const result = await verifyRange(async (text, params) => (await client.query(text, params)).rows, range, pageSize);
    await client.query('COMMIT');
    return result;
  } finally {
    await client.end();
  }
}

run(workerData as ThreadInput).then(
  (result) => parentPort!.postMessage({ result }),
  (err: Error) => parentPort!.postMessage({ error: err.message }),
);
