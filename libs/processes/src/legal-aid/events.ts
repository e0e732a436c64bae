/**
 * The events of legal aid: titles, payload schemas, who may send them, their decision group
 * (separation of duties, PROCESSES.md §1) and business rules.
 *
 * Decision groups: legal_aid_office {ECONOMIC_CHECK, GRANT_AID, DENY_AID, REQUEST_MATERIALS,
 * PROVIDE_AID_FIRST, ASSIGN_LAWYER, TERMINATE_AID} — the contract's "economic review, decision,
 * assignment (one office)"; termination (Art. 48) and the materials notice are that office's decisions
 * too. peer_review {SUBMIT_PEER_REVIEW}; objection_review {UPHOLD_OBJECTION, DISMISS_OBJECTION}.
 * The assigned lawyer is kept out of the peer review by `assignee: 'excluded'`.
 *
 * "Intake staff" (FILE_OBJECTION, MATERIALS_SUPPLIED) are the village clerk who files for the
 * resident and the legal-aid officer who receives papers at the county centre. These events record
 * what the applicant did, so they belong to no decision group: the filing clerk may record them.
 */
import type { ActorSpec, EventSpec } from '../definition';
import type { LegalAidConfig } from './config';
import {
  assignLawyerRule,
  economicCheckRule,
  provideAidFirstRule,
  requestMaterialsRule,
  submitClosureRule,
} from './rules';
import { date, object, oneOf, reason, ref, text } from './schemas';
import {
  ECONOMIC_CHECK_METHODS,
  EXEMPT_CATEGORIES,
  LegalAidContext,
  LegalAidEventType,
  PEER_REVIEW_GRADES,
  SERVICE_OUTCOMES,
  TERMINATION_GROUNDS,
} from './types';

type Spec = EventSpec<LegalAidConfig, LegalAidContext>;

const officer: ActorSpec = { role: 'legal_aid_officer', level: 'county' };
const villageClerk: ActorSpec = { role: 'village_clerk', level: 'village' };
const assignedLawyer: ActorSpec = { role: 'lawyer', level: 'county', assignee: 'required' };
const peerReviewer: ActorSpec = { role: 'quality_reviewer', level: 'county', assignee: 'excluded' };
const justiceBureau: ActorSpec = { role: 'justice_bureau', level: 'county' };

const OFFICE = 'legal_aid_office';

