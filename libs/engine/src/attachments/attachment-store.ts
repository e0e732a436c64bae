import type { Sql } from '@app/db';
import { DomainError } from '../errors';
import type { AttachmentSettings } from './attachment-settings';
import { S3AttachmentStore } from './s3-attachment-store';

/**
 * Where an attachment's bytes live. The metadata row is always in PostgreSQL (with the SHA-256 that
 * also stands in the audit chain); the bytes go to the store. `put` runs in the upload's
 * transaction, after the metadata row: a store outside PostgreSQL must write before the commit and
 * name objects by attachment id, so a rolled-back upload leaves at most an orphan object, never a
 * row without bytes.
 */
export interface AttachmentStore {
  readonly storage: 'pg' | 's3';
  /** The storage key recorded on the metadata row (null when the attachment id is the key). */
  keyFor(attachment: { caseId: string; id: string }): string | null;
  /** Stores the bytes under `key` (keyFor's; the metadata row is already written in `tx`). */
  put(tx: Sql, attachment: { id: string; key: string | null }, bytes: Buffer): Promise<void>;
  /**
   * The stored bytes, or undefined when they are missing. `storage` is the row's: bytes uploaded
   * before ATTACHMENT_STORAGE changed stay where they were written.
   */
  get(sql: Sql, attachment: StoredAttachment): Promise<Buffer | undefined>;
}

/** The api's configured AttachmentStore (apps/api app.module.ts provides it). */
export const ATTACHMENT_STORE = Symbol('ATTACHMENT_STORE');

/** What the metadata row says of where an attachment's bytes are. */
export interface StoredAttachment {
  id: string;
  storage: string;
  storage_key: string | null;
}

const READ_SLICE = 1024 * 1024;

/** The default: bytes in `attachment_bytes`, one row per attachment, in the same transaction as the metadata. */
export class PgAttachmentStore implements AttachmentStore {
  readonly storage = 'pg' as const;

  keyFor(): null {
    return null;
  }

  async put(tx: Sql, attachment: { id: string }, bytes: Buffer): Promise<void> {
    await tx.query(`INSERT INTO attachment_bytes (attachment_id, bytes) VALUES ($1, $2)`, [attachment.id, bytes]);
  }

  /**
   * Read in 1 MiB slices: node-postgres grows its read buffer slowly for one large value (a 10 MiB
   * bytea took 0.6–0.9 s whole, 0.2–0.3 s in slices, measured on this machine).
   */
  async get(sql: Sql, attachment: StoredAttachment): Promise<Buffer | undefined> {
    if (attachment.storage === 's3') throw objectStoreNotConfigured();
    const [row] = await sql.query(`SELECT length(bytes) AS size FROM attachment_bytes WHERE attachment_id = $1`, [attachment.id]);
    if (!row) return undefined;
    const parts: Buffer[] = [];
    for (let from = 1; from <= row.size; from += READ_SLICE) {
      const [slice] = await sql.query(`SELECT substring(bytes FROM $2 FOR $3) AS part FROM attachment_bytes WHERE attachment_id = $1`, [attachment.id, from, READ_SLICE]);
      parts.push(slice.part);
    }
    return Buffer.concat(parts, row.size);
  }
}

/** A row written to object storage while this service has none configured: not missing, unreachable from here. */
export const objectStoreNotConfigured = () =>
  new DomainError(503, '服务暂不可用', {
    zh: '此材料保存在对象存储中，但本服务未配置对象存储（ATTACHMENT_STORAGE=s3），请联系系统管理员',
    en: 'This document is kept in object storage, which this service is not configured for (ATTACHMENT_STORAGE=s3); contact the administrator',
  });

export function attachmentStoreFor(settings: AttachmentSettings): AttachmentStore {
  return settings.storage === 's3' ? new S3AttachmentStore(settings.s3, new PgAttachmentStore()) : new PgAttachmentStore();
}
