/** What temporary assistance prints: the 临时救助审批表, the township's review and the approval on one sheet. */
import { type DocumentSpec, APPLICANT_NAME_FIELD, ID_NUMBER_FIELD, VILLAGE_FIELD } from '../documents';
import type { TemporaryAssistanceContext } from './types';

export const temporaryAssistanceDocuments: Record<string, DocumentSpec<TemporaryAssistanceContext>> = {
  approval_form: {
    title: { zh: '临时救助审批表', en: 'Temporary assistance approval form' },
    issuer: { level: 'township', department: { zh: '人民政府', en: "People's Government" } },
    // Printed once the township has investigated (the approval may be the township's or the county's).
    states: ['notice', 'township_approval', 'county_approval', 'deliberation', 'post_review'],
    roles: ['village_clerk', 'township_officer', 'county_civil'],
    sections: [
      {
        title: { zh: '申请人基本情况', en: 'Applicant' },
        fields: [
          APPLICANT_NAME_FIELD,
          ID_NUMBER_FIELD,
          { key: 'householdSize', title: { zh: '家庭人口', en: 'Household size' }, from: 'applicant.householdSize', format: 'count' },
          VILLAGE_FIELD,
          { key: 'hardshipType', title: { zh: '困难类型', en: 'Hardship type' }, from: 'data.hardshipType', format: 'value' },
          { key: 'urgency', title: { zh: '紧急程度', en: 'Urgency' }, from: 'data.urgency', format: 'value' },
          { key: 'requestedAmount', title: { zh: '申请金额', en: 'Requested' }, from: 'data.requestedAmount', format: 'money' },
          { key: 'description', title: { zh: '困难情况', en: 'Hardship' }, from: 'data.description', wide: true },
        ],
      },
      {
        title: { zh: '乡镇审核意见', en: 'Township review' },
        fields: [
          { key: 'findings', title: { zh: '入户调查情况', en: 'Investigation' }, from: 'context.investigationFindings', wide: true },
          { key: 'recommendedAmount', title: { zh: '建议救助金额', en: 'Recommended' }, from: 'context.recommendedAmount', format: 'money' },
          { key: 'investigatedBy', title: { zh: '审核人', en: 'Reviewed by' }, from: 'history.SUBMIT_INVESTIGATION.actor' },
          { key: 'investigatedAt', title: { zh: '审核日期', en: 'Reviewed on' }, from: 'history.SUBMIT_INVESTIGATION.at', format: 'date' },
        ],
      },
      {
        title: { zh: '审批意见', en: 'Approval' },
        fields: [
          { key: 'approvalStage', title: { zh: '审批层级', en: 'Approval level' }, from: 'context.approvalStage', format: 'value' },
          { key: 'approvedAmount', title: { zh: '批准救助金额', en: 'Approved' }, from: 'context.approvedAmount', format: 'money' },
          { key: 'approvedBy', title: { zh: '审批人', en: 'Approved by' }, from: 'history.APPROVE.actor' },
          { key: 'approvedAt', title: { zh: '审批日期', en: 'Approved on' }, from: 'history.APPROVE.at', format: 'date' },
        ],
      },
    ],
    signatures: [{ zh: '申请人（签字或按手印）', en: 'Applicant' }, { zh: '经办人', en: 'Officer' }, { zh: '审批人', en: 'Approver' }],
    seal: true,
  },
};
