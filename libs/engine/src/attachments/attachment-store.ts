import { environment } from '@app/settings';
import type { Sql } from '@app/db';

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
  keyFor(attachmentId: string): string | null;
  /** Stores the bytes (the metadata row is already written in `tx`). */
  put(tx: Sql, attachmentId: string, bytes: Buffer): Promise<void>;
  /** The stored bytes, or undefined when they are missing. */
  get(sql: Sql, attachment: { id: string; storage_key: string | null }): Promise<Buffer | undefined>;
}

const READ_SLICE = 1024 * 1024;

/** The default: bytes in `attachment_bytes`, one row per attachment, in the same transaction as the metadata. */
export class PgAttachmentStore implements AttachmentStore {
  readonly storage = 'pg' as const;

  keyFor(): null {
    return null;
  }

  async put(tx: Sql, attachmentId: string, bytes: Buffer): Promise<void> {
    await tx.query(`INSERT INTO attachment_bytes (attachment_id, bytes) VALUES ($1, $2)`, [attachmentId, bytes]);
  }

  /**
   * Read in 1 MiB slices: node-postgres grows its read buffer slowly for one large value (a 10 MiB
   * bytea took 0.6–0.9 s whole, 0.2–0.3 s in slices, measured on this machine).
   */
  async get(sql: Sql, attachment: { id: string }): Promise<Buffer | undefined> {
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

export interface AttachmentSettings {
  /** ATTACHMENT_MAX_BYTES: the largest upload (default 10 MiB). */
  maxBytes: number;
  /** ATTACHMENT_STORAGE: `pg` (default). */
  storage: 'pg';
}

export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Read once at start. `s3` is refused rather than quietly stored in PostgreSQL: no maintained S3
 * client is installed, so an operator who asked for object storage must learn it is not there.
 */
export function loadAttachmentSettings(env: Record<string, string | undefined> = environment()): AttachmentSettings {
  const rawMax = env.ATTACHMENT_MAX_BYTES?.trim();
  const maxBytes = rawMax ? Number(rawMax) : DEFAULT_ATTACHMENT_MAX_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new Error(`配置项 ATTACHMENT_MAX_BYTES 必须是正整数（字节），当前为 "${rawMax}"`);
  const storage = (env.ATTACHMENT_STORAGE?.trim() || 'pg').toLowerCase();
  if (storage === 's3') throw new Error('配置项 ATTACHMENT_STORAGE=s3：本版本尚未提供对象存储实现（未安装 S3 客户端），请使用默认的 pg');
  if (storage !== 'pg') throw new Error(`配置项 ATTACHMENT_STORAGE 只能是 pg，当前为 "${env.ATTACHMENT_STORAGE}"`);
  return { maxBytes, storage: 'pg' };
}

export function attachmentStoreFor(settings: AttachmentSettings): AttachmentStore {
  switch (settings.storage) {
    case 'pg':
      return new PgAttachmentStore();
  }
}
