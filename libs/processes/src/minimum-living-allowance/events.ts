/**
 * The events of 低保: titles, payloads, who may send them, decision groups and rules (PROCESSES.md §6).
 *
 * Decision groups: `investigation` {ACCEPT_APPLICATION, REQUEST_MATERIALS, REFUSE_ACCEPTANCE,
 * SUBMIT_INVESTIGATION, SUBMIT_REVIEW} and `confirmation` {CONFIRM_DIBAO, REFUSE_DIBAO,
 * RETURN_FOR_INVESTIGATION, EXTEND_DEADLINE, APPROVE_ADJUSTMENT, APPROVE_GRADUAL_EXIT,
 * TERMINATE_DIBAO, REJECT_PROPOSAL}: in an authorised township the officer who investigated cannot
 * confirm. Records (democratic review, objections, materials, change reports, withdrawal) are in no
 * group, so the filing clerk may send them.
 */
import type { ActorSpec, EventHints, EventSpec } from '../definition';
import type { MinimumLivingAllowanceConfig } from './config';
import {
  approveAdjustmentRule, approveGradualExitRule, confirmRule, democraticReviewRule, extendDeadlineRule, requestMaterialsRule,
  submitInvestigationRule, submitReviewRule, tekunReferralRule, terminateRule,
} from './rules';
import { amount, count, date, householdSize, investigators, object, oneOf, reason, ref, shortText, text, yuan } from './schemas';
import { Assessment, CHANGE_KINDS, HOUSEHOLD_CLASSES, MlaContext, MlaEventType, PROPOSALS, RECOMMENDATIONS, TEKUN_OUTCOMES, TERMINATION_GROUNDS } from './types';

type Spec = EventSpec<MinimumLivingAllowanceConfig, MlaContext>;

const township: ActorSpec = { role: 'township_officer', level: 'township' };
const county: ActorSpec = { role: 'county_civil', level: 'county' };
const village: ActorSpec = { role: 'village_clerk', level: 'village' };
const period = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$' };
const list = { type: 'array', minItems: 1, maxItems: 50, items: shortText };
/** The confirming authority: the county, or the township officer of an authorised township. */
const confirmers: ActorSpec[] = [{ ...county, inStates: ['county_confirmation'] }, { ...township, inStates: ['township_confirmation'] }];
const visit = object(['visitDate', 'investigators'], { visitDate: date, investigators });

/** confirmRule and approveAdjustmentRule accept only the amount computed from the line, the income and the household size. */
export function computedAmountHint(a: Assessment | undefined): EventHints {
  if (!a || !a.eligible) return {};
  return {
    amountYuan: {
      equals: a.amountYuan,
      value: a.amountYuan,
      note: {
        zh: `按低保标准 ${a.lineYuan} 元、人均收入 ${a.perCapitaIncomeYuan} 元、${a.householdSize} 人计算：每月 ${a.amountYuan} 元`,
        en: `Line ${a.lineYuan}, income per head ${a.perCapitaIncomeYuan}, ${a.householdSize} people: ${a.amountYuan} a month`,
      },
    },
  };
}

