/**
 * {zh,en} titles of the words temporary assistance brings: its filing, payload and context fields
 * and the values they take. The console shows them (GET /api/processes); it has no words of its own
 * for this process. The registry refuses to start when a filing or payload field or value has none.
 */
import type { ProcessTitles } from '../declarations';

export const temporaryAssistanceTitles: ProcessTitles = {
  fields: {
    // filing
    hardshipType: { zh: '困难类型', en: 'Hardship type' },
    urgency: { zh: '紧急程度', en: 'Urgency' },
    description: { zh: '困难情况', en: 'Description' },
    requestedAmount: { zh: '申请金额（元）', en: 'Requested amount (yuan)' },
    // payloads
    amount: { zh: '金额（元）', en: 'Amount (yuan)' },
    form: { zh: '救助形式', en: 'Form of relief' },
    grantedAt: { zh: '发放时间', en: 'Granted at' },
    reason: { zh: '理由', en: 'Reason' },
    approvalOpinion: { zh: '审批意见', en: 'Approval opinion' },
    investigationReport: { zh: '调查报告', en: 'Investigation report' },
    documents: { zh: '材料清单', en: 'Documents' },
    note: { zh: '说明', en: 'Note' },
    findings: { zh: '入户调查情况', en: 'Findings' },
    recommendedAmount: { zh: '建议金额（元）', en: 'Recommended amount (yuan)' },
    summary: { zh: '异议内容', en: 'Objection' },
    overrideReason: { zh: '重复申请仍予批准的理由', en: 'Reason to approve despite repeat' },
    meetingDate: { zh: '会议日期', en: 'Meeting date' },
    participants: { zh: '参会人员', en: 'Participants' },
    decision: { zh: '决定', en: 'Decision' },
    minutesRef: { zh: '会议记录编号', en: 'Minutes reference' },
    paymentRef: { zh: '支付凭证号', en: 'Payment reference' },
    organization: { zh: '慈善组织', en: 'Charity organisation' },
    // context
    data: { zh: '申请事项', en: 'Application' },
    lane: { zh: '通道', en: 'Lane' },
    emergencyDeclineReason: { zh: '不予先行救助的理由', en: 'Why first relief was declined' },
    firstRelief: { zh: '先行救助', en: 'First relief' },
    formalities: { zh: '补齐手续', en: 'Formalities' },
    investigationFindings: { zh: '入户调查情况', en: 'Investigation findings' },
    objections: { zh: '异议', en: 'Objections' },
    approvalStage: { zh: '审批层级', en: 'Approval level' },
    approvedAmount: { zh: '批准金额（元）', en: 'Approved amount (yuan)' },
    deliberation: { zh: '一事一议', en: 'Deliberation' },
    rejectionReason: { zh: '不予救助理由', en: 'Rejection reason' },
    charityReferrals: { zh: '慈善衔接', en: 'Charity referrals' },
    confirmationNote: { zh: '确认说明', en: 'Confirmation note' },
    revocationReason: { zh: '撤销理由', en: 'Revocation reason' },
    recoveryRequired: { zh: '需追回救助金', en: 'Recovery required' },
    withdrawalReason: { zh: '撤回理由', en: 'Withdrawal reason' },
    outcome: { zh: '办理结果', en: 'Outcome' },
  },
  values: {
    // hardship types
    fire: { zh: '火灾', en: 'Fire' },
    traffic_accident: { zh: '交通事故', en: 'Traffic accident' },
    accident: { zh: '意外事故', en: 'Accident' },
    sudden_illness: { zh: '突发重病', en: 'Sudden illness' },
    expenditure: { zh: '支出型困难', en: 'Expenditure hardship' },
    other: { zh: '其他', en: 'Other' },
    // urgency, and the lanes the context records
    emergency: { zh: '急难型', en: 'Emergency' },
    normal: { zh: '一般', en: 'Normal' },
    // relief forms
    cash: { zh: '现金', en: 'Cash' },
    transfer: { zh: '转账', en: 'Bank transfer' },
    in_kind: { zh: '实物', en: 'In kind' },
    // deliberation decisions
    approve: { zh: '同意', en: 'Approve' },
    reject: { zh: '不同意', en: 'Reject' },
    // approval stages
    township: { zh: '乡镇（街道）', en: 'Township' },
    county: { zh: '县级', en: 'County' },
    deliberation: { zh: '一事一议', en: 'Deliberation' },
    // how a closed case ended
    paid: { zh: '已发放', en: 'Paid' },
    confirmed: { zh: '先行救助已确认', en: 'First relief confirmed' },
    revoked: { zh: '先行救助已撤销', en: 'First relief revoked' },
  },
};
