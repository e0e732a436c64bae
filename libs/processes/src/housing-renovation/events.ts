/**
 * The events of housing renovation: titles, payload schemas, who may send them, their decision
 * group (separation of duties, PROCESSES.md §1) and business rules.
 *
 * Decision groups: identity_review {CONFIRM_IDENTITY, REJECT_IDENTITY}; township_audit
 * {TOWNSHIP_APPROVE, TOWNSHIP_REJECT}; danger_assessment {SUBMIT_ASSESSMENT}; county_approval
 * {COUNTY_APPROVE, COUNTY_REJECT}; completion_acceptance {ACCEPTANCE_PASSED, ACCEPTANCE_FAILED}.
 *
 * RETURN_FOR_CORRECTION has no decision group. It is one event type sent by the township officer in
 * township_audit and by county housing in county_approval, and a group belongs to an event type:
 * filing it under either group would put the other level's reviewer in the wrong group and then bar
 * them from their own approval. A rule cannot stand in, as rules do not see who sends the event.
 * What is lost is small: a return decides nothing on the merits (the case comes back to the same
 * stage), the two variants are bound by `inStates` to actors at different jurisdiction levels — and
 * a user belongs to exactly one node — and the filer, a village clerk, can send neither.
 */
import type { ActorSpec, EventHints, EventSpec } from '../definition';
import type { HousingRenovationConfig } from './config';
import {
  acceptanceFailedRule,
  acceptancePassedRule,
  collectiveReviewRule,
  countyApproveRule,
  handoverRule,
  signAgreementRule,
} from './rules';
import { amount, count, date, names, object, reason, ref, shortText, text } from './schemas';
import { CATEGORIES, GRADE_ZH, GRADES, HousingRenovationContext, HousingRenovationEventType, METHOD_ZH, METHODS, METHODS_BY_GRADE, REGISTRY_STATUSES } from './types';

type Spec = EventSpec<HousingRenovationConfig, HousingRenovationContext>;

const villageClerk: ActorSpec = { role: 'village_clerk', level: 'village' };
const townshipOfficer: ActorSpec = { role: 'township_officer', level: 'township' };
const povertyOffice: ActorSpec = { role: 'poverty_office', level: 'county' };
const housingAssessor: ActorSpec = { role: 'housing_assessor', level: 'county' };
const countyHousing: ActorSpec = { role: 'county_housing', level: 'county' };

/** What countyApproveRule will enforce: the methods the assessed grade allows and each method's subsidy maximum. */
export function countyApproveHints(ctx: HousingRenovationContext, config: HousingRenovationConfig): EventHints {
  const grade = ctx.grade;
  const methods = grade && GRADES.includes(grade) ? METHODS_BY_GRADE[grade] : [];
  const caps = methods.map((m) => `${METHOD_ZH[m]} ${config.subsidyMaximum[m].toLocaleString('en-US')} 元`).join('，');
  return {
    method: {
      options: [...methods],
      ...(methods.length === 1 ? { value: methods[0] } : {}),
      note: grade ? { zh: `评定为${GRADE_ZH[grade]}：可选${methods.map((m) => METHOD_ZH[m]).join('或') || '（无）'}`, en: `Grade ${grade}: ${methods.join(' or ')}` } : undefined,
    },
    subsidyAmount: {
      maximumBy: { field: 'method', values: Object.fromEntries(methods.map((m) => [m, config.subsidyMaximum[m]])) },
      ...(methods.length === 1 ? { value: config.subsidyMaximum[methods[0]] } : {}),
      note: { zh: `补助上限：${caps}`, en: `Subsidy maximum: ${methods.map((m) => `${m} ${config.subsidyMaximum[m]}`).join(', ')}` },
    },
  };
}

/** What collectiveReviewRule enforces: votes within attendees, a meeting that has taken place. */
export const MEETING_HINTS: EventHints = {
  votesAgainst: { sumAtMost: { fields: ['votesFor'], field: 'attendees' } },
  meetingDate: { notAfterToday: true },
};

