/**
 * What legal aid prints (法律援助法 Art. 43, 44, 49): the decision to grant aid, the decision to
 * refuse it with the reason and the way to object, and the notice assigning the lawyer.
 */
import { type DocumentField, type DocumentSpec, APPLICANT_NAME_FIELD, ID_NUMBER_FIELD } from '../documents';
import type { LegalAidContext } from './types';

const office = { level: 'county' as const, department: { zh: '法律援助中心', en: 'Legal Aid Centre' } };
const printers: DocumentSpec['roles'] = ['legal_aid_officer', 'justice_bureau'];

const applicant: DocumentField[] = [
  APPLICANT_NAME_FIELD,
  ID_NUMBER_FIELD,
  { key: 'matterType', title: { zh: '案件类型', en: 'Matter type' }, from: 'data.matterType', format: 'value' },
  { key: 'opposingParty', title: { zh: '对方当事人', en: 'Opposing party' }, from: 'data.opposingParty' },
  { key: 'summary', title: { zh: '申请事项', en: 'Matter' }, from: 'data.summary', wide: true },
];

export const legalAidDocuments: Record<string, DocumentSpec<LegalAidContext>> = {
  grant_decision: {
    title: { zh: '给予法律援助决定书', en: 'Decision to grant legal aid' },
    issuer: office,
    // Granted (or aid provided first): the case goes on to the assignment.
    states: ['assignment'],
    // Refused first, then granted when the justice bureau upheld the objection (Art. 49).
    when: (c) => !c.denial || !!c.objection?.upheldNote,
    roles: printers,
    intro: {
      zh: '经审查，你的法律援助申请符合《中华人民共和国法律援助法》规定的条件，本中心决定给予法律援助。',
      en: 'Your application meets the conditions of the Legal Aid Law; this centre grants legal aid.',
    },
    sections: [
      {
        fields: [
          { key: 'decisionNo', title: { zh: '决定书编号', en: 'Decision no.' }, from: 'context.decisionNo' },
          ...applicant,
          { key: 'decidedAt', title: { zh: '决定日期', en: 'Decided on' }, from: 'history.GRANT_AID.at', format: 'date' },
        ],
      },
    ],
    closing: { zh: '本中心将另行指派法律援助人员承办，并通知你。', en: 'The centre will assign a lawyer and notify you.' },
    signatures: [{ zh: '审查人', en: 'Reviewed by' }, { zh: '负责人', en: 'Head of centre' }],
    seal: true,
  },
  denial_decision: {
    title: { zh: '不予法律援助决定书', en: 'Decision to refuse legal aid' },
    issuer: office,
    states: ['denied'],
    when: (c) => !!c.denial,
    roles: printers,
    intro: {
      zh: '经审查，你的法律援助申请不符合《中华人民共和国法律援助法》规定的条件，本中心决定不予法律援助。',
      en: 'Your application does not meet the conditions of the Legal Aid Law; this centre refuses legal aid.',
    },
    sections: [
      {
        fields: [
          ...applicant,
          { key: 'reason', title: { zh: '不予法律援助的理由', en: 'Reason' }, from: 'context.denial.reason', wide: true },
          { key: 'decidedAt', title: { zh: '决定日期', en: 'Decided on' }, from: 'history.DENY_AID.at', format: 'date' },
        ],
      },
    ],
    closing: {
      zh: '申请人对本决定有异议的，可以向设立本中心的司法行政部门提出（《中华人民共和国法律援助法》第四十九条）。',
      en: 'An applicant who objects may object to the justice bureau that set up this centre (Legal Aid Law, Art. 49).',
    },
    signatures: [{ zh: '审查人', en: 'Reviewed by' }, { zh: '负责人', en: 'Head of centre' }],
    seal: true,
  },
  assignment_notice: {
    title: { zh: '指派通知书', en: 'Notice of assignment' },
    issuer: office,
    states: ['in_service'],
    when: (c) => !!c.assignedLawyer,
    roles: printers,
    intro: {
      zh: '根据《中华人民共和国法律援助法》第四十四条，本中心指派下列法律援助人员为受援人提供法律援助。',
      en: 'Under Art. 44 of the Legal Aid Law this centre assigns the lawyer below to the aided person.',
    },
    sections: [
      {
        fields: [
          { key: 'decisionNo', title: { zh: '决定书编号', en: 'Decision no.' }, from: 'context.decisionNo' },
          { key: 'applicant', title: { zh: '受援人', en: 'Aided person' }, from: 'applicant.name' },
          ...applicant.slice(1),
          { key: 'lawyer', title: { zh: '承办律师', en: 'Assigned lawyer' }, from: 'context.assignedLawyer', format: 'person' },
          { key: 'assignedAt', title: { zh: '指派日期', en: 'Assigned on' }, from: 'history.ASSIGN_LAWYER.at', format: 'date' },
        ],
      },
    ],
    signatures: [{ zh: '经办人', en: 'Officer' }, { zh: '承办律师（签收）', en: 'Lawyer (received)' }],
    seal: true,
  },
};
