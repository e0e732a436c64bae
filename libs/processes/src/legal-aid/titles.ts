/**
 * {zh,en} titles of the words legal aid brings: its filing, payload and context fields and the
 * values they take. The console shows them (GET /api/processes); it has no words of its own for this
 * process. The registry refuses to start when a filing or payload field or value has none.
 */
import type { ProcessTitles } from '../declarations';

export const legalAidTitles: ProcessTitles = {
  fields: {
    // filing
    matterType: { zh: '案件类型', en: 'Matter type' },
    summary: { zh: '事由摘要', en: 'Summary' },
    opposingParty: { zh: '对方当事人', en: 'Opposing party' },
    limitationDeadline: { zh: '时效届满日', en: 'Limitation deadline' },
    exemptionClaim: { zh: '免于经济困难审查的理由', en: 'Grounds for exemption from the means test' },
    // payloads
    category: { zh: '名单类别', en: 'Registry category' },
    basis: { zh: '依据', en: 'Basis' },
    reason: { zh: '理由', en: 'Reason' },
    passed: { zh: '是否通过', en: 'Passed' },
    method: { zh: '审查方式', en: 'Check method' },
    note: { zh: '说明', en: 'Note' },
    decisionNo: { zh: '决定书编号', en: 'Decision no.' },
    missing: { zh: '需补充材料', en: 'Missing materials' },
    lawyer: { zh: '指派律师（用户名）', en: 'Lawyer (username)' },
    outcome: { zh: '办理结果', en: 'Outcome' },
    closedAt: { zh: '结案日期', en: 'Closed on' },
    ground: { zh: '终止事由', en: 'Ground' },
    grade: { zh: '评估等级', en: 'Grade' },
    score: { zh: '评分', en: 'Score' },
    comments: { zh: '评估意见', en: 'Comments' },
    // context
    data: { zh: '申请事项', en: 'Application' },
    lane: { zh: '通道', en: 'Lane' },
    exemption: { zh: '免于经济困难审查', en: 'Exemption' },
    economicReviewReason: { zh: '需经济困难审查的原因', en: 'Why an economic review is needed' },
    economicCheck: { zh: '经济困难审查', en: 'Economic check' },
    materialsRequests: { zh: '补充材料通知次数', en: 'Materials requests' },
    missingMaterials: { zh: '缺少的材料', en: 'Missing materials' },
    materialsNote: { zh: '材料说明', en: 'Materials note' },
    aidFirstReason: { zh: '先行提供援助的理由', en: 'Why aid came first' },
    denial: { zh: '不予援助', en: 'Denial' },
    stage: { zh: '环节', en: 'Stage' },
    objection: { zh: '异议', en: 'Objection' },
    upheldNote: { zh: '异议成立说明', en: 'Objection upheld note' },
    dismissalReason: { zh: '驳回理由', en: 'Dismissal reason' },
    assignedLawyer: { zh: '承办律师', en: 'Assigned lawyer' },
    progress: { zh: '办理进展', en: 'Progress' },
    closure: { zh: '结案', en: 'Closure' },
    peerReview: { zh: '同行评估', en: 'Peer review' },
    qualityFail: { zh: '评估不合格', en: 'Quality fail' },
    termination: { zh: '终止援助', en: 'Termination' },
    withdrawalReason: { zh: '撤回原因', en: 'Withdrawal reason' },
  },
  values: {
    // matter types
    wage_arrears: { zh: '追索劳动报酬', en: 'Wage arrears' },
    work_injury: { zh: '工伤赔偿', en: 'Work injury' },
    family_support: { zh: '抚养费、扶养费', en: 'Family support' },
    elder_support: { zh: '赡养费', en: 'Elder support' },
    domestic_violence: { zh: '家庭暴力', en: 'Domestic violence' },
    contract: { zh: '合同纠纷', en: 'Contract dispute' },
    other: { zh: '其他', en: 'Other' },
    // exempt registry categories
    registered_poor: { zh: '建档立卡贫困户', en: 'Registered poor household' },
    dibao: { zh: '低保户', en: 'Dibao (minimum living allowance)' },
    tekun: { zh: '特困供养人员', en: 'Tekun (destitute support)' },
    // economic check methods
    data_check: { zh: '信息核查', en: 'Data check' },
    integrity_pledge: { zh: '诚信承诺', en: 'Integrity pledge' },
    // service outcomes
    won: { zh: '胜诉', en: 'Won' },
    partly_won: { zh: '部分胜诉', en: 'Partly won' },
    lost: { zh: '败诉', en: 'Lost' },
    mediated: { zh: '调解结案', en: 'Mediated' },
    settled: { zh: '和解', en: 'Settled' },
    withdrawn_by_recipient: { zh: '撤诉/撤回', en: 'Withdrawn by the recipient' },
    // termination grounds (法律援助法 Art. 48)
    fraud: { zh: '以欺骗或者其他不正当手段获得法律援助', en: 'Aid obtained by deception' },
    concealment_or_false_evidence: { zh: '故意隐瞒重要事实或者提供虚假证据', en: 'Facts concealed or false evidence' },
    illegal_use: { zh: '利用法律援助从事违法活动', en: 'Aid used for unlawful ends' },
    no_longer_eligible: { zh: '经济状况变化，不再符合条件', en: 'No longer eligible' },
    proceedings_ended: { zh: '案件终止审理或者已经被撤销', en: 'Proceedings ended' },
    own_counsel: { zh: '自行委托律师或者其他代理人', en: 'Own counsel engaged' },
    recipient_request: { zh: '受援人有正当理由要求终止', en: "At the recipient's request" },
    // peer review grades
    excellent: { zh: '优秀', en: 'Excellent' },
    good: { zh: '良好', en: 'Good' },
    pass: { zh: '合格', en: 'Pass' },
    fail: { zh: '不合格', en: 'Fail' },
    // lanes the context records
    fast: { zh: '三优', en: 'Fast lane' },
    normal: { zh: '普通', en: 'Normal' },
    // where a denial was decided; how a closed case ended
    economic_review: { zh: '经济困难审查', en: 'Economic review' },
    acceptance_review: { zh: '审查决定', en: 'Review and decision' },
    completed: { zh: '办结', en: 'Completed' },
    denied: { zh: '不予法律援助', en: 'Denied' },
  },
};
