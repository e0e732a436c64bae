import type { Sql } from '@app/db';
import type { ChainBreak } from './audit-verify';

export interface AttachmentCheck {
  /** Attachments whose bytes were re-hashed. */
  checked: number;
  /** The first attachment (in case, upload order) that no longer is what its chain recorded. */
  problem: ChainBreak | null;
}

/** Hashes the bytes of an attachment kept outside PostgreSQL (the api's object store); undefined when the object is gone. */
export interface ObjectDigests {
  sha256(key: string): Promise<string | undefined>;
}

/** Objects hashed at once: a whole-trail verify reads every object, a few streams at a time. */
const OBJECT_READS_IN_FLIGHT = 4;

/**
 * Each attachment's stored bytes, re-hashed, against the SHA-256 its ATTACHMENT_ADDED entry holds
 * (the chain walk vouches for the entry; the attachments row's own copy could be edited with the
 * bytes). Bytes in PostgreSQL are hashed by PostgreSQL; bytes in object storage (storage 's3') are
 * read through `objects`, so an object overwritten or deleted in the bucket is reported like an
 * edited row. Also an attachment with no entry, and an entry whose attachment is gone.
 */
export async function checkAttachments(sql: Sql, caseId?: string | null, objects?: ObjectDigests): Promise<AttachmentCheck> {
  const one = caseId ?? null;
  const rows: Array<{
    case_id: string; name: string | null; seq: number | null; storage: string | null; stored_sha: string | null; recorded: string | null;
    storage_key: string | null; actual: string | null; has_row: boolean;
  }> = await sql.query(
    `SELECT a.case_id, a.name, e.seq, a.storage, a.sha256 AS stored_sha, e.payload->>'sha256' AS recorded, true AS has_row,
       a.storage_key, CASE WHEN a.storage = 'pg' THEN (SELECT encode(sha256(b.bytes), 'hex') FROM attachment_bytes b WHERE b.attachment_id = a.id) END AS actual
     FROM attachments a
     LEFT JOIN audit_entries e ON e.action = 'ATTACHMENT_ADDED' AND e.outcome = 'ok' AND e.payload->>'attachmentId' = a.id::text AND e.chain_id = 'case:' || a.case_id::text
     WHERE $1::uuid IS NULL OR a.case_id = $1::uuid
     UNION ALL
     SELECT e.case_id, e.payload->>'name', e.seq, null, null, e.payload->>'sha256', false, null, null
     FROM audit_entries e
     WHERE e.action = 'ATTACHMENT_ADDED' AND e.outcome = 'ok' AND ($2::text IS NULL OR e.chain_id = $2::text)
       AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.id = (e.payload->>'attachmentId')::uuid)
     ORDER BY 1, 3 NULLS FIRST`,
    [one, one === null ? null : `case:${one}`],
  );
  if (objects) await hashObjects(rows.filter((r) => r.storage === 's3'), objects);
  let checked = 0;
  let problem: ChainBreak | null = null;
  for (const r of rows) {
    const hashed = r.storage === 'pg' || (r.storage === 's3' && objects !== undefined);
    if (hashed) checked++;
    if (problem) continue;
    const at = (reason: string) => (problem = { chainId: `case:${r.case_id}`, caseId: r.case_id, seq: r.seq ?? 0, reason });
    if (!r.has_row) at(`审计链记录的附件“${r.name}”已不存在（被删除）`);
    else if (r.seq === null) at(`附件“${r.name}”没有对应的审计记录`);
    else if (r.stored_sha !== r.recorded) at(`附件“${r.name}”的登记哈希与审计链记录不符（被修改）`);
    else if (!hashed) at(`附件“${r.name}”保存在对象存储中，本服务未配置对象存储（ATTACHMENT_STORAGE=s3），无法校验`);
    else if (r.actual === null) at(`附件“${r.name}”的文件内容缺失`);
    else if (r.actual !== r.recorded) at(`附件“${r.name}”的文件内容与审计链记录的 SHA-256 不符（被修改）`);
  }
  return { checked, problem };
}

/** Fills `actual` of object-stored rows, OBJECT_READS_IN_FLIGHT at a time; a store that fails throws (503), never "valid". */
async function hashObjects(rows: Array<{ storage_key: string | null; actual: string | null }>, objects: ObjectDigests): Promise<void> {
  let next = 0;
  const reader = async () => {
    while (next < rows.length) {
      const r = rows[next++];
      r.actual = r.storage_key ? ((await objects.sha256(r.storage_key)) ?? null) : null;
    }
  };
  await Promise.all(Array.from({ length: Math.min(OBJECT_READS_IN_FLIGHT, rows.length) }, reader));
}
