/**
 * The audit-rectification machine (PROCESSES.md §7): pure XState v5, no `after`, no `invoke`. The
 * deadline, the re-check and the repeated escalation are engine timers (states.ts).
 *
 * A referral (REFER_CLUE) never moves the finding: the unit still corrects while the receiving body
 * deals with the people, and 销号 waits for every referral's outcome (rules.ts).
 */
import { assign, setup } from 'xstate';
import type { AuditRectificationConfig } from './config';
import { escalationPath } from './escalation';
import { AuditRectificationContext, AuditRectificationEvent, AuditRectificationInput, PROCESS_KEY } from './types';

export function createAuditRectificationMachine(config: AuditRectificationConfig) {
  const referralEvents = {
    REFER_CLUE: { actions: 'refer' },
    RECORD_REFERRAL_OUTCOME: { actions: 'recordReferralOutcome' },
    RECORD_SUPERVISION: { actions: 'recordSupervision' },
  } as const;
  return setup({
    types: {
      context: {} as AuditRectificationContext,
      events: {} as AuditRectificationEvent,
      input: {} as AuditRectificationInput,
    },
    actions: {
      refer: assign(({ context, event }) => {
        if (event.type !== 'REFER_CLUE') return {};
        const { to, receiptNo, referredAt, summary } = event.payload;
        return { referrals: [...context.referrals, { to, receiptNo, referredAt, summary }] };
      }),
      recordReferralOutcome: assign(({ context, event }) => {
        if (event.type !== 'RECORD_REFERRAL_OUTCOME') return {};
        const { receiptNo, outcome, note } = event.payload;
        return {
          referrals: context.referrals.map((r) => (r.receiptNo === receiptNo && !r.outcome ? { ...r, outcome, outcomeNote: note } : r)),
        };
      }),
      recordSupervision: assign(({ context, event }) => {
        if (event.type !== 'RECORD_SUPERVISION') return {};
        return { supervisions: [...context.supervisions, { ...event.payload, escalationLevel: context.escalationLevel }] };
      }),
    },
  }).createMachine({
    id: PROCESS_KEY,
    initial: 'rectifying',
    context: ({ input }) => ({
      data: input.data,
      responsibleUnits: [{ role: input.data.responsibleRole, jurisdictionCode: input.data.responsibleJurisdictionCode }],
      escalationPath: escalationPath(input.data, input.subject),
      supervisorUnits: [],
      escalationLevel: 0,
      rectificationDays: input.data.rectificationDays ?? config.rectificationDays,
      rectifications: [],
      contests: [],
      returns: [],
      overdueCount: 0,
      relapses: [],
      referrals: [],
      supervisions: [],
    }),
    states: {
      rectifying: {
        on: {
          SUBMIT_RECTIFICATION: {
            target: 'verification',
            actions: assign(({ context, event }) => ({ rectifications: [...context.rectifications, event.payload], lastAnswer: 'rectification' as const })),
          },
          CONTEST_FINDING: {
            target: 'verification',
            actions: assign(({ context, event }) => ({ contests: [...context.contests, event.payload], lastAnswer: 'contest' as const })),
          },
          // Each firing climbs one level (up to the city) and names the supervisor there.
          RECTIFICATION_OVERDUE: {
            actions: assign(({ context }) => {
              const level = context.escalationLevel + 1;
              const unit = context.escalationPath[Math.min(level, context.escalationPath.length) - 1];
              const known = !unit || context.supervisorUnits.some((u) => u.role === unit.role && u.jurisdictionCode === unit.jurisdictionCode);
              return {
                overdueCount: context.overdueCount + 1,
                escalationLevel: Math.min(level, context.escalationPath.length),
                supervisorUnits: known ? context.supervisorUnits : [...context.supervisorUnits, unit],
              };
            }),
          },
          ...referralEvents,
        },
      },
      verification: {
        on: {
          ACCEPT_RECTIFICATION: {
            guard: ({ context }) => context.lastAnswer === 'rectification',
            target: 'rectified',
            actions: assign(({ event }) => ({ acceptance: { note: event.payload.note } })),
          },
          RETURN_RECTIFICATION: {
            target: 'rectifying',
            actions: assign(({ context, event }) => {
              const days = event.payload.rectificationDays ?? config.returnDays;
              return { rectificationDays: days, returns: [...context.returns, { reasons: event.payload.reasons, rectificationDays: days }] };
            }),
          },
          WITHDRAW_FINDING: {
            target: 'withdrawn',
            actions: assign(({ event }) => ({ withdrawalReason: event.payload.reason })),
          },
          ...referralEvents,
        },
      },
      rectified: {
        on: {
          RECHECK_DUE: { target: 'recheck' },
          ...referralEvents,
        },
      },
      recheck: {
        on: {
          RECHECK_PASSED: {
            target: 'closed',
            actions: assign(({ event }) => ({ recheck: { checkedAt: event.payload.checkedAt, note: event.payload.note } })),
          },
          // 屡审屡犯: reopened with a new deadline.
          RECHECK_FAILED: {
            target: 'rectifying',
            actions: assign(({ context, event }) => {
              const days = event.payload.rectificationDays ?? config.rectificationDays;
              return { rectificationDays: days, relapses: [...context.relapses, { reason: event.payload.reason, rectificationDays: days }] };
            }),
          },
          ...referralEvents,
        },
      },
      closed: { type: 'final' },
      withdrawn: { type: 'final' },
    },
  });
}
