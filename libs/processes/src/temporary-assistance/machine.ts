/**
 * The temporary-assistance machine (PROCESSES.md §3): a pure XState v5 machine. No `after`, no
 * `invoke`: deadlines are timers and SLA clocks the engine arms, payment is a queued job.
 *
 * Guards repeat the business limits the event rules check (defence in depth): should a rule be
 * bypassed, the machine still refuses to move money above a limit.
 */
import { assign, setup } from 'xstate';
import type { TemporaryAssistanceConfig } from './config';
import {
  ApprovalStage,
  PROCESS_KEY,
  TemporaryAssistanceContext,
  TemporaryAssistanceEvent,
  TemporaryAssistanceInput,
  TemporaryAssistanceLane,
} from './types';

const isPositive = (amount: unknown): amount is number =>
  typeof amount === 'number' && Number.isFinite(amount) && amount > 0;

/** An amount that may be paid at a stage whose limit is `limit`. */
export const positiveWithin = (amount: unknown, limit: number): boolean => isPositive(amount) && amount <= limit;

export const initialLane = (input: TemporaryAssistanceInput): TemporaryAssistanceLane =>
  input.data.urgency === 'emergency' ? 'emergency' : 'normal';

export function createTemporaryAssistanceMachine(config: TemporaryAssistanceConfig) {
  const withinTownship = (amount: unknown) => positiveWithin(amount, config.townshipLimit);
  const withinCounty = (amount: unknown) => positiveWithin(amount, config.countyMaximum);

  return setup({
    types: {
      context: {} as TemporaryAssistanceContext,
      events: {} as TemporaryAssistanceEvent,
      input: {} as TemporaryAssistanceInput,
    },
    actions: {
      // Approval states are entered only from the notice; recording the stage on entry lets the
      // APPROVE rule tell a township approval from a county one (rules see context, not the state).
      enterStage: assign((_, params: { stage: ApprovalStage }) => ({ approvalStage: params.stage })),
      // 慈善衔接: the referral itself is a queued job; the case stays where it is.
      referToCharity: assign(({ context, event }) => {
        if (event.type !== 'REFER_TO_CHARITY') return {};
        const { organization, note } = event.payload;
        return { charityReferrals: [...context.charityReferrals, { organization, note }] };
      }),
    },
  }).createMachine({
    id: PROCESS_KEY,
    // `intake` is a routing state: the filing decides the lane, and the eventless transition moves
    // the case on within initialTransition, so no case is ever stored in `intake`.
    initial: 'intake',
    context: ({ input }) => ({
      data: input.data,
      lane: initialLane(input),
      objections: [],
      charityReferrals: [],
    }),
    states: {
      intake: {
        always: [
          { guard: ({ context }) => context.lane === 'emergency', target: 'emergency_relief' },
          { target: 'township_review' },
        ],
      },

      // ---- emergency lane (急难型): relieve first, complete the paperwork after
      emergency_relief: {
        on: {
          GRANT_FIRST_RELIEF: {
            guard: ({ event }) => withinTownship(event.payload.amount),
            target: 'supplement_formalities',
            actions: assign(({ event }) => ({
              firstRelief: { amount: event.payload.amount, form: event.payload.form, grantedAt: event.payload.grantedAt },
            })),
          },
          // Not urgent after all: the case continues under the normal procedure and lane.
          DECLINE_EMERGENCY: {
            target: 'township_review',
            actions: assign(({ event }) => ({ lane: 'normal' as const, emergencyDeclineReason: event.payload.reason })),
          },
        },
      },
      supplement_formalities: {
        on: {
          SUBMIT_FORMALITIES: {
            target: 'post_review',
            actions: assign(({ event }) => ({
              formalities: { investigationReport: event.payload.investigationReport, documents: [...event.payload.documents] },
            })),
          },
        },
      },
      post_review: {
        on: {
          CONFIRM_RELIEF: {
            target: 'closed',
            actions: assign(({ event }) => ({ outcome: 'confirmed' as const, confirmationNote: event.payload.note })),
          },
          REVOKE_RELIEF: {
            target: 'closed',
            actions: assign(({ event }) => ({
              outcome: 'revoked' as const,
              revocationReason: event.payload.reason,
              recoveryRequired: true,
            })),
          },
          REFER_TO_CHARITY: { actions: 'referToCharity' },
        },
      },

      // ---- normal lane: investigate, publish, approve at the level the amount requires, pay
      township_review: {
        on: {
          SUBMIT_INVESTIGATION: {
            guard: ({ event }) => isPositive(event.payload.recommendedAmount),
            target: 'notice',
            actions: assign(({ event }) => ({
              investigationFindings: event.payload.findings,
              recommendedAmount: event.payload.recommendedAmount,
            })),
          },
          REJECT: {
            target: 'rejected',
            actions: assign(({ event }) => ({ rejectionReason: event.payload.reason })),
          },
          WITHDRAW: {
            target: 'withdrawn',
            actions: assign(({ event }) => ({ withdrawalReason: event.payload.reason })),
          },
        },
      },
      notice: {
        on: {
          // Routed by the investigation's recommendation; the last guard keeps a case without one in place.
          NOTICE_PERIOD_ENDED: [
            { guard: ({ context }) => withinTownship(context.recommendedAmount), target: 'township_approval' },
            { guard: ({ context }) => withinCounty(context.recommendedAmount), target: 'county_approval' },
            { guard: ({ context }) => isPositive(context.recommendedAmount), target: 'deliberation' },
          ],
          // An objection sends the case back for a fresh investigation and recommendation.
          RECORD_OBJECTION: {
            target: 'township_review',
            actions: assign(({ context, event }) => ({
              objections: [...context.objections, event.payload.summary],
              recommendedAmount: undefined,
            })),
          },
          WITHDRAW: {
            target: 'withdrawn',
            actions: assign(({ event }) => ({ withdrawalReason: event.payload.reason })),
          },
        },
      },
      township_approval: {
        entry: { type: 'enterStage', params: { stage: 'township' } },
        on: {
          APPROVE: {
            guard: ({ event }) => withinTownship(event.payload.amount),
            target: 'disbursement',
            actions: assign(({ event }) => ({
              approvedAmount: event.payload.amount,
              overrideReason: event.payload.overrideReason,
            })),
          },
          REJECT: {
            target: 'rejected',
            actions: assign(({ event }) => ({ rejectionReason: event.payload.reason })),
          },
          REFER_TO_CHARITY: { actions: 'referToCharity' },
        },
      },
      county_approval: {
        entry: { type: 'enterStage', params: { stage: 'county' } },
        on: {
          APPROVE: {
            guard: ({ event }) => withinCounty(event.payload.amount),
            target: 'disbursement',
            actions: assign(({ event }) => ({
              approvedAmount: event.payload.amount,
              overrideReason: event.payload.overrideReason,
            })),
          },
          REJECT: {
            target: 'rejected',
            actions: assign(({ event }) => ({ rejectionReason: event.payload.reason })),
          },
          REFER_TO_CHARITY: { actions: 'referToCharity' },
        },
      },
      deliberation: {
        entry: { type: 'enterStage', params: { stage: 'deliberation' } },
        on: {
          RECORD_DELIBERATION: [
            {
              guard: ({ event }) => event.payload.decision === 'approve' && isPositive(event.payload.amount),
              target: 'disbursement',
              actions: assign(({ event }) => ({
                deliberation: deliberationRecord(event.payload),
                approvedAmount: event.payload.amount,
                overrideReason: event.payload.overrideReason,
              })),
            },
            {
              guard: ({ event }) => event.payload.decision === 'reject',
              target: 'rejected',
              actions: assign(({ event }) => ({
                deliberation: deliberationRecord(event.payload),
                rejectionReason: event.payload.reason,
              })),
            },
          ],
          REFER_TO_CHARITY: { actions: 'referToCharity' },
        },
      },
      disbursement: {
        on: {
          PAYMENT_CONFIRMED: {
            target: 'closed',
            actions: assign(({ event }) => ({ outcome: 'paid' as const, paymentRef: event.payload.paymentRef })),
          },
          REFER_TO_CHARITY: { actions: 'referToCharity' },
        },
      },

      closed: { type: 'final' },
      rejected: { type: 'final' },
      withdrawn: { type: 'final' },
    },
  });
}

/** The minutes as recorded (without the override/reason fields, which have their own context keys). */
function deliberationRecord(p: Extract<TemporaryAssistanceEvent, { type: 'RECORD_DELIBERATION' }>['payload']) {
  return {
    meetingDate: p.meetingDate,
    participants: [...p.participants],
    decision: p.decision,
    ...(p.amount !== undefined ? { amount: p.amount } : {}),
    minutesRef: p.minutesRef,
  };
}

export type TemporaryAssistanceMachine = ReturnType<typeof createTemporaryAssistanceMachine>;
