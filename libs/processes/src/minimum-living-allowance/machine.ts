/**
 * The 低保 machine (PROCESSES.md §6): a pure XState v5 machine, flat as the engine requires. The
 * contract's parent state `paying` is the set of states that share the paying events
 * (`PAYING_STATES`): each handles the monthly due, confirmations, failures and change reports alike,
 * and the engine keeps one monthly timer running across them (a recurring timer declared alike in
 * two states carries over). `review` (复核中) is added inside `paying`: REVIEW_DUE and REPORT_CHANGE
 * open the township's review task by entering it.
 *
 * Guards repeat the rules (defence in depth): no confirmation or adjustment of an ineligible
 * household or of an amount other than the computed one, one materials notice, one extension.
 */
import { assign, setup } from 'xstate';
import type { MinimumLivingAllowanceConfig } from './config';
import { assess } from './rules';
import { MlaContext, MlaEvent, MlaInput, PayingState, PROCESS_KEY, Review } from './types';

export const PAYING_STATES = ['in_payment', 'review', 'change_decision', 'gradual_exit'] as const;

export function createMinimumLivingAllowanceMachine(config: MinimumLivingAllowanceConfig) {
  const authorised = (ctx: MlaContext) => config.townshipConfirmation.includes(ctx.place.townshipCode);
  // Relatives' cases and complained-about ones are the county's (单独登记备案, objections, reports).
  const countyOnly = (ctx: MlaContext) => ctx.data.relativeDeclaration.declared || ctx.objections.length > 0 || ctx.fraudReported;
  const confirmingState = (ctx: MlaContext) => (authorised(ctx) && !countyOnly(ctx) ? 'township_confirmation' : 'county_confirmation');
  const democraticReviewNeeded = (ctx: MlaContext) => config.democraticReview === 'always' || ctx.investigation?.democraticReview === true;

  const reviewed = (context: MlaContext, p: Review) => ({ ...p, investigators: [...p.investigators], assessment: assess(config, context.place.countyCode, p, context.lineInForceYuan) });

  const withdraw = { target: 'withdrawn', actions: 'withdraw' } as const;
  const registryChecked = { actions: 'registryChecked' } as const;
  // A 特困 referral is settled by the county whatever stage the 低保 case is at (its task outlives the stages).
  const tekunOutcome = { guard: 'tekunReferralOpen', actions: 'recordTekunOutcome' } as const;
  const decide = {
    CONFIRM_DIBAO: { guard: 'confirmable', target: 'in_payment', actions: 'confirm' },
    REFUSE_DIBAO: { target: 'rejected', actions: 'refuse' },
    RETURN_FOR_INVESTIGATION: { target: 'investigation', actions: 'returnForInvestigation' },
    EXTEND_DEADLINE: { guard: 'canExtend', actions: 'extend' },
    WITHDRAW: withdraw,
    REGISTRY_CHECKED: registryChecked,
    RECORD_TEKUN_REFERRAL: tekunOutcome,
  } as const;
  // The paying states' common events (the contract's parent state `paying`).
  const paying = {
    MONTHLY_PAYMENT_DUE: { actions: 'recordDue' },
    PAYMENT_CONFIRMED: { actions: 'recordPaid' },
    PAYMENT_FAILED: { actions: 'recordFailed' },
    REVIEW_DUE: { actions: 'recordReviewDue' },
    REPORT_CHANGE: { actions: 'recordChange' },
    RECORD_TEKUN_REFERRAL: tekunOutcome,
  } as const;
  const proposal = (from: PayingState) => ({
    guard: { type: 'reviewProposesChange', params: { from } },
    target: 'change_decision',
    actions: { type: 'proposeChange', params: { from } },
  }) as const;

  return setup({
    types: { context: {} as MlaContext, events: {} as MlaEvent, input: {} as MlaInput },
    guards: {
      confirmable: ({ context, event }) =>
        event.type === 'CONFIRM_DIBAO' && !!context.assessment?.eligible && event.payload.amountYuan === context.assessment.amountYuan,
      canExtend: ({ context }) => !context.deadlineExtended,
      tekunReferralOpen: ({ context, event }) =>
        event.type === 'RECORD_TEKUN_REFERRAL' && event.payload.index < context.tekunReferrals.length && !context.tekunOutcomes.some((o) => o.index === event.payload.index),
      reviewContinues: ({ context, event }) => event.type === 'SUBMIT_REVIEW' && event.payload.proposal === 'continue' && reviewed(context, event.payload).assessment.eligible,
      reviewProposesChange: ({ context, event }, params: { from: PayingState }) => {
        if (event.type !== 'SUBMIT_REVIEW') return false;
        const r = reviewed(context, event.payload);
        if (r.proposal === 'continue') return false;
        if (r.proposal === 'adjust') return r.assessment.eligible;
        if (r.proposal === 'gradual_exit') return params.from !== 'gradual_exit';
        return !!r.ground;
      },
    },
    actions: {
      withdraw: assign(({ event }) => (event.type === 'WITHDRAW' ? { withdrawalReason: event.payload.reason, outcome: 'withdrawn' as const } : {})),
      registryChecked: assign(({ event }) => (event.type === 'REGISTRY_CHECKED' ? { registeredPoor: event.payload.registeredPoor } : {})),
      recordDue: assign(({ context, event }) => (event.type === 'MONTHLY_PAYMENT_DUE' ? { dueMonths: [...context.dueMonths, event.payload.period] } : {})),
      recordPaid: assign(({ context, event }) => (event.type === 'PAYMENT_CONFIRMED' ? { paid: [...context.paid, { ...event.payload }] } : {})),
      recordFailed: assign(({ context, event }) => (event.type === 'PAYMENT_FAILED' ? { failed: [...context.failed, { ...event.payload }] } : {})),
      // A new county line arrives as a review (never a silent change of amount): later assessments use it.
      recordReviewDue: assign(({ context, event }) =>
        event.type === 'REVIEW_DUE'
          ? { reviewsDue: [...context.reviewsDue, event.payload.period], ...(event.payload.lineYuan !== undefined ? { lineInForceYuan: event.payload.lineYuan } : {}) }
          : {}),
      confirm: assign(({ context, event }) => {
        if (event.type !== 'CONFIRM_DIBAO') return {};
        const a = context.assessment!;
        return {
          amountYuan: a.amountYuan,
          lineYuan: a.lineYuan,
          householdClass: context.investigation!.householdClass,
          countyVisit: event.payload.countyVisit,
          decisions: [...context.decisions, { kind: 'confirm' as const, amountYuan: a.amountYuan, lineYuan: a.lineYuan, perCapitaIncomeYuan: a.perCapitaIncomeYuan }],
        };
      }),
      refuse: assign(({ event }) => (event.type === 'REFUSE_DIBAO' ? { refusalReason: event.payload.reason, outcome: 'rejected' as const } : {})),
      returnForInvestigation: assign(({ event }) => (event.type === 'RETURN_FOR_INVESTIGATION' ? { returnedFor: [...event.payload.missing] } : {})),
      extend: assign(({ event }) => (event.type === 'EXTEND_DEADLINE' ? { deadlineExtended: true, extensionReason: event.payload.reason } : {})),
      recordReview: assign(({ context, event }) => {
        if (event.type !== 'SUBMIT_REVIEW') return {};
        const r = reviewed(context, event.payload);
        return { reviews: [...context.reviews, r], householdClass: r.householdClass };
      }),
      proposeChange: assign(({ context, event }, params: { from: PayingState }) => {
        if (event.type !== 'SUBMIT_REVIEW') return {};
        const r = reviewed(context, event.payload);
        return { reviews: [...context.reviews, r], pendingProposal: { ...r, from: params.from === 'gradual_exit' ? ('gradual_exit' as const) : ('in_payment' as const) } };
      }),
      recordChange: assign(({ context, event }) => {
        if (event.type !== 'REPORT_CHANGE') return {};
        return {
          changeReports: [...context.changeReports, { ...event.payload }],
          fraudReported: context.fraudReported || event.payload.kind === 'fraud_report',
        };
      }),
      recordTekunOutcome: assign(({ context, event }) =>
        event.type === 'RECORD_TEKUN_REFERRAL' ? { tekunOutcomes: [...context.tekunOutcomes, { ...event.payload }] } : {}),
      recordInvestigation: assign(({ context, event }) => {
        if (event.type !== 'SUBMIT_INVESTIGATION') return {};
        const p = event.payload;
        return {
          investigation: { ...p, investigators: [...p.investigators], incomeItems: p.incomeItems.map((i) => ({ ...i })), assets: { ...p.assets } },
          assessment: assess(config, context.place.countyCode, p, context.lineInForceYuan),
          investigations: context.investigations + 1,
          returnedFor: undefined,
          // A candidate named again by a re-investigation is not referred twice.
          tekunReferrals: [...context.tekunReferrals, ...[...new Set(p.tekunCandidates ?? [])].filter((n) => !context.tekunReferrals.includes(n))],
        };
      }),
    },
  }).createMachine({
    id: PROCESS_KEY,
    initial: 'acceptance',
    context: ({ input }) => ({
      data: input.data,
      place: input.place ?? { villageCode: '', townshipCode: '', countyCode: '' },
      // The county's line in force at filing, as data (jurisdictionSettings); absent in a bare machine run.
      ...(input.settings?.line !== undefined ? { lineInForceYuan: input.settings.line } : {}),
      householdSize: 1 + (input.data.members?.length ?? 0),
      materialsRequested: false,
      investigations: 0,
      noticeRounds: 0,
      democraticReviews: [],
      objections: [],
      deadlineExtended: false,
      decisions: [],
      dueMonths: [],
      paid: [],
      failed: [],
      reviewsDue: [],
      changeReports: [],
      fraudReported: false,
      reviews: [],
      paymentsHeld: false,
      rejectedProposals: [],
      recoveryDue: false,
      tekunReferrals: [],
      tekunOutcomes: [],
    }),
    states: {
      acceptance: {
        on: {
          ACCEPT_APPLICATION: { target: 'investigation', actions: assign(({ event }) => ({ acceptedMaterials: [...event.payload.materials] })) },
          REQUEST_MATERIALS: {
            guard: ({ context }) => !context.materialsRequested,
            target: 'materials_pending',
            actions: assign(({ event }) => ({ materialsRequested: true, missingMaterials: [...event.payload.missing] })),
          },
          REFUSE_ACCEPTANCE: { target: 'rejected', actions: assign(({ event }) => ({ refusalReason: event.payload.reason, outcome: 'rejected' as const })) },
          REGISTRY_CHECKED: registryChecked,
    RECORD_TEKUN_REFERRAL: tekunOutcome,
          WITHDRAW: withdraw,
        },
      },
      materials_pending: {
        on: {
          MATERIALS_SUPPLIED: { target: 'acceptance', actions: assign(({ event }) => ({ materialsNote: event.payload.note })) },
          MATERIALS_DEADLINE_PASSED: { target: 'withdrawn', actions: assign({ outcome: 'withdrawn' as const, withdrawalReason: '逾期未补齐材料，视为撤回申请' }) },
          REGISTRY_CHECKED: registryChecked,
    RECORD_TEKUN_REFERRAL: tekunOutcome,
          WITHDRAW: withdraw,
        },
      },
      investigation: {
        on: {
          SUBMIT_INVESTIGATION: [
            {
              guard: ({ context, event }) => event.payload.recommendation === 'approve' && assess(config, context.place.countyCode, event.payload, context.lineInForceYuan).eligible,
              target: 'routing_after_investigation',
              actions: 'recordInvestigation',
            },
            {
              // A negative finding publishes nothing: it goes to the confirming authority to refuse.
              guard: ({ event }) => event.payload.recommendation === 'reject',
              target: 'routing_after_investigation',
              actions: 'recordInvestigation',
            },
          ],
          REGISTRY_CHECKED: registryChecked,
    RECORD_TEKUN_REFERRAL: tekunOutcome,
          WITHDRAW: withdraw,
        },
      },
      // Transient: the investigation's recommendation and the settings decide the next stage.
      routing_after_investigation: {
        always: [
          { guard: ({ context }) => context.investigation!.recommendation === 'reject' && confirmingState(context) === 'township_confirmation', target: 'township_confirmation' },
          { guard: ({ context }) => context.investigation!.recommendation === 'reject', target: 'county_confirmation' },
          { guard: ({ context }) => democraticReviewNeeded(context), target: 'democratic_review' },
          { target: 'notice' },
        ],
      },
      democratic_review: {
        on: {
          RECORD_DEMOCRATIC_REVIEW: [
            {
              guard: ({ event }) => event.payload.passed && event.payload.votesFor + event.payload.votesAgainst <= event.payload.attendees,
              target: 'notice',
              actions: assign(({ context, event }) => ({ democraticReviews: [...context.democraticReviews, { ...event.payload }] })),
            },
            {
              guard: ({ event }) => !event.payload.passed && event.payload.votesFor + event.payload.votesAgainst <= event.payload.attendees,
              target: 'investigation',
              actions: assign(({ context, event }) => ({ democraticReviews: [...context.democraticReviews, { ...event.payload }] })),
            },
          ],
          REGISTRY_CHECKED: registryChecked,
    RECORD_TEKUN_REFERRAL: tekunOutcome,
          WITHDRAW: withdraw,
        },
      },
      notice: {
        entry: assign(({ context }) => ({ noticeRounds: context.noticeRounds + 1 })),
        on: {
          NOTICE_PERIOD_ENDED: [
            { guard: ({ context }) => confirmingState(context) === 'township_confirmation', target: 'township_confirmation', actions: assign({ confirmationLevel: 'township' as const }) },
            { target: 'county_confirmation', actions: assign({ confirmationLevel: 'county' as const }) },
          ],
          // An objection: re-investigation, then a new 公示.
          RECORD_OBJECTION: { target: 'investigation', actions: assign(({ context, event }) => ({ objections: [...context.objections, event.payload.summary] })) },
          REGISTRY_CHECKED: registryChecked,
    RECORD_TEKUN_REFERRAL: tekunOutcome,
          WITHDRAW: withdraw,
        },
      },
      county_confirmation: { on: decide },
      township_confirmation: { on: decide },

      in_payment: {
        on: {
          ...paying,
          REVIEW_DUE: { target: 'review', actions: 'recordReviewDue' },
          REPORT_CHANGE: { target: 'review', actions: 'recordChange' },
          SUBMIT_REVIEW: [{ guard: 'reviewContinues', actions: 'recordReview' }, proposal('in_payment')],
        },
      },
      review: { on: { ...paying, SUBMIT_REVIEW: [{ guard: 'reviewContinues', target: 'in_payment', actions: 'recordReview' }, proposal('review')] } },
      change_decision: {
        on: {
          ...paying,
          APPROVE_ADJUSTMENT: {
            guard: ({ context, event }) =>
              context.pendingProposal?.proposal === 'adjust' && context.pendingProposal.assessment.eligible && event.payload.amountYuan === context.pendingProposal.assessment.amountYuan,
            target: 'in_payment',
            actions: assign(({ context }) => {
              const a = context.pendingProposal!.assessment;
              return {
                amountYuan: a.amountYuan,
                lineYuan: a.lineYuan,
                householdClass: context.pendingProposal!.householdClass,
                pendingProposal: undefined,
                gradualExit: undefined, // 重新符合条件的，取消渐退期限，转为正常保障
                decisions: [...context.decisions, { kind: 'adjust' as const, amountYuan: a.amountYuan, lineYuan: a.lineYuan, perCapitaIncomeYuan: a.perCapitaIncomeYuan }],
              };
            }),
          },
          APPROVE_GRADUAL_EXIT: {
            guard: ({ context, event }) => context.pendingProposal?.proposal === 'gradual_exit' && event.payload.months >= 1,
            target: 'gradual_exit',
            actions: assign(({ context, event }) => ({
              pendingProposal: undefined,
              gradualExit: { months: event.payload.months, monthsPaid: 0, amountYuan: context.amountYuan! },
              decisions: [...context.decisions, { kind: 'gradual_exit' as const, amountYuan: context.amountYuan!, lineYuan: context.pendingProposal!.assessment.lineYuan }],
            })),
          },
          TERMINATE_DIBAO: {
            guard: ({ context }) => context.pendingProposal?.proposal === 'terminate',
            target: 'terminated',
            actions: assign(({ context, event }) => ({
              termination: { ...event.payload },
              recoveryDue: event.payload.ground === 'fraud' && (event.payload.recoveryYuan ?? 0) > 0,
              pendingProposal: undefined,
              outcome: 'terminated' as const,
              decisions: [...context.decisions, { kind: 'terminate' as const, amountYuan: 0, lineYuan: context.pendingProposal!.assessment.lineYuan }],
            })),
          },
          REJECT_PROPOSAL: [
            {
              guard: ({ context }) => context.pendingProposal?.from === 'gradual_exit',
              target: 'gradual_exit',
              actions: assign(({ context, event }) => ({ pendingProposal: undefined, rejectedProposals: [...context.rejectedProposals, event.payload.reason] })),
            },
            {
              target: 'in_payment',
              actions: assign(({ context, event }) => ({ pendingProposal: undefined, rejectedProposals: [...context.rejectedProposals, event.payload.reason] })),
            },
          ],
        },
      },
      gradual_exit: {
        on: {
          ...paying,
          // The months of 渐退 are paid; the firing after the last one ends the benefit.
          MONTHLY_PAYMENT_DUE: [
            {
              guard: ({ context }) => context.gradualExit!.monthsPaid >= context.gradualExit!.months,
              target: 'exited',
              actions: assign({ outcome: 'exited' as const }),
            },
            {
              actions: assign(({ context, event }) => ({
                dueMonths: [...context.dueMonths, event.payload.period],
                gradualExit: { ...context.gradualExit!, monthsPaid: context.gradualExit!.monthsPaid + 1 },
              })),
            },
          ],
          SUBMIT_REVIEW: [proposal('gradual_exit')],
        },
      },

      rejected: { type: 'final' },
      withdrawn: { type: 'final' },
      exited: { type: 'final' },
      terminated: { type: 'final' },
    },
  });
}

export type MinimumLivingAllowanceMachine = ReturnType<typeof createMinimumLivingAllowanceMachine>;
