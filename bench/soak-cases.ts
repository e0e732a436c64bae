/**
 * The soak's cases: what each is filed with, the path it is meant to take (decided at filing, so a
 * case objects, is returned or is left to its deadline at most once), and the next human step of a
 * case in a given state. Steps are derived from the state the api reports, so deadlines and jobs
 * that move a case on are simply followed; `null` means the case waits for a job, a deadline or a
 * person the plan leaves silent.
 */
import { makeIdNumber } from '@app/registry';

export type ProcessKey = 'housing-renovation' | 'temporary-assistance' | 'legal-aid';

export interface CasePlan {
  processKey: ProcessKey;
  /** Notice state in which an objection is recorded once (housing, temporary assistance). */
  objectIn?: string;
  objected?: boolean;
  /** Housing: the township returns it for correction once. */
  returnOnce?: boolean;
  returned?: boolean;
  /** Temporary assistance: recommended amount (township ≤ 3000, county ≤ 20000, else deliberation). */
  amount?: number;
  /** Temporary assistance: a charity referral before the decision (a charity_referral job). */
  referOnce?: boolean;
  referred?: boolean;
  /** Emergency lane: declined to the normal lane, or relief revoked at the post-review. */
  declineEmergency?: boolean;
  revoke?: boolean;
  /** Legal aid: the economic check fails; materials are requested (and supplied, or left to the deadline). */
  failCheck?: boolean;
  requestMaterials?: boolean;
  supplyMaterials?: boolean;
  /** Legal aid: denied at acceptance review; the applicant objects (else the objection window ends). */
  deny?: boolean;
  objectToDenial?: boolean;
  upholdObjection?: boolean;
  lawyer?: string;
}

export interface Step {
  user: string;
  type: string;
  payload: Record<string, unknown>;
  /** Marks the plan so a one-off variant is not tried again (whatever the answer). */
  done?: (plan: CasePlan) => void;
}

/** Demo registry rows (seeds/demo-data.ts): category → ID number. */
const REGISTRY = {
  registered_poor: makeIdNumber('37083219650312102'),
  dibao: makeIdNumber('37083219720805204'),
  tekun: makeIdNumber('37083219580101301'),
};

const VILLAGE = '370832001001';
const DAY_MS = 86400_000;
const chance = (p: number) => Math.random() < p;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)];
/** Dates people enter are real calendar dates in China (not scaled). */
const chinaDate = (offsetDays = 0) => new Date(Date.now() + 8 * 3600_000 + offsetDays * DAY_MS).toISOString().slice(0, 10);

/** A valid ID number not in the registry, distinct for n < 336,000 (temporary assistance flags repeats). */
export function soakIdNumber(n: number): string {
  return makeIdNumber(`3708321975${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (Math.floor(n / 12) % 28)).padStart(2, '0')}${String(Math.floor(n / 336) % 1000).padStart(3, '0')}`);
}

