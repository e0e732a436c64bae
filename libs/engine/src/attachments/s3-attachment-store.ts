import { createHash } from 'node:crypto';
import type * as S3Sdk from '@aws-sdk/client-s3';
import { Logger } from '@nestjs/common';
import type { Sql } from '@app/db';
import { DomainError } from '../errors';
import type { S3StoreSettings } from './attachment-settings';
import type { AttachmentStore, StoredAttachment } from './attachment-store';

/**
 * The SDK is loaded when an S3 store is made, not when this file is: it is about 21 MB of resident
 * memory in every api and worker process, and most run with the default `pg` store (issue 21's RSS).
 */
const loadSdk = (): typeof S3Sdk => require('@aws-sdk/client-s3');

/** How long the readiness probe waits for the object store. */
const PROBE_TIMEOUT_MS = 2000;

/**
 * Attachment bytes in an S3-compatible object store (MinIO in docker-compose.yml), one object per
 * attachment named `<prefix>/<case id>/<attachment id>`; the key is recorded on the metadata row.
 * The object is written inside the upload's transaction, before the commit: a failed commit leaves
 * an orphan object (named by an id no row holds), never a row without bytes. Attachments written to
 * PostgreSQL before the switch are still read from there (`pg`).
 */
export class S3AttachmentStore implements AttachmentStore {
  readonly storage = 's3' as const;
  private readonly sdk = loadSdk();
  private readonly client: S3Sdk.S3Client;
  private readonly log = new Logger('attachments');

  constructor(
    private readonly settings: S3StoreSettings,
    private readonly pg: AttachmentStore,
  ) {
    this.client = new this.sdk.S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      // Checksums only where S3 requires them: the SDK's default (CRC32 in aws-chunked bodies) is not
      // understood by every S3-compatible server; Content-MD5 below guards the upload instead.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { connectionTimeout: 3000, requestTimeout: 60000 },
    });
  }

  get bucket(): string {
    return this.settings.bucket;
  }

  keyFor(attachment: { caseId: string; id: string }): string {
    return `${this.settings.keyPrefix}/${attachment.caseId}/${attachment.id}`;
  }

  async put(_tx: Sql, attachment: { id: string; key: string | null }, bytes: Buffer): Promise<void> {
    try {
      await this.client.send(new this.sdk.PutObjectCommand({
        Bucket: this.settings.bucket, Key: attachment.key!, Body: bytes, ContentLength: bytes.length,
        ContentMD5: createHash('md5').update(bytes).digest('base64'), ContentType: 'application/octet-stream',
      }));
    } catch (err) {
      throw this.unavailable('put', attachment.key!, err, { zh: '对象存储暂时不可用，材料未保存，请稍后重试', en: 'Object storage is unavailable for now; the document was not saved. Try again later' });
    }
  }

  async get(sql: Sql, attachment: StoredAttachment): Promise<Buffer | undefined> {
    if (attachment.storage !== 's3') return this.pg.get(sql, attachment);
    const body = await this.open(attachment.storage_key);
    if (!body) return undefined;
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
    } catch (err) {
      throw this.unavailable('get', attachment.storage_key!, err, READ_FAILED);
    }
    return Buffer.concat(chunks);
  }

  /** The SHA-256 of an object's bytes, streamed (audit verify); undefined when the object is gone. */
  async sha256(key: string): Promise<string | undefined> {
    const body = await this.open(key);
    if (!body) return undefined;
    const hash = createHash('sha256');
    try {
      for await (const chunk of body) hash.update(chunk as Uint8Array);
    } catch (err) {
      throw this.unavailable('get', key, err, READ_FAILED);
    }
    return hash.digest('hex');
  }

  /**
   * Start-up: the bucket must exist and the keys must reach it. The api refuses to start otherwise
   * (it does not create the bucket: its policy, versioning and retention are the operator's).
   */
  async checkBucket(): Promise<void> {
    try {
      await this.client.send(new this.sdk.HeadBucketCommand({ Bucket: this.settings.bucket }));
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const why = status === 404 ? '不存在；请先创建该桶'
        : status === 403 ? '拒绝访问（S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY 无权访问）；请为这对密钥授予该桶的读写权限'
        : `无法访问（${describe(err)}）；请检查 S3_ENDPOINT 和网络`;
      throw new Error(`对象存储 ${this.settings.endpoint} 的桶 S3_BUCKET=${this.settings.bucket} ${why}`);
    }
  }

  /** Readiness (GET /api/health): the bucket answers within PROBE_TIMEOUT_MS. */
  async up(): Promise<boolean> {
    try {
      await this.client.send(new this.sdk.HeadBucketCommand({ Bucket: this.settings.bucket }), { abortSignal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      return true;
    } catch {
      return false;
    }
  }

  /** Nest calls this on the provider's instance when the api stops: the client's sockets go. */
  onApplicationShutdown(): void {
    this.client.destroy();
  }

  private async open(key: string | null): Promise<AsyncIterable<unknown> | undefined> {
    if (!key) return undefined;
    try {
      const res = await this.client.send(new this.sdk.GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return res.Body as AsyncIterable<unknown> | undefined;
    } catch (err) {
      // The object is gone (a missing bucket is not: that is the store's fault, not the document's).
      const { name, $metadata } = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (name === 'NoSuchKey' || (name !== 'NoSuchBucket' && $metadata?.httpStatusCode === 404)) return undefined;
      throw this.unavailable('get', key, err, READ_FAILED);
    }
  }

  /** 503 for the caller; the cause (never the bytes or keys: the object name holds only ids) in the log. */
  private unavailable(op: string, key: string, err: unknown, detail: { zh: string; en: string }): DomainError {
    this.log.error(`object store ${op} ${this.settings.bucket}/${key} failed: ${describe(err)}`);
    return new DomainError(503, '服务暂不可用', detail);
  }
}

const READ_FAILED = { zh: '对象存储暂时不可用，未能读取材料，请稍后重试', en: 'Object storage is unavailable for now; the document could not be read. Try again later' };

function describe(err: unknown): string {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  return [e.name, e.$metadata?.httpStatusCode, e.message].filter((x) => x !== undefined && x !== '').join(' ');
}
