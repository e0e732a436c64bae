/**
 * An S3-compatible object store for the e2e tests: s3rver (an S3 server in Node) on a random
 * loopback port, its files in a temporary folder. No MinIO binary is reachable where these tests
 * run; the api talks to both through the same S3 client and calls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';

// s3rver ships no type declarations: the little of it used here.
interface S3rverServer {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver: new (opts: object) => S3rverServer = require('s3rver');

/** s3rver checks signatures against these fixed keys. */
const KEY = 'S3RVER';

export class ObjectStoreUnderTest {
  private server?: S3rverServer;
  private readonly directory = mkdtempSync(join(tmpdir(), 's3rver-'));
  port = 0;

  constructor(readonly bucket: string) {}

  /** Starts the server (again on the same port after stop(), with the same files). */
  async start(): Promise<this> {
    this.server = new S3rver({ port: this.port, address: '127.0.0.1', silent: true, directory: this.directory, configureBuckets: [{ name: this.bucket }] });
    this.port = (await this.server.run()).port;
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }

  async remove(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.directory, { recursive: true, force: true });
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The api's environment for this store. */
  env(): Record<string, string> {
    return { ATTACHMENT_STORAGE: 's3', S3_ENDPOINT: this.endpoint, S3_BUCKET: this.bucket, S3_ACCESS_KEY_ID: KEY, S3_SECRET_ACCESS_KEY: KEY };
  }

  /** A client of the test's own, as an operator with the bucket's keys would have. */
  client(): S3Client {
    return new S3Client({
      endpoint: this.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: KEY, secretAccessKey: KEY },
      requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }
}