/** A new case: its filing body (filed by the village clerk) and its plan. */
export function newCase(n: number): { body: Record<string, unknown>; plan: CasePlan } {
  const processKey = pick(['housing-renovation', 'temporary-assistance', 'temporary-assistance', 'legal-aid'] as const);
  const stranger = soakIdNumber(n);
  if (processKey === 'housing-renovation') {
    // A registry member is verified by the lookup job; anyone else goes to the poverty office.
    const [category, idNumber] = chance(0.3) ? pick([['registered_poor', REGISTRY.registered_poor], ['dibao', REGISTRY.dibao]] as const) : ['registered_poor', stranger];
    return {
      body: {
        processKey, villageCode: VILLAGE, applicant: { name: '压测申请人', idNumber, householdSize: 3 },
        data: { category, houseDescription: '土坯房，墙体开裂，屋顶漏雨', houseStructure: '土木', builtYear: 1978 },
      },
      plan: { processKey, objectIn: chance(0.15) ? pick(['village_notice', 'township_notice', 'county_notice']) : undefined, returnOnce: chance(0.1) },
    };
  }
  if (processKey === 'temporary-assistance') {
    const emergency = chance(0.35);
    const declineEmergency = emergency && chance(0.15);
    return {
      body: {
        processKey, villageCode: VILLAGE, applicant: { name: '压测申请人', idNumber: stranger, householdSize: 4 },
        data: emergency
          ? { hardshipType: 'fire', urgency: 'emergency', description: '夜间失火，房屋及口粮被毁', requestedAmount: 1500 }
          : { hardshipType: 'sudden_illness', urgency: 'normal', description: '突发重病住院，医疗支出大', requestedAmount: 2000 },
      },
      plan: {
        processKey, objectIn: chance(0.1) ? 'notice' : undefined, referOnce: chance(0.2),
        // A declined emergency has used both township officers (decline, investigation): the county approves.
        amount: declineEmergency ? 8000 : chance(0.6) ? 2000 : chance(0.75) ? 8000 : 25000,
        declineEmergency, revoke: chance(0.1),
      },
    };
  }
  // Legal aid: registry members take the fast lane after the eligibility job.
  const idNumber = chance(0.4) ? pick(Object.values(REGISTRY)) : stranger;
  return {
    body: {
      processKey, villageCode: VILLAGE, applicant: { name: '压测申请人', idNumber },
      data: { matterType: 'wage_arrears', summary: '在建筑工地务工，被拖欠工资 18000 元', opposingParty: '某建筑劳务公司' },
    },
    plan: {
      processKey, failCheck: chance(0.15), requestMaterials: chance(0.2), supplyMaterials: chance(0.5), deny: chance(0.1),
      objectToDenial: chance(0.5), upholdObjection: chance(0.5), lawyer: pick(['lvshi.wang', 'lvshi.zhao']),
    },
  };
}

/** A case view as the api answers it (the fields the walk reads). */
export interface CaseSeen {
  state: string;
  context: Record<string, any>;
}

export function nextStep(plan: CasePlan, c: CaseSeen): Step | null {
  if (plan.processKey === 'housing-renovation') return housingStep(plan, c);
  if (plan.processKey === 'temporary-assistance') return temporaryAssistanceStep(plan, c);
  return legalAidStep(plan, c);
}

function housingStep(plan: CasePlan, c: CaseSeen): Step | null {
  switch (c.state) {
    case 'identity_review':
      return { user: 'xian.liangshan.fupin', type: 'CONFIRM_IDENTITY', payload: { note: '经入户核实，属新识别贫困户' } };
    case 'collective_review':
      return {
        user: 'cun.yannali', type: 'RECORD_COLLECTIVE_REVIEW',
        payload: { meetingDate: chinaDate(-2), attendees: 31, votesFor: 29, votesAgainst: 1, minutesRef: '闫那里村民代表会议记录〔2026〕11号', passed: true },
      };
    case 'village_notice':
    case 'township_notice':
    case 'county_notice':
      // The deadline moves it on; an objection (once, if planned) races it.
      return plan.objectIn === c.state && !plan.objected
        ? { user: 'cun.yannali', type: 'RECORD_OBJECTION', payload: { summary: '村民反映申请人另有住房，需重新核实' }, done: (p) => (p.objected = true) }
        : null;
    case 'township_audit':
      return plan.returnOnce && !plan.returned
        ? { user: 'zhen.xiaolukou', type: 'RETURN_FOR_CORRECTION', payload: { missing: ['房屋照片', '户口簿复印件'] }, done: (p) => (p.returned = true) }
        : { user: 'zhen.xiaolukou', type: 'TOWNSHIP_APPROVE', payload: { opinion: '材料齐全，情况属实，同意上报' } };
    case 'correction':
      return { user: 'cun.yannali', type: 'RESUBMIT', payload: { note: '已补齐房屋照片和户口簿复印件' } };
    case 'danger_assessment':
      return { user: 'xian.liangshan.jianding', type: 'SUBMIT_ASSESSMENT', payload: { grade: 'D', reportRef: '梁住鉴〔2026〕0421', assessedAt: chinaDate(-1) } };
    case 'county_approval':
      return { user: 'xian.liangshan.zhujian', type: 'COUNTY_APPROVE', payload: { method: 'rebuild', subsidyAmount: 30000 } };
    case 'agreement':
      return { user: 'zhen.xiaolukou', type: 'SIGN_AGREEMENT', payload: { agreementNo: 'XLK-2026-SOAK', signedAt: chinaDate(), plannedCompletionDate: chinaDate(150) } };
    case 'construction':
      return c.context.progress
        ? { user: 'zhen.xiaolukou', type: 'REPORT_COMPLETION', payload: { completedAt: chinaDate() } }
        : { user: 'zhen.xiaolukou', type: 'REPORT_PROGRESS', payload: { percent: 60, note: '主体完工' } };
    case 'acceptance':
      return {
        user: 'xian.liangshan.zhujian2', type: 'ACCEPTANCE_PASSED',
        payload: {
          checklist: { foundation: true, loadBearingStructure: true, roof: true, seismicMeasures: true, enclosure: true, basicFunctions: true, areaWithinLimits: true, signage: true },
          inspectors: ['梁山县住建局 李工', '小路口镇 王工'],
        },
      };
    case 'handover':
      // HANDOVER queues the national_report job.
      return { user: 'zhen.xiaolukou', type: 'HANDOVER', payload: { moveInDate: chinaDate(), signInstalled: true } };
    default:
      return null; // identity_check (registry job) or final
  }
}

