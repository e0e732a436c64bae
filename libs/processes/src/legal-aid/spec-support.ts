/** Shared by this folder's specs: the definition with defaults, filing data, sample events, a rule env. */
import { initialTransition, transition } from 'xstate';
import type { Role } from '../definition';
import { legalAid } from './index';
import type { LegalAidRuleEnv } from './rules';
import type { FilingData, LegalAidContext, LegalAidEvent } from './types';

export const def = legalAid({});
export const { config, machine } = def;

export const filing: FilingData = {
  matterType: 'wage_arrears',
  summary: '在建筑工地务工八个月，包工头拖欠工资 2.6 万元',
  opposingParty: '梁山县某建筑劳务有限公司',
};
/** The same matter with a limitation deadline (the machine needs one for PROVIDE_AID_FIRST). */
export const urgentFiling: FilingData = { ...filing, limitationDeadline: '2024-06-18' };

export const start = (data: FilingData = filing) => initialTransition(machine, { data })[0];
export const send = (snapshot: ReturnType<typeof start>, event: LegalAidEvent) => transition(machine, snapshot, event)[0];
export const ctx = (s: { context: unknown }) => s.context as LegalAidContext;

/** Applies events in order from a fresh filing. */
export function run(events: LegalAidEvent[], data: FilingData = filing) {
  return events.reduce((s, e) => send(s, e), start(data));
}

/** One valid instance of every event (and a few variants for the branches). */
export const ev = {
  fastLane: (category: 'registered_poor' | 'dibao' | 'tekun' = 'registered_poor'): LegalAidEvent => ({
    type: 'FAST_LANE_CONFIRMED',
    payload: { category, basis: '《中华人民共和国法律援助法》第四十二条' },
  }),
  reviewRequired: { type: 'ECONOMIC_REVIEW_REQUIRED', payload: { reason: '帮扶对象名单中未查到申请人，需进行经济困难审查' } } as LegalAidEvent,
  econPass: { type: 'ECONOMIC_CHECK', payload: { passed: true, method: 'integrity_pledge', note: '申请人签署经济困难诚信承诺' } } as LegalAidEvent,
  econFail: { type: 'ECONOMIC_CHECK', payload: { passed: false, method: 'data_check', note: '家庭月人均收入高于当地标准' } } as LegalAidEvent,
  grant: { type: 'GRANT_AID', payload: { decisionNo: '梁法援决〔2024〕37号' } } as LegalAidEvent,
  deny: { type: 'DENY_AID', payload: { reason: '申请事项不属于法律援助范围' } } as LegalAidEvent,
  requestMaterials: { type: 'REQUEST_MATERIALS', payload: { missing: ['劳动关系证明', '欠薪工资条'] } } as LegalAidEvent,
  aidFirst: { type: 'PROVIDE_AID_FIRST', payload: { reason: '仲裁时效三日后届满，须立即申请仲裁' } } as LegalAidEvent,
  supplied: { type: 'MATERIALS_SUPPLIED', payload: { note: '已补交工友证言及考勤记录' } } as LegalAidEvent,
  materialsDeadline: { type: 'MATERIALS_DEADLINE_PASSED', payload: {} } as LegalAidEvent,
  assign: (lawyer = 'lvshi.wang'): LegalAidEvent => ({ type: 'ASSIGN_LAWYER', payload: { lawyer } }),
  progress: { type: 'RECORD_PROGRESS', payload: { note: '已向劳动人事争议仲裁委员会提交仲裁申请' } } as LegalAidEvent,
  closure: { type: 'SUBMIT_CLOSURE', payload: { outcome: 'mediated', summary: '仲裁调解，追回工资 2.6 万元', closedAt: '2024-06-10' } } as LegalAidEvent,
  terminate: { type: 'TERMINATE_AID', payload: { ground: 'own_counsel', note: '受援人已自行委托律师' } } as LegalAidEvent,
  peerReview: (grade: 'excellent' | 'good' | 'pass' | 'fail' = 'good', score = 85): LegalAidEvent => ({
    type: 'SUBMIT_PEER_REVIEW',
    payload: { grade, score, comments: '案卷材料齐全，办理及时' },
  }),
  objection: { type: 'FILE_OBJECTION', payload: { reason: '申请人确属经济困难，有村委会证明' } } as LegalAidEvent,
  objectionWindowEnded: { type: 'OBJECTION_WINDOW_ENDED', payload: {} } as LegalAidEvent,
  uphold: { type: 'UPHOLD_OBJECTION', payload: { note: '异议成立，责令法律援助中心提供法律援助' } } as LegalAidEvent,
  dismiss: { type: 'DISMISS_OBJECTION', payload: { reason: '申请人家庭收入明显高于标准' } } as LegalAidEvent,
};

export interface StubUser {
  username: string;
  roles: Role[];
  jurisdictionCode: string;
}

/** Staff as the demo seeds them, plus a lawyer of another county. */
export const STAFF: StubUser[] = [
  { username: 'lvshi.wang', roles: ['lawyer'], jurisdictionCode: '370832' },
  { username: 'lvshi.zhao', roles: ['lawyer'], jurisdictionCode: '370832' },
  { username: 'lvshi.sishui', roles: ['lawyer'], jurisdictionCode: '370831' },
  { username: 'pingcha.li', roles: ['quality_reviewer'], jurisdictionCode: '370832' },
];

/** A rule env for a case in 梁山县 with a stub user directory; `now` is 2024-06-15 noon in China. */
export function ruleEnv(now = new Date('2024-06-15T04:00:00Z'), staff: StubUser[] = STAFF): LegalAidRuleEnv {
  return {
    now,
    config,
    flags: [],
    findUser: async (username) => staff.find((u) => u.username === username),
    jurisdiction: { villageCode: '370832001001', townshipCode: '370832001', countyCode: '370832' },
  };
}
