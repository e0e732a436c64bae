import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { actorChain, appendAudit, caseChain } from '@app/audit';
import { Sql, inTransaction } from '@app/db';
import { ProcessRegistry } from '@app/processes';
import { maskIdNumbersIn } from '@app/registry';
import { relativeConflict } from '../authorization';
import { CASE_WITH_PARTS_SQL, CaseRowWithParts, revealRefusal } from '../case-view';
import { activeDelegationsFor } from '../delegations';
import { DomainError, FieldError, forbidden, invalid, notFound, unprocessable } from '../errors';
import { auditRefusal } from '../queries/refusal-audit';
import { lockVisibleCase } from '../repositories/cases';
import { isVisibleTo } from '../visibility';
import { isUuid } from '../uuid';
import { WorkflowClock } from '../workflow-clock';
import { ATTACHMENT_KINDS, DEFAULT_ATTACHMENT_KIND, isAttachmentKind } from './attachment-kinds';
import type { AttachmentSettings } from './attachment-settings';
import type { AttachmentStore } from './attachment-store';
import { ACCEPTED_TYPES_TEXT, ACCEPTED_TYPES_TEXT_EN, INVISIBLE, sanitizeFileName, sniffContentType } from './file-checks';

/** A file as the multipart parser hands it over (multer's memory storage). */
export interface UploadedFile {
  buffer: Buffer;
  originalname?: string;
  size: number;
}

export interface AttachmentSummary {
  id: string;
  name: string;
  size: number;
  contentType: string;
  sha256: string;
  kind: string;
}

/** The text fields an upload may carry beside `file`. */
const UPLOAD_FIELDS = ['kind'];

const KIND_CHOICES = Object.entries(ATTACHMENT_KINDS).map(([k, t]) => `${k}（${t.zh}）`).join('、');
const KIND_CHOICES_EN = Object.entries(ATTACHMENT_KINDS).map(([k, t]) => `${k} (${t.en})`).join(', ');

/**
 * Documents on a case (issue 20): upload, list, download. Authorized like the case: whoever sees
 * the case lists and downloads; whoever may act on it now — or filed it — adds, while it is open.
 * The upload's rows and its ATTACHMENT_ADDED entry (with the SHA-256) are one transaction on the
 * locked case, so the chain and the stored bytes can be checked against each other by audit verify.
 */
export class CaseAttachments {
  constructor(
    private readonly ds: DataSource,
    private readonly processes: ProcessRegistry,
    private readonly clock: WorkflowClock,
    private readonly store: AttachmentStore,
    readonly settings: AttachmentSettings,
  ) {}

