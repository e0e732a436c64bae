/**
 * {zh,en} titles of the words housing renovation brings: its filing, payload and context fields and
 * the values they take. The console shows them (GET /api/processes); it has no words of its own for
 * this process. The registry refuses to start when a filing or payload field or value has none.
 */
import type { ProcessTitles } from '../declarations';
import type { Text } from '../definition';
import type { HousingRenovationConfig } from './config';
import { CHECKLIST_ZH } from './policy';

/** English titles of the default checklist keys (the zh ones are policy.ts's CHECKLIST_ZH). */
export const CHECKLIST_EN: Record<string, string> = {
  foundation: 'Foundation',
  loadBearingStructure: 'Load-bearing structure',
  roof: 'Roof',
  seismicMeasures: 'Seismic measures',
  enclosure: 'Enclosure',
  basicFunctions: 'Basic functions',
  areaWithinLimits: 'Floor area within limits',
  signage: 'Project sign',
};

export const FIELD_TITLES: Record<string, Text> = {
  // filing
  category: { zh: '帮扶对象类别', en: 'Registry category' },
  houseDescription: { zh: '住房现状', en: 'Current housing' },
  houseStructure: { zh: '房屋结构', en: 'House structure' },
  builtYear: { zh: '建造年份', en: 'Year built' },
  // payloads
  status: { zh: '名单状态', en: 'Registry status' },
  reason: { zh: '理由', en: 'Reason' },
  note: { zh: '说明', en: 'Note' },
  meetingDate: { zh: '会议日期', en: 'Meeting date' },
  attendees: { zh: '参会人数', en: 'Attendees' },
  votesFor: { zh: '赞成票', en: 'Votes for' },
  votesAgainst: { zh: '反对票', en: 'Votes against' },
  minutesRef: { zh: '会议记录编号', en: 'Minutes reference' },
  passed: { zh: '是否通过', en: 'Passed' },
  summary: { zh: '异议内容', en: 'Objection' },
  opinion: { zh: '审核意见', en: 'Opinion' },
  approvalOpinion: { zh: '审批意见', en: 'Approval opinion' },
  missing: { zh: '需补正材料', en: 'Missing materials' },
  grade: { zh: '评定等级', en: 'Grade' },
  reportRef: { zh: '鉴定报告编号', en: 'Report reference' },
  assessedAt: { zh: '鉴定日期', en: 'Assessed on' },
  method: { zh: '改造方式', en: 'Renovation method' },
  subsidyAmount: { zh: '补助金额（元）', en: 'Subsidy (yuan)' },
  agreementNo: { zh: '协议编号', en: 'Agreement no.' },
  signedAt: { zh: '签订日期', en: 'Signed on' },
  plannedCompletionDate: { zh: '计划竣工日期', en: 'Planned completion' },
  percent: { zh: '完成比例（%）', en: 'Progress (%)' },
  completedAt: { zh: '竣工日期', en: 'Completed on' },
  checklist: { zh: '验收清单', en: 'Acceptance checklist' },
  inspectors: { zh: '验收人员', en: 'Inspectors' },
  failedItems: { zh: '不合格项目', en: 'Failed items' },
  moveInDate: { zh: '入住日期', en: 'Move-in date' },
  signInstalled: { zh: '已设置“农村危房改造工程”标识', en: 'Project sign installed' },
  // context
  data: { zh: '申请事项', en: 'Application' },
  identity: { zh: '身份核验', en: 'Identity check' },
  result: { zh: '结果', en: 'Result' },
  registryCategory: { zh: '名单类别', en: 'Registry category' },
  registryStatus: { zh: '名单状态', en: 'Registry status' },
  lookupReason: { zh: '未通过原因', en: 'Lookup reason' },
  collectiveReview: { zh: '集体评议', en: 'Collective review' },
  noticesCompleted: { zh: '已完成公示', en: 'Notices completed' },
  objections: { zh: '异议', en: 'Objections' },
  notice: { zh: '公示', en: 'Notice' },
  townshipOpinion: { zh: '乡镇审核意见', en: 'Township opinion' },
  correction: { zh: '退回补正', en: 'Correction' },
  returnedFrom: { zh: '退回环节', en: 'Returned from' },
  resubmitNote: { zh: '补正说明', en: 'Resubmission note' },
  assessment: { zh: '房屋危险性评定', en: 'Danger assessment' },
  agreement: { zh: '协议', en: 'Agreement' },
  progress: { zh: '实施进度', en: 'Progress' },
  completion: { zh: '竣工', en: 'Completion' },
  acceptance: { zh: '竣工验收', en: 'Acceptance' },
  acceptanceFailures: { zh: '验收未通过次数', en: 'Failed acceptance rounds' },
  rectificationNote: { zh: '整改说明', en: 'Rectification note' },
  handover: { zh: '交接入住', en: 'Handover' },
  rejectionReason: { zh: '不予改造理由', en: 'Rejection reason' },
  rejectedIn: { zh: '不予改造环节', en: 'Rejected in' },
  withdrawalReason: { zh: '撤回理由', en: 'Withdrawal reason' },
  withdrawnFrom: { zh: '撤回环节', en: 'Withdrawn from' },
};

export const VALUE_TITLES: Record<string, Text> = {
  // registry categories
  registered_poor: { zh: '建档立卡贫困户', en: 'Registered poor household' },
  dibao: { zh: '低保户', en: 'Dibao (minimum living allowance)' },
  tekun: { zh: '特困供养人员', en: 'Tekun (destitute support)' },
  poor_disabled: { zh: '贫困残疾人家庭', en: 'Poor household with disability' },
  // registry statuses
  not_lifted: { zh: '未脱贫', en: 'Not lifted' },
  lifted_with_policy: { zh: '已脱贫（享受政策）', en: 'Lifted, still covered' },
  new: { zh: '新识别', en: 'Newly identified' },
  // house safety grades
  A: { zh: 'A 级（安全）', en: 'Grade A (safe)' },
  B: { zh: 'B 级（基本安全）', en: 'Grade B (basically safe)' },
  C: { zh: 'C 级（局部危房）', en: 'Grade C (partly dangerous)' },
  D: { zh: 'D 级（整幢危房）', en: 'Grade D (entirely dangerous)' },
  NO_HOUSE: { zh: '无房户', en: 'No house' },
  // renovation methods
  reinforce: { zh: '维修加固', en: 'Reinforce' },
  rebuild: { zh: '拆除重建', en: 'Demolish and rebuild' },
  new_build: { zh: '新建', en: 'New build' },
  rent: { zh: '租赁安置', en: 'Rent' },
  // identity results
  verified: { zh: '名单比对通过', en: 'Verified by the registry' },
  unverified: { zh: '名单比对未通过', en: 'Not in the registry' },
  confirmed: { zh: '扶贫办已确认', en: 'Confirmed by the poverty office' },
  rejected: { zh: '不予认定', en: 'Rejected' },
  // notice levels
  village: { zh: '村级', en: 'Village' },
  township: { zh: '乡镇级', en: 'Township' },
  county: { zh: '县级', en: 'County' },
};

/** The configured checklist keys are fields (of the checklist) and values (failed items); a key without a title of ours shows as itself. */
export function housingRenovationTitles(config: HousingRenovationConfig): ProcessTitles {
  const checklist = Object.fromEntries(
    config.acceptanceChecklist.map((k) => [k, { zh: CHECKLIST_ZH[k] ?? k, en: CHECKLIST_EN[k] ?? k }]),
  );
  return { fields: { ...FIELD_TITLES, ...checklist }, values: { ...VALUE_TITLES, ...checklist } };
}