function temporaryAssistanceStep(plan: CasePlan, c: CaseSeen): Step | null {
  const refer = (user: string): Step => ({
    user, type: 'REFER_TO_CHARITY', payload: { organization: '梁山县慈善总会', note: '医疗费用缺口较大，建议慈善救助' }, done: (p) => (p.referred = true),
  });
  const wantsReferral = plan.referOnce && !plan.referred;
  switch (c.state) {
    case 'emergency_relief':
      return plan.declineEmergency
        ? { user: 'zhen.xiaolukou2', type: 'DECLINE_EMERGENCY', payload: { reason: '经核实不属于急难情形，转常规程序办理' } }
        : { user: 'zhen.xiaolukou', type: 'GRANT_FIRST_RELIEF', payload: { amount: 1500, form: 'cash', grantedAt: new Date().toISOString() } };
    case 'supplement_formalities':
      return { user: 'zhen.xiaolukou', type: 'SUBMIT_FORMALITIES', payload: { investigationReport: '入户核实：火灾属实，家中无其他收入来源', documents: ['火灾证明', '入户调查表'] } };
    case 'post_review':
      if (wantsReferral) return refer('zhen.xiaolukou2');
      // Post-relief confirmation is its own decision group: not the officer who granted relief.
      return plan.revoke
        ? { user: 'zhen.xiaolukou2', type: 'REVOKE_RELIEF', payload: { reason: '复核发现申请人隐瞒收入，撤销并追回' } }
        : { user: 'zhen.xiaolukou2', type: 'CONFIRM_RELIEF', payload: { note: '手续齐全，确认救助' } };
    case 'township_review':
      return { user: 'zhen.xiaolukou', type: 'SUBMIT_INVESTIGATION', payload: { findings: '入户调查属实', recommendedAmount: plan.amount } };
    case 'notice':
      return plan.objectIn === 'notice' && !plan.objected
        ? { user: 'cun.yannali', type: 'RECORD_OBJECTION', payload: { summary: '村民反映申请人家庭收入较高' }, done: (p) => (p.objected = true) }
        : null;
    case 'township_approval':
      // The approver is not the investigator (separation of duties).
      return wantsReferral ? refer('zhen.xiaolukou2') : { user: 'zhen.xiaolukou2', type: 'APPROVE', payload: { amount: c.context.recommendedAmount } };
    case 'county_approval':
      return wantsReferral ? refer('xian.liangshan.minzheng') : { user: 'xian.liangshan.minzheng', type: 'APPROVE', payload: { amount: c.context.recommendedAmount } };
    case 'deliberation':
      return {
        user: 'xian.liangshan.minzheng', type: 'RECORD_DELIBERATION',
        payload: { meetingDate: chinaDate(-1), participants: ['张局长', '李科长', '王主任'], decision: 'approve', amount: c.context.recommendedAmount, minutesRef: '梁民议〔2026〕7号' },
      };
    default:
      return null; // disbursement (payment job) or final
  }
}