  async upload(p: Principal, caseId: string, file: UploadedFile | undefined, fields: Record<string, unknown> = {}): Promise<AttachmentSummary> {
    const { bytes, name, contentType, kind } = this.checkUpload(file, fields);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const id = randomUUID();
    const summary: AttachmentSummary = { id, name, size: bytes.length, contentType, sha256, kind };
    try {
      return await inTransaction(this.ds, async (tx) => {
        const c = await lockVisibleCase(tx, p, caseId);
        const refusal = await this.uploadRefusal(tx, p, caseId, c.actor_declared_relative === true);
        if (refusal) throw refusal;
        const now = this.clock.now();
        const key = this.store.keyFor({ caseId, id });
        await tx.query(
          `INSERT INTO attachments (id, case_id, name, size, content_type, sha256, kind, uploaded_by, uploaded_at, storage, storage_key)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
          [id, caseId, name, bytes.length, contentType, sha256, kind, p.id, now, this.store.storage, key],
        );
        await this.store.put(tx, { id, key }, bytes);
        await appendAudit(tx, {
          chainId: caseChain(caseId), caseId, at: now, actorId: p.id, actorUsername: p.username,
          actorRole: p.roles.join(','), jurisdictionCode: p.jurisdiction.code, action: 'ATTACHMENT_ADDED', outcome: 'ok',
          fromState: c.state, toState: c.state,
          payload: { attachmentId: id, name, size: bytes.length, contentType, kind, sha256 },
        });
        return summary;
      });
    } catch (err) {
      // A refused upload is evidence like a refused event (PROCESSES.md §5): on the caller's chain.
      if (err instanceof DomainError && (err.status === 403 || err.status === 422)) {
        await auditRefusal(this.ds, this.clock, p, caseId, { type: 'ATTACHMENT_ADDED', payload: { name, size: bytes.length, kind, sha256 } }, err)
          .catch(() => undefined);
      }
      throw err;
    }
  }

  /** The file and fields, checked before anything is read or written: 400 / 415 naming the field. */
  private checkUpload(file: UploadedFile | undefined, fields: Record<string, unknown>) {
    const errors: FieldError[] = [];
    for (const k of Object.keys(fields).slice(0, 20)) {
      // Form fields skip the JSON input guard: a name is echoed only with its invisible characters escaped.
      if (!UPLOAD_FIELDS.includes(k)) errors.push({ field: k.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`), message: '不认识的字段，只能有 file 和 kind', en: 'unknown field: only file and kind are allowed' });
    }
    const rawKind = fields.kind;
    if (rawKind !== undefined && rawKind !== '' && !isAttachmentKind(rawKind)) errors.push({ field: 'kind', message: `材料类别只能是：${KIND_CHOICES}`, en: `the kind must be one of: ${KIND_CHOICES_EN}` });
    if (!file || !Buffer.isBuffer(file.buffer)) errors.push({ field: 'file', message: '请选择要上传的文件（表单字段 file）', en: 'choose a file to upload (form field file)' });
    else if (file.buffer.length === 0) errors.push({ field: 'file', message: '文件是空的', en: 'the file is empty' });
    if (errors.length) throw invalid(errors);
    const type = sniffContentType(file!.buffer);
    if (!type) {
      throw new DomainError(415, '文件类型不支持', { zh: `只能上传 ${ACCEPTED_TYPES_TEXT} 文件`, en: `Only ${ACCEPTED_TYPES_TEXT_EN} files can be uploaded` }, [
        { field: 'file', message: `文件内容不是 ${ACCEPTED_TYPES_TEXT}（按文件内容判断，不看扩展名）`, en: `The content is not ${ACCEPTED_TYPES_TEXT_EN} (judged by the content, not the extension)` },
      ]);
    }
    // A full ID number in a file name would be shown and audited in clear: masked like free text.
    const name = sanitizeFileName(maskIdNumbersIn(file!.originalname ?? '').text, type.extension);
    const kind = isAttachmentKind(rawKind) ? rawKind : DEFAULT_ATTACHMENT_KIND;
    return { bytes: file!.buffer, name, contentType: type.contentType, kind };
  }

  /**
   * Who may add a document: not to a closed case (422); not a declared relative of the applicant;
   * otherwise whoever could see the full ID number — the filer, the assignee, a holder of an open
   * task, anyone with an event they may send now (case-view.ts revealRefusal).
   */
  private async uploadRefusal(sql: Sql, p: Principal, caseId: string, declaredRelative: boolean): Promise<DomainError | null> {
    const [c] = (await sql.query(CASE_WITH_PARTS_SQL, [caseId])) as CaseRowWithParts[];
    if (c.closed_at) return unprocessable({ zh: '本案已办结，不能再添加材料', en: 'The case is closed: no more documents can be added' });
    if (declaredRelative || relativeConflict(p, c)) return forbidden({ zh: '申请人是您备案的近亲属，按回避规定您不能为本案添加材料', en: 'The applicant is a close relative you declared; the recusal rule bars you from adding documents to this case' });
    const def = this.processes.get(c.process_key, c.process_version);
    if (revealRefusal(p, def, c, await activeDelegationsFor(sql, p)) !== null) {
      return forbidden({ zh: '只有本案的申请经办人、承办人、当前待办人或现在可以办理本案的人员可以添加材料', en: "Only the case's filer, assignee, current task holder or someone who may act on it now can add documents" });
    }
    return null;
  }

