/** Shared by this folder's specs: the definition with defaults, filing data and sample events. */
import { initialTransition, transition } from 'xstate';
import { housingRenovation } from './index';
import type { HousingRenovationRuleEnv } from './rules';
import type { FilingData, Grade, HousingRenovationContext, HousingRenovationEvent, Method } from './types';

export const def = housingRenovation({});
export const { config, machine } = def;

export const filing: FilingData = {
  category: 'registered_poor',
  houseDescription: '土坯房，墙体开裂，屋顶漏雨',
  houseStructure: '土木',
  builtYear: 1978,
};

export const start = (data: FilingData = filing) => initialTransition(machine, { data })[0];
export const send = (snapshot: ReturnType<typeof start>, event: HousingRenovationEvent) => transition(machine, snapshot, event)[0];
export const ctx = (s: { context: unknown }) => s.context as HousingRenovationContext;

/** Applies events in order from a fresh filing. */
export function run(events: HousingRenovationEvent[], data: FilingData = filing) {
  return events.reduce((s, e) => send(s, e), start(data));
}

export function ruleEnv(now = new Date('2026-11-28T04:00:00Z')): HousingRenovationRuleEnv {
  return { now, config };
}

export const allPassed = (): Record<string, boolean> => Object.fromEntries(config.acceptanceChecklist.map((k) => [k, true]));

/** One valid instance of every event (tests add variants). */
export const ev = {
  verified: { type: 'IDENTITY_VERIFIED', payload: { category: 'registered_poor', status: 'not_lifted' } } as HousingRenovationEvent,
  unverified: { type: 'IDENTITY_UNVERIFIED', payload: { reason: '申请人不在帮扶对象名单中' } } as HousingRenovationEvent,
  confirmIdentity: { type: 'CONFIRM_IDENTITY', payload: { note: '经入户核实，属新识别贫困户' } } as HousingRenovationEvent,
  rejectIdentity: { type: 'REJECT_IDENTITY', payload: { reason: '经核实不属于帮扶对象' } } as HousingRenovationEvent,
  review: (passed = true, over: Partial<{ attendees: number; votesFor: number; votesAgainst: number }> = {}): HousingRenovationEvent => ({
    type: 'RECORD_COLLECTIVE_REVIEW',
    payload: {
      meetingDate: '2026-11-20',
      attendees: 31,
      votesFor: passed ? 29 : 10,
      votesAgainst: passed ? 1 : 20,
      minutesRef: '闫那里村民代表会议记录〔2026〕11号',
      passed,
      ...over,
    },
  }),
  noticeEnded: { type: 'NOTICE_PERIOD_ENDED', payload: {} } as HousingRenovationEvent,
  objection: { type: 'RECORD_OBJECTION', payload: { summary: '村民反映申请人另有住房' } } as HousingRenovationEvent,
  townshipApprove: { type: 'TOWNSHIP_APPROVE', payload: { opinion: '材料齐全，情况属实，同意上报' } } as HousingRenovationEvent,
  townshipReject: { type: 'TOWNSHIP_REJECT', payload: { reason: '家庭另有安全住房' } } as HousingRenovationEvent,
  returnForCorrection: { type: 'RETURN_FOR_CORRECTION', payload: { missing: ['户口簿复印件'] } } as HousingRenovationEvent,
  resubmit: { type: 'RESUBMIT', payload: { note: '已补齐户口簿复印件' } } as HousingRenovationEvent,
  assess: (grade: Grade): HousingRenovationEvent => ({
    type: 'SUBMIT_ASSESSMENT',
    payload: { grade, reportRef: '梁住鉴〔2026〕0421', assessedAt: '2026-11-25' },
  }),
  countyApprove: (method: Method, subsidyAmount: number): HousingRenovationEvent => ({
    type: 'COUNTY_APPROVE',
    payload: { method, subsidyAmount },
  }),
  countyReject: { type: 'COUNTY_REJECT', payload: { reason: '补助资金已超年度计划' } } as HousingRenovationEvent,
  sign: {
    type: 'SIGN_AGREEMENT',
    payload: { agreementNo: 'XLK-2026-007', signedAt: '2026-12-01', plannedCompletionDate: '2027-04-30' },
  } as HousingRenovationEvent,
  progress: (percent = 60): HousingRenovationEvent => ({ type: 'REPORT_PROGRESS', payload: { percent, note: '主体完工' } }),
  complete: { type: 'REPORT_COMPLETION', payload: { completedAt: '2027-04-20' } } as HousingRenovationEvent,
  pass: (checklist: Record<string, boolean> = allPassed()): HousingRenovationEvent => ({
    type: 'ACCEPTANCE_PASSED',
    payload: { checklist, inspectors: ['梁山县住建局 李工', '小路口镇 王工'] },
  }),
  fail: (failedItems: string[] = ['roof']): HousingRenovationEvent => ({
    type: 'ACCEPTANCE_FAILED',
    payload: { failedItems, note: '屋面防水未做，需整改' },
  }),
  rectified: { type: 'RECTIFICATION_DONE', payload: { note: '屋面防水已补做' } } as HousingRenovationEvent,
  handover: (signInstalled = true): HousingRenovationEvent => ({
    type: 'HANDOVER',
    payload: { moveInDate: '2027-05-01', signInstalled },
  }),
  withdraw: { type: 'WITHDRAW', payload: { reason: '申请人已投靠子女居住' } } as HousingRenovationEvent,
};

/** The approval path, step by step, up to each state (grade D, rebuild 30000). */
export const TO = {
  collective_review: [ev.verified],
  village_notice: [ev.verified, ev.review()],
  township_audit: [ev.verified, ev.review(), ev.noticeEnded],
  danger_assessment: [ev.verified, ev.review(), ev.noticeEnded, ev.townshipApprove],
  township_notice: [ev.verified, ev.review(), ev.noticeEnded, ev.townshipApprove, ev.assess('D')],
  county_approval: [ev.verified, ev.review(), ev.noticeEnded, ev.townshipApprove, ev.assess('D'), ev.noticeEnded],
  county_notice: [ev.verified, ev.review(), ev.noticeEnded, ev.townshipApprove, ev.assess('D'), ev.noticeEnded, ev.countyApprove('rebuild', 30000)],
} satisfies Record<string, HousingRenovationEvent[]>;

const toAgreement = [...TO.county_notice, ev.noticeEnded];
export const TO_LATER = {
  agreement: toAgreement,
  construction: [...toAgreement, ev.sign],
  acceptance: [...toAgreement, ev.sign, ev.complete],
  rectification: [...toAgreement, ev.sign, ev.complete, ev.fail()],
  handover: [...toAgreement, ev.sign, ev.complete, ev.pass()],
  completed: [...toAgreement, ev.sign, ev.complete, ev.pass(), ev.handover()],
};
