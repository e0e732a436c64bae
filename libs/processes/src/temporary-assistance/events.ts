/**
 * The events of temporary assistance: titles, payload schemas, who may send them, their decision
 * group (separation of duties, PROCESSES.md §1) and business rules.
 *
 * Decision groups: investigation {SUBMIT_INVESTIGATION}; approval {APPROVE, REJECT,
 * RECORD_DELIBERATION}; first_relief {GRANT_FIRST_RELIEF, DECLINE_EMERGENCY};
 * post_relief_confirmation {CONFIRM_RELIEF, REVOKE_RELIEF}. REJECT is one event type used in
 * township_review and in the approval states, and a group belongs to an event type, so it is filed
 * under approval: a refusal is a decision on the application, and this way the investigator can never
 * also refuse at the approval stage. Cost: after an objection returns a case to township_review, the
 * officer who submitted the first investigation cannot reject it — another officer must.
 */
import type { ActorSpec, EventHints, EventSpec } from '../definition';
import type { TemporaryAssistanceConfig } from './config';
import { approveRule, grantFirstReliefRule, recordDeliberationRule, REPEAT_FLAG } from './rules';
import { amount, date, dateTime, nonBlank, object, reason, ref, shortText, text } from './schemas';
import { RELIEF_FORMS, TemporaryAssistanceContext, TemporaryAssistanceEventType } from './types';

type Spec = EventSpec<TemporaryAssistanceConfig, TemporaryAssistanceContext>;

const townshipOfficer: ActorSpec = { role: 'township_officer', level: 'township' };
const countyCivil: ActorSpec = { role: 'county_civil', level: 'county' };
const villageClerk: ActorSpec = { role: 'village_clerk', level: 'village' };

/** `overrideReason`: required by the rule when the case carries repeat_within_12_months. */
const overrideReason = reason;

const capNote = (zh: string, en: string, yuan: number) => ({ zh: `${zh} ${yuan.toLocaleString('en-US')} 元`, en: `${en}: ${yuan} yuan` });

/** What approveRule will enforce here: the stage's cap, the recommended amount prefilled, a repeat applicant's override reason. */
function approveHints(config: TemporaryAssistanceConfig) {
  return (ctx: TemporaryAssistanceContext, { flags }: { flags: string[] }): EventHints => {
    const township = ctx.approvalStage === 'township';
    const max = township ? config.townshipLimit : config.countyMaximum;
    const hints: EventHints = {
      amount: {
        maximum: max,
        ...(typeof ctx.recommendedAmount === 'number' ? { value: Math.min(ctx.recommendedAmount, max) } : {}),
        note: township ? capNote('乡镇直接审批上限', 'Township approval cap', max) : capNote('县级审批标准上限', 'County maximum', max),
      },
    };
    if (flags.includes(REPEAT_FLAG)) {
      hints.overrideReason = { note: { zh: `本申请人 ${config.repeatWindowDays} 天内已申请过同类救助：批准须写明特批理由`, en: 'Repeat applicant: an override reason is required' } };
    }
    return hints;
  };
}