export function housingRenovationEvents(config: HousingRenovationConfig): Record<HousingRenovationEventType, Spec> {
  const checklistProperties = Object.fromEntries(config.acceptanceChecklist.map((k) => [k, { type: 'boolean' }]));
  return {
    // ---- identity (系统比对帮扶对象名单, else 县扶贫办认定)
    IDENTITY_VERIFIED: {
      title: { zh: '身份核验通过（名单比对）', en: 'Identity verified (registry)' },
      decision: 'approve',
      payload: object(['category', 'status'], {
        category: { type: 'string', enum: [...CATEGORIES] },
        status: { type: 'string', enum: [...REGISTRY_STATUSES] },
      }),
      actors: 'system',
    },
    IDENTITY_UNVERIFIED: {
      title: { zh: '身份未能核验（名单比对）', en: 'Identity not verified (registry)' },
      payload: object(['reason'], { reason }),
      actors: 'system',
    },
    CONFIRM_IDENTITY: {
      title: { zh: '认定帮扶对象身份', en: 'Confirm identity' },
      decision: 'approve',
      payload: object(['note'], { note: text }),
      actors: [povertyOffice],
      decisionGroup: 'identity_review',
    },
    REJECT_IDENTITY: {
      title: { zh: '不予认定身份', en: 'Reject identity' },
      decision: 'refuse',
      payload: object(['reason'], { reason }),
      actors: [povertyOffice],
      decisionGroup: 'identity_review',
    },

    // ---- village
    RECORD_COLLECTIVE_REVIEW: {
      title: { zh: '登记集体评议结果', en: 'Record collective review' },
      decision: 'other',
      payload: object(['meetingDate', 'attendees', 'votesFor', 'votesAgainst', 'minutesRef', 'passed'], {
        meetingDate: date,
        attendees: { ...count, minimum: 1 },
        votesFor: count,
        votesAgainst: count,
        minutesRef: ref,
        passed: { type: 'boolean' },
      }),
      actors: [villageClerk],
      rule: collectiveReviewRule,
      hints: () => MEETING_HINTS,
    },
    NOTICE_PERIOD_ENDED: {
      title: { zh: '公示期满', en: 'Notice period ended' },
      payload: object([], {}),
      actors: 'system',
    },
    RECORD_OBJECTION: {
      title: { zh: '登记公示异议', en: 'Record objection' },
      decision: 'other',
      payload: object(['summary'], { summary: reason }),
      // The county may also record objections to its own notice.
      actors: [villageClerk, townshipOfficer, { ...countyHousing, inStates: ['county_notice'] }],
    },

    // ---- township audit
    TOWNSHIP_APPROVE: {
      title: { zh: '乡镇审核通过', en: 'Township approve' },
      decision: 'approve',
      payload: object(['opinion'], { opinion: text }),
      actors: [townshipOfficer],
      decisionGroup: 'township_audit',
    },
    TOWNSHIP_REJECT: {
      title: { zh: '乡镇审核不通过', en: 'Township reject' },
      decision: 'refuse',
      payload: object(['reason'], { reason }),
      actors: [townshipOfficer],
      decisionGroup: 'township_audit',
    },
    RETURN_FOR_CORRECTION: {
      title: { zh: '退回补正', en: 'Return for correction' },
      decision: 'return',
      payload: object(['missing'], { missing: { type: 'array', minItems: 1, items: ref } }),
      actors: [
        { ...townshipOfficer, inStates: ['township_audit'] },
        { ...countyHousing, inStates: ['county_approval'] },
      ],
      // No decisionGroup: see the note at the top of this file.
    },
    RESUBMIT: {
      title: { zh: '补正后重新提交', en: 'Resubmit' },
      decision: 'other',
      payload: object(['note'], { note: text }),
      actors: [villageClerk],
    },

    // ---- county
    SUBMIT_ASSESSMENT: {
      title: { zh: '提交房屋危险性评定', en: 'Submit danger assessment' },
      decision: 'other',
      payload: object(['grade', 'reportRef', 'assessedAt'], {
        grade: { type: 'string', enum: [...GRADES] },
        reportRef: ref,
        assessedAt: date,
      }),
      actors: [housingAssessor],
      decisionGroup: 'danger_assessment',
    },
    COUNTY_APPROVE: {
      title: { zh: '县级审批通过', en: 'County approve' },
      decision: 'approve',
      payload: object(['method', 'subsidyAmount'], {
        method: { type: 'string', enum: [...METHODS] },
        subsidyAmount: amount,
        approvalOpinion: text,
      }),
      actors: [countyHousing],
      decisionGroup: 'county_approval',
      rule: countyApproveRule,
      hints: (ctx) => countyApproveHints(ctx, config),
    },
    COUNTY_REJECT: {
      title: { zh: '县级审批不通过', en: 'County reject' },
      decision: 'refuse',
      payload: object(['reason'], { reason }),
      actors: [countyHousing],
      decisionGroup: 'county_approval',
    },

    // ---- implementation
    SIGN_AGREEMENT: {
      title: { zh: '签订改造协议', en: 'Sign agreement' },
      decision: 'other',
      payload: object(['agreementNo', 'signedAt', 'plannedCompletionDate'], {
        agreementNo: ref,
        signedAt: date,
        plannedCompletionDate: date,
      }),
      actors: [townshipOfficer],
      rule: signAgreementRule,
    },
    REPORT_PROGRESS: {
      title: { zh: '报告施工进度', en: 'Report progress' },
      decision: 'other',
      payload: object(['percent', 'note'], { percent: { type: 'number', minimum: 0, maximum: 100 }, note: text }),
      actors: [townshipOfficer],
    },
    REPORT_COMPLETION: {
      title: { zh: '报告竣工', en: 'Report completion' },
      decision: 'other',
      payload: object(['completedAt'], { completedAt: date }),
      actors: [townshipOfficer],
    },
    ACCEPTANCE_PASSED: {
      title: { zh: '竣工验收合格', en: 'Acceptance passed' },
      decision: 'approve',
      payload: object(['checklist', 'inspectors'], {
        // Unknown keys are refused by the schema; missing or false ones by the rule, which names them.
        checklist: { type: 'object', additionalProperties: false, properties: checklistProperties },
        inspectors: names,
      }),
      actors: [countyHousing],
      decisionGroup: 'completion_acceptance',
      rule: acceptancePassedRule,
    },
    ACCEPTANCE_FAILED: {
      title: { zh: '竣工验收不合格', en: 'Acceptance failed' },
      decision: 'refuse',
      payload: object(['failedItems', 'note'], {
        failedItems: { type: 'array', minItems: 1, uniqueItems: true, items: shortText },
        note: reason,
      }),
      actors: [countyHousing],
      decisionGroup: 'completion_acceptance',
      rule: acceptanceFailedRule,
    },
    RECTIFICATION_DONE: {
      title: { zh: '整改完成', en: 'Rectification done' },
      decision: 'other',
      payload: object(['note'], { note: text }),
      actors: [townshipOfficer],
    },
    HANDOVER: {
      title: { zh: '办理交接入住', en: 'Handover' },
      decision: 'other',
      // A boolean, not `const: true`: a false answer gets the rule's explanation (422), not a bare 400.
      payload: object(['moveInDate', 'signInstalled'], { moveInDate: date, signInstalled: { type: 'boolean' } }),
      actors: [townshipOfficer],
      rule: handoverRule,
      jobs: ['national_report'],
    },

    WITHDRAW: {
      title: { zh: '撤回申请', en: 'Withdraw' },
      decision: 'withdraw',
      payload: object(['reason'], { reason }),
      actors: [villageClerk],
    },
  };
}
