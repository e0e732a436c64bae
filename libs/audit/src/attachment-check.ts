import type { Sql } from '@app/db';
import type { ChainBreak } from './audit-verify';

export interface AttachmentCheck {
  /** Attachments whose bytes were re-hashed. */
  checked: number;
  /** The first attachment (in case, upload order) that no longer is what its chain recorded. */
  problem: ChainBreak | null;
}

/**
 * Each attachment's stored bytes, re-hashed by PostgreSQL, against the SHA-256 its ATTACHMENT_ADDED
 * entry holds (the chain walk vouches for the entry; the attachments row's own copy could be edited
 * with the bytes). Also an attachment with no entry, and an entry whose attachment is gone. Bytes
 * kept outside PostgreSQL (storage 's3') are not read here.
 */
export async function checkAttachments(sql: Sql, caseId?: string | null): Promise<AttachmentCheck> {
  const one = caseId ?? null;
  const rows: Array<{
    case_id: string; name: string | null; seq: number | null; storage: string | null; stored_sha: string | null; recorded: string | null;
    actual: string | null; has_row: boolean;
  }> = await sql.query(
    `SELECT a.case_id, a.name, e.seq, a.storage, a.sha256 AS stored_sha, e.payload->>'sha256' AS recorded, true AS has_row,
       CASE WHEN a.storage = 'pg' THEN (SELECT encode(sha256(b.bytes), 'hex') FROM attachment_bytes b WHERE b.attachment_id = a.id) END AS actual
     FROM attachments a
     LEFT JOIN audit_entries e ON e.action = 'ATTACHMENT_ADDED' AND e.outcome = 'ok' AND e.payload->>'attachmentId' = a.id::text AND e.chain_id = 'case:' || a.case_id::text
     WHERE $1::uuid IS NULL OR a.case_id = $1::uuid
     UNION ALL
     SELECT e.case_id, e.payload->>'name', e.seq, null, null, e.payload->>'sha256', false, null
     FROM audit_entries e
     WHERE e.action = 'ATTACHMENT_ADDED' AND e.outcome = 'ok' AND ($2::text IS NULL OR e.chain_id = $2::text)
       AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.id = (e.payload->>'attachmentId')::uuid)
     ORDER BY 1, 3 NULLS FIRST`,
    [one, one === null ? null : `case:${one}`],
  );
  let checked = 0;
  let problem: ChainBreak | null = null;
  for (const r of rows) {
    if (r.storage === 'pg') checked++;
    if (problem) continue;
    const at = (reason: string) => (problem = { chainId: `case:${r.case_id}`, caseId: r.case_id, seq: r.seq ?? 0, reason });
    if (!r.has_row) at(`审计链记录的附件“${r.name}”已不存在（被删除）`);
    else if (r.seq === null) at(`附件“${r.name}”没有对应的审计记录`);
    else if (r.stored_sha !== r.recorded) at(`附件“${r.name}”的登记哈希与审计链记录不符（被修改）`);
    else if (r.storage === 'pg' && r.actual === null) at(`附件“${r.name}”的文件内容缺失`);
    else if (r.storage === 'pg' && r.actual !== r.recorded) at(`附件“${r.name}”的文件内容与审计链记录的 SHA-256 不符（被修改）`);
  }
  return { checked, problem };
}