  /** The case's documents, oldest first, and whether the caller may add one. Never the bytes. */
  async list(p: Principal, caseId: string) {
    if (!isUuid(caseId)) throw notFound();
    const [c] = await this.ds.query(`SELECT id, village_code, township_code, county_code, city_code, viewers FROM cases WHERE id = $1`, [caseId]);
    if (!c || !isVisibleTo(p, c)) throw notFound();
    const rows = await this.ds.query(
      `SELECT a.id, a.name, a.size, a.content_type, a.sha256, a.kind, a.uploaded_at, u.username, u.display_name
       FROM attachments a JOIN users u ON u.id = a.uploaded_by WHERE a.case_id = $1 ORDER BY a.uploaded_at, a.id`,
      [caseId],
    );
    const [relative] = await this.ds.query(
      `SELECT EXISTS (SELECT 1 FROM staff_relatives r JOIN cases c ON c.applicant_id_index = r.id_index
         WHERE c.id = $1 AND r.user_id = $2 AND r.withdrawn_at IS NULL) AS related`,
      [caseId, p.id],
    );
    const canUpload = !p.system && (await this.uploadRefusal(this.ds, p, caseId, relative.related)) === null;
    return {
      caseId,
      canUpload,
      maxBytes: this.settings.maxBytes,
      kinds: Object.entries(ATTACHMENT_KINDS).map(([kind, title]) => ({ kind, title })),
      items: rows.map((r: any) => ({
        id: r.id, name: r.name, size: Number(r.size), contentType: r.content_type, sha256: r.sha256, kind: r.kind,
        kindTitle: ATTACHMENT_KINDS[r.kind as keyof typeof ATTACHMENT_KINDS] ?? { zh: r.kind, en: r.kind },
        uploadedBy: { username: r.username, displayName: r.display_name },
        uploadedAt: new Date(r.uploaded_at).toISOString(),
      })),
    };
  }

  /**
   * One document's bytes, for whoever sees its case. Opening it is recorded on the reader's chain
   * (ATTACHMENT_READ, like the ID-number reveal): documents hold identity papers and appraisals.
   */
  async open(p: Principal, attachmentId: string): Promise<{ name: string; contentType: string; sha256: string; bytes: Buffer }> {
    if (!isUuid(attachmentId) || p.system) throw notFound({ zh: '材料不存在或不在您的辖区内', en: 'The document does not exist or is outside your jurisdiction' });
    return inTransaction(this.ds, async (tx) => {
      const [a] = await tx.query(
        `SELECT a.id, a.case_id, a.name, a.content_type, a.sha256, a.storage, a.storage_key, c.state, c.village_code, c.township_code, c.county_code, c.city_code, c.viewers
         FROM attachments a JOIN cases c ON c.id = a.case_id WHERE a.id = $1`,
        [attachmentId],
      );
      // A case with narrower visibility (a finding) shows its documents to the same people only.
      if (!a || !isVisibleTo(p, a)) throw notFound({ zh: '材料不存在或不在您的辖区内', en: 'The document does not exist or is outside your jurisdiction' });
      const bytes = await this.store.get(tx, a);
      if (!bytes) throw notFound({ zh: '材料的文件内容缺失，请联系系统管理员', en: "The document's content is missing; contact the administrator" });
      await appendAudit(tx, {
        chainId: actorChain(p.id), caseId: a.case_id, at: this.clock.now(), actorId: p.id, actorUsername: p.username,
        actorRole: p.roles.join(','), jurisdictionCode: p.jurisdiction.code, action: 'ATTACHMENT_READ', outcome: 'ok',
        fromState: a.state, toState: a.state, payload: { attachmentId: a.id, name: a.name, sha256: a.sha256 },
      });
      return { name: a.name, contentType: a.content_type, sha256: a.sha256, bytes };
    });
  }
}
