/**
 * The events of the rectification ledger: titles, payloads, who sends them and their decision
 * groups (PROCESSES.md §7): review {verification, return, withdrawal, re-check, referral} by the
 * discipline reviewers; rectification {submit, contest} by the responsible unit; supervision by the
 * escalation supervisors. The filer may send review events (filerMayDecide); nobody who acted on
 * the subject case may (SubjectSpec.barredGroups).
 */
import type { ActorSpec, EventSpec } from '../definition';
import type { AuditRectificationConfig } from './config';
import { acceptRule, notAfterToday, recheckPassedRule, referRule, referralOutcomeRule, withdrawRule } from './rules';
import { amount, date, evidenceRef, object, oneOf, reason, rectificationDays, ref, text } from './schemas';
import {
  AuditRectificationContext, AuditRectificationEventType, RECEIVING_BODIES, REFERRAL_OUTCOMES, SUPERVISION_METHODS,
} from './types';

type Spec = EventSpec<AuditRectificationConfig, AuditRectificationContext>;

const reviewers: ActorSpec[] = [
  { role: 'discipline_reviewer', level: 'city' },
  { role: 'discipline_reviewer', level: 'county' },
];

/** Every role and level a unit may hold (the filing's 422 keeps it to roles acting in the subject's process); the unit itself comes from the context. */
const unitActors = (unitsField: string): ActorSpec[] => [
  { role: 'village_clerk', level: 'village', unitsField },
  { role: 'township_officer', level: 'township', unitsField },
  ...(['poverty_office', 'housing_assessor', 'county_housing', 'county_civil', 'legal_aid_officer', 'lawyer', 'quality_reviewer', 'justice_bureau'] as const)
    .map((role): ActorSpec => ({ role, level: 'county', unitsField })),
];

const responsible = unitActors('responsibleUnits');
// The city's reviewers supervise last (督办); a reviewer there is also in the review group, so four
// eyes keep one person from both supervising and verifying.
const supervisors: ActorSpec[] = [...unitActors('supervisorUnits'), { role: 'discipline_reviewer', level: 'city', unitsField: 'supervisorUnits' }];

export function auditRectificationEvents(config: AuditRectificationConfig): Record<AuditRectificationEventType, Spec> {
  void config;
  return {
    SUBMIT_RECTIFICATION: {
      title: { zh: '提交整改情况', en: 'Submit rectification' },
      decision: 'other',
      payload: object(['measures', 'evidenceRefs', 'completedAt'], {
        measures: text,
        evidenceRefs: { type: 'array', minItems: 1, maxItems: 50, items: evidenceRef },
        completedAt: date,
        recoveredAmountYuan: amount,
      }),
      actors: responsible,
      decisionGroup: 'rectification',
      rule: notAfterToday('completedAt', { zh: '整改完成日期', en: 'completion date' }),
    },
    CONTEST_FINDING: {
      title: { zh: '申辩', en: 'Contest the finding' },
      decision: 'other',
      payload: object(['reason', 'evidenceRefs'], { reason, evidenceRefs: { type: 'array', maxItems: 50, items: evidenceRef } }),
      actors: responsible,
      decisionGroup: 'rectification',
    },
    RECTIFICATION_OVERDUE: {
      title: { zh: '整改逾期', en: 'Rectification overdue' },
      payload: object([], {}),
      actors: 'system',
      opensTask: { kind: 'supervise_rectification', unitsField: 'supervisorUnits' },
    },
    ACCEPT_RECTIFICATION: {
      title: { zh: '验收整改', en: 'Accept the rectification' },
      decision: 'approve',
      payload: object(['note'], { note: text }),
      actors: reviewers,
      decisionGroup: 'review',
      rule: acceptRule,
    },
    RETURN_RECTIFICATION: {
      title: { zh: '退回整改', en: 'Return for rectification' },
      decision: 'return',
      payload: object(['reasons'], { reasons: { type: 'array', minItems: 1, maxItems: 20, items: reason }, rectificationDays }),
      actors: reviewers,
      decisionGroup: 'review',
    },
    WITHDRAW_FINDING: {
      title: { zh: '撤销问题（申辩成立）', en: 'Withdraw the finding' },
      decision: 'withdraw',
      payload: object(['reason'], { reason }),
      actors: reviewers,
      decisionGroup: 'review',
      rule: withdrawRule,
    },
    RECHECK_DUE: { title: { zh: '回头看到期', en: 'Re-check due' }, payload: object([], {}), actors: 'system' },
    RECHECK_PASSED: {
      title: { zh: '回头看通过（销号）', en: 'Re-check passed' },
      decision: 'approve',
      payload: object(['checkedAt', 'note'], { checkedAt: date, note: text }),
      actors: reviewers,
      decisionGroup: 'review',
      rule: recheckPassedRule,
    },
    RECHECK_FAILED: {
      title: { zh: '回头看未通过（重新整改）', en: 'Re-check failed' },
      decision: 'return',
      payload: object(['reason'], { reason, rectificationDays }),
      actors: reviewers,
      decisionGroup: 'review',
    },
    REFER_CLUE: {
      title: { zh: '问题线索移送', en: 'Refer the clue' },
      decision: 'other',
      payload: object(['to', 'receiptNo', 'referredAt', 'summary'], {
        to: oneOf(RECEIVING_BODIES),
        receiptNo: ref,
        referredAt: date,
        summary: text,
      }),
      actors: reviewers,
      decisionGroup: 'review',
      rule: referRule,
      uniqueAcrossCases: { contextField: 'referrals', keys: ['to', 'receiptNo'], reason: { zh: '该受理机关的回执号已在其他问题中登记', en: 'This receipt number of the receiving body is already recorded on another finding' } },
    },
    RECORD_REFERRAL_OUTCOME: {
      title: { zh: '登记线索处理结果', en: 'Record the referral outcome' },
      decision: 'other',
      payload: object(['receiptNo', 'outcome', 'note'], { receiptNo: ref, outcome: oneOf(REFERRAL_OUTCOMES), note: text }),
      actors: reviewers,
      decisionGroup: 'review',
      rule: referralOutcomeRule,
    },
    RECORD_SUPERVISION: {
      title: { zh: '督办', en: 'Record supervision' },
      decision: 'other',
      payload: object(['instruction', 'method'], { instruction: text, method: oneOf(SUPERVISION_METHODS) }),
      actors: supervisors,
      decisionGroup: 'supervision',
    },
  };
}
