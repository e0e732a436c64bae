/**
 * What a document on a case is. One list for every process: the documents the seed plans name
 * (申请材料, 会议记录, 鉴定报告, 身份证明) and 其他. A kind is a label for people, not a rule: no
 * event requires one.
 */
export const ATTACHMENT_KINDS = {
  application: { zh: '申请材料', en: 'Application documents' },
  meeting_minutes: { zh: '会议记录', en: 'Meeting minutes' },
  appraisal_report: { zh: '鉴定报告', en: 'Appraisal report' },
  identity_proof: { zh: '身份证明', en: 'Proof of identity' },
  other: { zh: '其他', en: 'Other' },
} as const;

export type AttachmentKind = keyof typeof ATTACHMENT_KINDS;

export const DEFAULT_ATTACHMENT_KIND: AttachmentKind = 'other';

export const isAttachmentKind = (k: unknown): k is AttachmentKind => typeof k === 'string' && Object.hasOwn(ATTACHMENT_KINDS, k);
