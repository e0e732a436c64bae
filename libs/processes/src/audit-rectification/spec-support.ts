/** Shared by this folder's specs: the definition with defaults, a subject, filing data and events. */
import { initialTransition, transition } from 'xstate';
import type { SubjectFacts } from '../declarations';
import { auditRectification } from './index';
import type { AuditRectificationEvent, FilingData } from './types';

export const def = auditRectification({});
export const { config, machine } = def;

/** A housing-renovation case in 闫那里村 (its township officers are supervised by county_housing). */
export const subject: SubjectFacts = {
  caseId: '00000000-0000-4000-8000-000000000001',
  processKey: 'housing-renovation',
  state: 'construction',
  jurisdiction: { villageCode: '370832001001', townshipCode: '370832001', countyCode: '370832', cityCode: '370800' },
  flags: ['sla_breached'],
  rolesAt: {
    city: [],
    county: ['poverty_office', 'housing_assessor', 'county_housing'],
    township: ['township_officer'],
    village: ['village_clerk'],
  },
  supervisors: { township_officer: 'county_housing' },
};

export const filing = (over: Partial<FilingData> = {}): FilingData => ({
  subjectCaseId: subject.caseId,
  flagCode: 'sla_breached',
  category: 'procedure',
  severity: 'general',
  responsibleJurisdictionCode: '370832001001',
  responsibleRole: 'village_clerk',
  description: '集体评议记录缺少参会人员签字',
  basis: '《社会救助暂行办法》第六十六条第(三)项',
  ...over,
});

export const start = (data: FilingData = filing(), s: SubjectFacts | undefined = subject) => initialTransition(machine, { data, subject: s })[0];
export const send = (snapshot: ReturnType<typeof start>, event: AuditRectificationEvent) => transition(machine, snapshot, event)[0];
export const run = (events: AuditRectificationEvent[], data = filing()) => events.reduce((s, e) => send(s, e), start(data));

export const ev = {
  submit: { type: 'SUBMIT_RECTIFICATION', payload: { measures: '补签评议记录并重新公示', evidenceRefs: [{ kind: 'document', ref: '梁村〔2024〕3号' }], completedAt: '2024-06-10' } } as AuditRectificationEvent,
  contest: { type: 'CONTEST_FINDING', payload: { reason: '评议记录已签字，见原件扫描', evidenceRefs: [] } } as AuditRectificationEvent,
  overdue: { type: 'RECTIFICATION_OVERDUE', payload: {} } as AuditRectificationEvent,
  accept: { type: 'ACCEPT_RECTIFICATION', payload: { note: '整改到位' } } as AuditRectificationEvent,
  ret: (rectificationDays?: number): AuditRectificationEvent => ({
    type: 'RETURN_RECTIFICATION', payload: { reasons: ['佐证材料不完整，缺少公示照片'], ...(rectificationDays ? { rectificationDays } : {}) },
  }),
  withdraw: { type: 'WITHDRAW_FINDING', payload: { reason: '申辩成立，记录完整' } } as AuditRectificationEvent,
  recheckDue: { type: 'RECHECK_DUE', payload: {} } as AuditRectificationEvent,
  passed: { type: 'RECHECK_PASSED', payload: { checkedAt: '2024-09-10', note: '未再发生' } } as AuditRectificationEvent,
  failed: { type: 'RECHECK_FAILED', payload: { reason: '同类问题再次出现', rectificationDays: 20 } } as AuditRectificationEvent,
  refer: (receiptNo = 'JJ-2024-001'): AuditRectificationEvent => ({
    type: 'REFER_CLUE', payload: { to: 'discipline_inspection', receiptNo, referredAt: '2024-06-01', summary: '村干部优亲厚友线索' },
  }),
  referralOutcome: (receiptNo = 'JJ-2024-001'): AuditRectificationEvent => ({
    type: 'RECORD_REFERRAL_OUTCOME', payload: { receiptNo, outcome: 'sanctioned', note: '给予党内警告处分' },
  }),
  supervise: { type: 'RECORD_SUPERVISION', payload: { instruction: '限期十日内完成整改', method: 'interview' } } as AuditRectificationEvent,
};