export function legalAidEvents(): Record<LegalAidEventType, Spec> {
  return {
    // ---- eligibility (system: the registry lookup job)
    FAST_LANE_CONFIRMED: {
      title: { zh: '确认三优服务（免于经济困难审查）', en: 'Fast lane confirmed (exempt from economic check)' },
      decision: 'approve',
      payload: object(['category', 'basis'], { category: oneOf(EXEMPT_CATEGORIES), basis: text }),
      actors: 'system',
    },
    ECONOMIC_REVIEW_REQUIRED: {
      title: { zh: '需经济困难审查', en: 'Economic review required' },
      payload: object(['reason'], { reason: text }),
      actors: 'system',
    },

    // ---- the legal-aid office: review, decision, assignment
    ECONOMIC_CHECK: {
      title: { zh: '经济困难审查', en: 'Economic hardship check' },
      decision: 'other',
      payload: object(['passed', 'method', 'note'], {
        passed: { type: 'boolean' },
        method: oneOf(ECONOMIC_CHECK_METHODS),
        note: text,
      }),
      actors: [officer],
      decisionGroup: OFFICE,
      rule: economicCheckRule,
    },
    GRANT_AID: {
      title: { zh: '决定给予法律援助', en: 'Grant legal aid' },
      decision: 'approve',
      payload: object(['decisionNo'], { decisionNo: ref }),
      actors: [officer],
      decisionGroup: OFFICE,
    },
    DENY_AID: {
      title: { zh: '决定不予法律援助', en: 'Deny legal aid' },
      decision: 'refuse',
      payload: object(['reason'], { reason }),
      actors: [officer],
      decisionGroup: OFFICE,
    },
    REQUEST_MATERIALS: {
      title: { zh: '一次性告知补充材料', en: 'Request missing materials (one notice)' },
      decision: 'return',
      payload: object(['missing'], { missing: { type: 'array', minItems: 1, maxItems: 50, items: ref } }),
      actors: [officer],
      decisionGroup: OFFICE,
      rule: requestMaterialsRule,
    },
    PROVIDE_AID_FIRST: {
      title: { zh: '先行提供法律援助', en: 'Provide aid before the decision' },
      decision: 'other',
      payload: object(['reason'], { reason }),
      actors: [officer],
      decisionGroup: OFFICE,
      rule: provideAidFirstRule,
    },
    MATERIALS_SUPPLIED: {
      title: { zh: '申请人已补充材料', en: 'Materials supplied' },
      decision: 'other',
      payload: object(['note'], { note: text }),
      actors: [villageClerk, officer],
    },
    MATERIALS_DEADLINE_PASSED: {
      title: { zh: '补充材料期限届满（视为撤回）', en: 'Materials deadline passed (withdrawn)' },
      decision: 'withdraw',
      payload: object([], {}),
      actors: 'system',
    },
    ASSIGN_LAWYER: {
      title: { zh: '指派法律援助人员', en: 'Assign lawyer' },
      decision: 'other',
      payload: object(['lawyer'], {
        // The console offers the county's lawyers with their open caseloads (x-picks), not a login name to type.
        lawyer: { type: 'string', minLength: 1, maxLength: 64, 'x-picks': { role: 'lawyer', level: 'county' } },
      }),
      actors: [officer],
      decisionGroup: OFFICE,
      rule: assignLawyerRule,
    },

    // ---- service by the assigned lawyer
    RECORD_PROGRESS: {
      title: { zh: '记录办理进展', en: 'Record progress' },
      decision: 'other',
      payload: object(['note'], { note: text }),
      actors: [assignedLawyer],
    },
    SUBMIT_CLOSURE: {
      title: { zh: '提交结案材料', en: 'Submit closure' },
      decision: 'other',
      payload: object(['outcome', 'summary', 'closedAt'], {
        outcome: oneOf(SERVICE_OUTCOMES),
        summary: text,
        closedAt: date,
      }),
      actors: [assignedLawyer],
      rule: submitClosureRule,
    },
    TERMINATE_AID: {
      title: { zh: '终止法律援助', en: 'Terminate aid' },
      decision: 'refuse',
      payload: object(['ground', 'note'], { ground: oneOf(TERMINATION_GROUNDS), note: reason }),
      actors: [officer],
      decisionGroup: OFFICE,
    },

    // ---- 同行评估
    SUBMIT_PEER_REVIEW: {
      title: { zh: '提交同行评估', en: 'Submit peer review' },
      decision: 'other',
      payload: object(['grade', 'score', 'comments'], {
        grade: oneOf(PEER_REVIEW_GRADES),
        score: { type: 'number', minimum: 0, maximum: 100 },
        comments: text,
      }),
      actors: [peerReviewer],
      decisionGroup: 'peer_review',
    },

    // ---- denial and objection (Art. 49)
    FILE_OBJECTION: {
      title: { zh: '提出异议', en: 'File objection' },
      decision: 'other',
      payload: object(['reason'], { reason }),
      actors: [villageClerk, officer],
    },
    OBJECTION_WINDOW_ENDED: {
      title: { zh: '异议期满', en: 'Objection window ended' },
      payload: object([], {}),
      actors: 'system',
    },
    UPHOLD_OBJECTION: {
      title: { zh: '异议成立，责令给予法律援助', en: 'Uphold objection' },
      decision: 'approve',
      payload: object(['note'], { note: text }),
      actors: [justiceBureau],
      decisionGroup: 'objection_review',
    },
    DISMISS_OBJECTION: {
      title: { zh: '维持不予法律援助决定', en: 'Dismiss objection' },
      decision: 'refuse',
      payload: object(['reason'], { reason }),
      actors: [justiceBureau],
      decisionGroup: 'objection_review',
    },
  };
}