export function minimumLivingAllowanceEvents(config: MinimumLivingAllowanceConfig): Record<MlaEventType, Spec> {
  return {
    REGISTRY_CHECKED: {
      title: { zh: '帮扶名单核对', en: 'Registry checked' },
      payload: object(['registeredPoor'], { registeredPoor: { type: 'boolean' }, category: shortText }),
      actors: 'system',
    },
    ACCEPT_APPLICATION: {
      title: { zh: '受理申请', en: 'Accept application' },
      decision: 'approve',
      payload: object(['materials'], { materials: list }),
      actors: [township],
      decisionGroup: 'investigation',
    },
    REQUEST_MATERIALS: {
      title: { zh: '一次性告知补齐材料', en: 'Request materials (once)' },
      decision: 'return',
      payload: object(['missing'], { missing: list }),
      actors: [township],
      decisionGroup: 'investigation',
      rule: requestMaterialsRule,
    },
    REFUSE_ACCEPTANCE: {
      title: { zh: '不予受理', en: 'Refuse acceptance' },
      decision: 'refuse',
      payload: object(['reason'], { reason }),
      actors: [township],
      decisionGroup: 'investigation',
    },
    MATERIALS_SUPPLIED: {
      title: { zh: '材料已补齐', en: 'Materials supplied' },
      decision: 'other',
      payload: object(['note'], { note: text }),
      actors: [village, township],
    },
    MATERIALS_DEADLINE_PASSED: { title: { zh: '补齐材料期满', en: 'Materials deadline passed' }, payload: object([], {}), actors: 'system', decision: 'withdraw' },
    SUBMIT_INVESTIGATION: {
      title: { zh: '提交家庭经济状况调查', en: 'Submit investigation' },
      decision: 'other',
      payload: object(
        ['checkReportRef', 'visitDate', 'investigators', 'householdSize', 'monthlyIncomeYuan', 'incomeItems', 'rigidExpenditureYuan', 'assets', 'assetsWithinLimits', 'householdClass', 'recommendation', 'opinion'],
        {
          checkReportRef: ref,
          visitDate: date,
          investigators,
          householdSize,
          monthlyIncomeYuan: yuan,
          incomeItems: { type: 'array', maxItems: 50, items: object(['kind', 'monthlyYuan'], { kind: shortText, monthlyYuan: yuan }) },
          rigidExpenditureYuan: yuan,
          assets: object(['depositsYuan', 'vehicles', 'extraHousing', 'businessRegistered'], {
            depositsYuan: yuan, vehicles: count, extraHousing: { type: 'boolean' }, businessRegistered: { type: 'boolean' },
          }),
          assetsWithinLimits: { type: 'boolean' },
          householdClass: oneOf(HOUSEHOLD_CLASSES),
          recommendation: oneOf(RECOMMENDATIONS),
          opinion: text,
          democraticReview: { type: 'boolean' },
          tekunCandidates: { type: 'array', maxItems: 30, items: shortText },
        },
      ),
      actors: [township],
      decisionGroup: 'investigation',
      rule: submitInvestigationRule,
    },
    RECORD_DEMOCRATIC_REVIEW: {
      title: { zh: '登记民主评议结果', en: 'Record democratic review' },
      decision: 'other',
      payload: object(['meetingDate', 'attendees', 'votesFor', 'votesAgainst', 'minutesRef', 'passed'], {
        meetingDate: date, attendees: count, votesFor: count, votesAgainst: count, minutesRef: ref, passed: { type: 'boolean' },
      }),
      actors: [village],
      rule: democraticReviewRule,
      // democraticReviewRule: votes within attendees.
      hints: () => ({ votesAgainst: { sumAtMost: { fields: ['votesFor'], field: 'attendees' } } }),
    },
    NOTICE_PERIOD_ENDED: { title: { zh: '公示期满', en: 'Notice period ended' }, payload: object([], {}), actors: 'system' },
    RECORD_OBJECTION: {
      title: { zh: '登记公示异议', en: 'Record objection' },
      decision: 'other',
      payload: object(['summary'], { summary: reason }),
      actors: [village, township],
    },
    CONFIRM_DIBAO: {
      title: { zh: '确认纳入低保', en: 'Confirm the allowance' },
      decision: 'approve',
      payload: object(['amountYuan'], { amountYuan: amount, countyVisit: visit, approvalOpinion: text }),
      actors: confirmers,
      decisionGroup: 'confirmation',
      rule: confirmRule,
      hints: (ctx) => computedAmountHint(ctx.assessment),
    },
    REFUSE_DIBAO: {
      title: { zh: '不予确认', en: 'Refuse' },
      decision: 'refuse',
      payload: object(['reason'], { reason }),
      actors: confirmers,
      decisionGroup: 'confirmation',
    },
    RETURN_FOR_INVESTIGATION: {
      title: { zh: '退回重新调查', en: 'Return for investigation' },
      decision: 'return',
      payload: object(['missing'], { missing: list }),
      actors: confirmers,
      decisionGroup: 'confirmation',
    },
    EXTEND_DEADLINE: {
      title: { zh: '延长审核确认期限', en: 'Extend the deadline' },
      decision: 'other',
      payload: object(['reason'], { reason }),
      actors: confirmers,
      decisionGroup: 'confirmation',
      rule: extendDeadlineRule,
    },
    MONTHLY_PAYMENT_DUE: { title: { zh: '月度发放到期', en: 'Monthly payment due' }, payload: object(['period'], { period }), actors: 'system' },
    PAYMENT_CONFIRMED: {
      title: { zh: '低保金已发放', en: 'Payment confirmed' },
      decision: 'approve',
      payload: object(['period', 'paymentRef'], { period, paymentRef: ref }),
      actors: 'system',
    },
    PAYMENT_FAILED: {
      title: { zh: '低保金发放失败', en: 'Payment failed' },
      decision: 'refuse',
      payload: object(['period', 'error'], { period, error: { type: 'string', maxLength: 500 } }),
      actors: 'system',
    },
    // Periodic (动态管理), or sent by a change of the county's line with the new line (index.ts jurisdictionSettings).
    REVIEW_DUE: { title: { zh: '复核到期', en: 'Review due' }, payload: object(['period'], { period, lineYuan: yuan }), actors: 'system' },
    REPORT_CHANGE: {
      title: { zh: '报告家庭情况变化', en: 'Report a change' },
      decision: 'other',
      payload: object(['kind', 'occurredOn', 'summary'], { kind: oneOf(CHANGE_KINDS), occurredOn: date, summary: text }),
      actors: [village, township],
    },
    SUBMIT_REVIEW: {
      title: { zh: '提交复核结果', en: 'Submit review' },
      decision: 'other',
      payload: object(
        ['checkReportRef', 'visitDate', 'investigators', 'householdSize', 'monthlyIncomeYuan', 'rigidExpenditureYuan', 'assetsWithinLimits', 'householdClass', 'proposal', 'findings'],
        {
          checkReportRef: ref, visitDate: date, investigators, householdSize, monthlyIncomeYuan: yuan, rigidExpenditureYuan: yuan,
          assetsWithinLimits: { type: 'boolean' }, householdClass: oneOf(HOUSEHOLD_CLASSES), proposal: oneOf(PROPOSALS),
          ground: oneOf(TERMINATION_GROUNDS), findings: text,
        },
      ),
      actors: [township],
      decisionGroup: 'investigation',
      rule: submitReviewRule,
    },
    APPROVE_ADJUSTMENT: {
      title: { zh: '批准调整保障金额', en: 'Approve adjustment' },
      decision: 'approve',
      payload: object(['amountYuan'], { amountYuan: amount }),
      hints: (ctx) => computedAmountHint(ctx.pendingProposal?.assessment),
      actors: [county],
      decisionGroup: 'confirmation',
      rule: approveAdjustmentRule,
    },
    APPROVE_GRADUAL_EXIT: {
      title: { zh: '批准渐退', en: 'Approve gradual exit' },
      decision: 'approve',
      payload: object(['months'], { months: { type: 'integer', minimum: 1, maximum: config.gradualExitMaxMonths } }),
      actors: [county],
      decisionGroup: 'confirmation',
      rule: approveGradualExitRule,
    },
    TERMINATE_DIBAO: {
      title: { zh: '停发低保', en: 'Terminate the allowance' },
      decision: 'refuse',
      payload: object(['ground', 'reason'], { ground: oneOf(TERMINATION_GROUNDS), reason, recoveryYuan: yuan }),
      actors: [county],
      decisionGroup: 'confirmation',
      rule: terminateRule,
    },
    REJECT_PROPOSAL: {
      title: { zh: '不同意复核建议', en: 'Reject the proposal' },
      decision: 'refuse',
      payload: object(['reason'], { reason }),
      actors: [county],
      decisionGroup: 'confirmation',
    },
    WITHDRAW: {
      title: { zh: '撤回申请', en: 'Withdraw' },
      decision: 'withdraw',
      payload: object(['reason'], { reason }),
      actors: [village, township],
    },
    // 特困 is not this process: the county settles each candidate's referral (its task, declarations.ts).
    RECORD_TEKUN_REFERRAL: {
      title: { zh: '办理特困供养转介', en: 'Settle tekun referral' },
      decision: 'other',
      payload: object(['index', 'outcome', 'note'], { index: { type: 'integer', minimum: 0, maximum: 999 }, outcome: oneOf(TEKUN_OUTCOMES), note: text }),
      actors: [county],
      rule: tekunReferralRule,
    },
  };
}