function legalAidStep(plan: CasePlan, c: CaseSeen): Step | null {
  const officer = 'xian.liangshan.fayuan';
  switch (c.state) {
    case 'economic_review':
      return plan.failCheck
        ? { user: officer, type: 'ECONOMIC_CHECK', payload: { passed: false, method: 'data_check', note: '家庭月收入高于当地最低工资标准' } }
        : { user: officer, type: 'ECONOMIC_CHECK', payload: { passed: true, method: 'data_check', note: '低收入家庭核对通过' } };
    case 'acceptance_review':
      if (plan.requestMaterials && !c.context.materialsRequests) {
        return { user: officer, type: 'REQUEST_MATERIALS', payload: { missing: ['劳动合同或工资支付凭证'] } };
      }
      return plan.deny
        ? { user: officer, type: 'DENY_AID', payload: { reason: '申请事项不属于法律援助范围' } }
        : { user: officer, type: 'GRANT_AID', payload: { decisionNo: '梁法援决〔2026〕101号' } };
    case 'materials_pending':
      // Not supplied: the materials deadline withdraws the case.
      return plan.supplyMaterials ? { user: 'cun.yannali', type: 'MATERIALS_SUPPLIED', payload: { note: '已补交工资条复印件' } } : null;
    case 'denied':
      // No objection: the objection window closes the case.
      return plan.objectToDenial ? { user: 'cun.yannali', type: 'FILE_OBJECTION', payload: { reason: '家中有重病患者，医疗支出巨大，实际困难' } } : null;
    case 'objection_review':
      return plan.upholdObjection
        ? { user: 'xian.liangshan.sifa', type: 'UPHOLD_OBJECTION', payload: { note: '经核实医疗支出属实，异议成立' } }
        : { user: 'xian.liangshan.sifa', type: 'DISMISS_OBJECTION', payload: { reason: '经核实家庭收入高于标准，异议不成立' } };
    case 'assignment':
      return { user: officer, type: 'ASSIGN_LAWYER', payload: { lawyer: plan.lawyer } };
    case 'in_service': {
      const lawyer = String(c.context.assignedLawyer ?? plan.lawyer);
      return c.context.progress || chance(0.5)
        ? { user: lawyer, type: 'SUBMIT_CLOSURE', payload: { outcome: 'mediated', summary: '经劳动仲裁调解，对方支付全部欠薪', closedAt: chinaDate() } }
        : { user: lawyer, type: 'RECORD_PROGRESS', payload: { note: '已会见当事人，收集工资条与考勤记录' } };
    }
    case 'quality_review':
      return { user: 'pingcha.li', type: 'SUBMIT_PEER_REVIEW', payload: { grade: 'good', score: 86, comments: '办案规范，材料齐全' } };
    default:
      return null; // eligibility_check (registry job) or final
  }
}

/** Everyone the walk acts as, and who reads. */
export const SOAK_USERS = [
  'cun.yannali', 'zhen.xiaolukou', 'zhen.xiaolukou2', 'xian.liangshan.fupin', 'xian.liangshan.jianding', 'xian.liangshan.zhujian',
  'xian.liangshan.zhujian2', 'xian.liangshan.minzheng', 'xian.liangshan.fayuan', 'xian.liangshan.sifa', 'lvshi.wang', 'lvshi.zhao',
  'pingcha.li', 'jijian.shi',
];

/** The people with an inbox the soak claims from. */
export const CLAIMERS = ['zhen.xiaolukou', 'zhen.xiaolukou2', 'xian.liangshan.fupin', 'xian.liangshan.zhujian', 'xian.liangshan.minzheng', 'xian.liangshan.fayuan'];

export const isFinal = (state: string) => ['completed', 'closed', 'rejected', 'withdrawn', 'terminated'].includes(state);