export function temporaryAssistanceEvents(config: TemporaryAssistanceConfig): Record<TemporaryAssistanceEventType, Spec> {
  return {
    // ---- emergency lane
    GRANT_FIRST_RELIEF: {
      title: { zh: '先行救助', en: 'Grant first relief' },
      decision: 'approve',
      payload: object(['amount', 'form', 'grantedAt'], {
        amount,
        form: { type: 'string', enum: [...RELIEF_FORMS] },
        grantedAt: dateTime,
      }),
      actors: [townshipOfficer],
      decisionGroup: 'first_relief',
      rule: grantFirstReliefRule,
      hints: () => ({ amount: { maximum: config.townshipLimit, note: capNote('乡镇先行救助上限', 'Township first-relief cap', config.townshipLimit) } }),
    },
    DECLINE_EMERGENCY: {
      title: { zh: '不予先行救助（转常规程序）', en: 'Decline emergency relief' },
      decision: 'refuse',
      payload: object(['reason'], { reason }),
      actors: [townshipOfficer],
      decisionGroup: 'first_relief',
    },
    SUBMIT_FORMALITIES: {
      title: { zh: '补齐手续', en: 'Submit formalities' },
      decision: 'other',
      payload: object(['investigationReport', 'documents'], {
        investigationReport: text,
        documents: { type: 'array', minItems: 1, items: ref },
      }),
      actors: [townshipOfficer],
    },
    CONFIRM_RELIEF: {
      title: { zh: '确认先行救助', en: 'Confirm relief' },
      decision: 'approve',
      payload: object(['note'], { note: text }),
      actors: [townshipOfficer],
      decisionGroup: 'post_relief_confirmation',
    },
    REVOKE_RELIEF: {
      title: { zh: '撤销先行救助（追回）', en: 'Revoke relief' },
      decision: 'withdraw',
      payload: object(['reason'], { reason }),
      actors: [townshipOfficer],
      decisionGroup: 'post_relief_confirmation',
    },

    // ---- normal lane
    SUBMIT_INVESTIGATION: {
      title: { zh: '提交入户调查结果', en: 'Submit investigation' },
      decision: 'other',
      payload: object(['findings', 'recommendedAmount'], { findings: text, recommendedAmount: amount }),
      actors: [townshipOfficer],
      decisionGroup: 'investigation',
    },
    REJECT: {
      title: { zh: '不予救助', en: 'Reject' },
      decision: 'refuse',
      payload: object(['reason'], { reason }),
      actors: [
        { ...townshipOfficer, inStates: ['township_review', 'township_approval'] },
        { ...countyCivil, inStates: ['county_approval'] },
      ],
      decisionGroup: 'approval',
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
      actors: [villageClerk, townshipOfficer],
    },
    APPROVE: {
      title: { zh: '批准救助', en: 'Approve' },
      decision: 'approve',
      payload: object(['amount'], { amount, overrideReason, approvalOpinion: text }),
      // township_officer in township_approval (直接审批), county_civil in county_approval.
      actors: [
        { ...townshipOfficer, inStates: ['township_approval'] },
        { ...countyCivil, inStates: ['county_approval'] },
      ],
      decisionGroup: 'approval',
      rule: approveRule,
      hints: approveHints(config),
    },
    RECORD_DELIBERATION: {
      title: { zh: '登记一事一议结果', en: 'Record deliberation' },
      decision: 'other',
      payload: object(['meetingDate', 'participants', 'decision', 'minutesRef'], {
        meetingDate: date,
        participants: {
          type: 'array',
          minItems: config.minDeliberationParticipants,
          items: shortText,
        },
        decision: { type: 'string', enum: ['approve', 'reject'] },
        amount,
        minutesRef: ref,
        overrideReason,
        reason,
      }),
      actors: [countyCivil],
      decisionGroup: 'approval',
      rule: recordDeliberationRule,
      // recordDeliberationRule: a meeting that has taken place.
      hints: () => ({ meetingDate: { notAfterToday: true } }),
    },
    PAYMENT_CONFIRMED: {
      title: { zh: '救助金已发放', en: 'Payment confirmed' },
      decision: 'approve',
      payload: object(['paymentRef'], { paymentRef: ref }),
      actors: 'system',
    },

    // ---- both lanes
    REFER_TO_CHARITY: {
      title: { zh: '转介慈善救助', en: 'Refer to charity' },
      decision: 'other',
      payload: object(['organization', 'note'], { organization: nonBlank(1, 200), note: text }),
      actors: [townshipOfficer, countyCivil],
      jobs: ['charity_referral'],
    },
    WITHDRAW: {
      title: { zh: '撤回申请', en: 'Withdraw' },
      decision: 'withdraw',
      payload: object(['reason'], { reason }),
      actors: [villageClerk],
    },
  };
}
