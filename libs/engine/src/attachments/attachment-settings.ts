import type { SettingValues } from '@app/settings';

/** The object store of ATTACHMENT_STORAGE=s3 (S3_* in libs/settings core-settings.ts). */
export interface S3StoreSettings {
  endpoint: string;
  region: string;
  bucket: string;
  /** Objects are named `<keyPrefix>/<case id>/<attachment id>`. */
  keyPrefix: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `true` (default) for MinIO and most S3-compatible servers; `false` for AWS's virtual-host addressing. */
  forcePathStyle: boolean;
}

export type AttachmentSettings = {
  /** ATTACHMENT_MAX_BYTES: the largest upload (default 10 MiB). */
  maxBytes: number;
} & ({ storage: 'pg' } | { storage: 's3'; s3: S3StoreSettings });

export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/** What ATTACHMENT_STORAGE=s3 cannot do without. */
const S3_REQUIRED = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;

// The schema accepts either case and defaults it to pg.
const storageOf = (values: SettingValues): 'pg' | 's3' => (String(values.ATTACHMENT_STORAGE).toLowerCase() === 's3' ? 's3' : 'pg');

/**
 * The variables that the schema alone cannot require (they are needed only with s3), as one
 * sentence for the start-up message; undefined when nothing is missing. Never a value: two are keys.
 */
export function attachmentSettingsProblem(values: SettingValues): string | undefined {
  if (storageOf(values) !== 's3') return undefined;
  const missing = S3_REQUIRED.filter((k) => String(values[k] ?? '').trim() === '');
  return missing.length ? `ATTACHMENT_STORAGE=s3 还需要以下环境变量：${missing.join(', ')}` : undefined;
}

/** The attachment settings from the validated, defaulted values (engine settings.ts checkConfiguration). */
export function loadAttachmentSettings(values: SettingValues): AttachmentSettings {
  const maxBytes = values.ATTACHMENT_MAX_BYTES as number;
  if (storageOf(values) === 'pg') return { maxBytes, storage: 'pg' };
  const text = (k: string) => String(values[k]).trim();
  return {
    maxBytes,
    storage: 's3',
    s3: {
      endpoint: text('S3_ENDPOINT'),
      region: text('S3_REGION'),
      bucket: text('S3_BUCKET'),
      keyPrefix: text('S3_KEY_PREFIX'),
      accessKeyId: text('S3_ACCESS_KEY_ID'),
      secretAccessKey: text('S3_SECRET_ACCESS_KEY'),
      forcePathStyle: values.S3_FORCE_PATH_STYLE as boolean,
    },
  };
}
