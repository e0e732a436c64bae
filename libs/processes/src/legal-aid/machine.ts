/**
 * The legal-aid machine (PROCESSES.md §4): a pure XState v5 machine. No `after`, no `invoke`:
 * deadlines are timers and SLA clocks the engine arms, the registry lookup is a queued job.
 *
 * Guards repeat the invariants the event rules check (defence in depth): should a rule be bypassed,
 * the machine still refuses a second materials notice, aid before decision without a limitation
 * deadline, an assignment without a lawyer, or a denial without a written reason.
 */
import { assign, setup } from 'xstate';
import type { LegalAidConfig } from './config';
import { MIN_REASON_LENGTH } from './schemas';
import {
  EXEMPT_CATEGORIES,
  LegalAidContext,
  LegalAidEvent,
  LegalAidInput,
  PEER_REVIEW_GRADES,
  PROCESS_KEY,
} from './types';

/** The law allows one notice listing all missing materials (法律援助法第四十三条 一次性告知). */
export const MATERIALS_NOTICES_ALLOWED = 1;

const filled = (s: unknown, min = 1): s is string => typeof s === 'string' && s.trim().length >= min;

export const isExemptCategory = (c: unknown): boolean => (EXEMPT_CATEGORIES as readonly unknown[]).includes(c);

const validPeerReview = (p: { grade: unknown; score: unknown }) =>
  (PEER_REVIEW_GRADES as readonly unknown[]).includes(p.grade) &&
  typeof p.score === 'number' &&
  p.score >= 0 &&
  p.score <= 100;

// The config is taken for symmetry with the other processes and for future versions: every number
// this machine would need (deadlines, thresholds) is enforced by timers, clocks and rules instead.
export function createLegalAidMachine(_config: LegalAidConfig) {
  return setup({
    types: {
      context: {} as LegalAidContext,
      events: {} as LegalAidEvent,
      input: {} as LegalAidInput,
    },
  }).createMachine({
    id: PROCESS_KEY,
    initial: 'eligibility_check',
    context: ({ input }) => ({ data: input.data, lane: 'normal', materialsRequests: 0, progress: [] }),
    states: {
      // The registry lookup job answers with one of these two system events.
      eligibility_check: {
        on: {
          FAST_LANE_CONFIRMED: {
            guard: ({ event }) => isExemptCategory(event.payload.category),
            target: 'acceptance_review',
            actions: assign(({ event }) => ({
              lane: 'fast' as const,
              exemption: { category: event.payload.category, basis: event.payload.basis },
            })),
          },
          ECONOMIC_REVIEW_REQUIRED: {
            target: 'economic_review',
            actions: assign(({ event }) => ({ economicReviewReason: event.payload.reason })),
          },
        },
      },

      economic_review: {
        on: {
          ECONOMIC_CHECK: [
            {
              guard: ({ event }) => event.payload.passed === true,
              target: 'acceptance_review',
              actions: assign(({ event }) => ({ economicCheck: { ...event.payload } })),
            },
            {
              // Failing the check is a denial: it needs a written reason like DENY_AID (Art. 43).
              guard: ({ event }) => event.payload.passed === false && filled(event.payload.note, MIN_REASON_LENGTH),
              target: 'denied',
              actions: assign(({ event }) => ({
                economicCheck: { ...event.payload },
                denial: { stage: 'economic_review' as const, reason: event.payload.note },
              })),
            },
          ],
        },
      },

      acceptance_review: {
        on: {
          GRANT_AID: {
            guard: ({ event }) => filled(event.payload.decisionNo),
            target: 'assignment',
            actions: assign(({ event }) => ({ decisionNo: event.payload.decisionNo })),
          },
          DENY_AID: {
            guard: ({ event }) => filled(event.payload.reason, MIN_REASON_LENGTH),
            target: 'denied',
            actions: assign(({ event }) => ({ denial: { stage: 'acceptance_review' as const, reason: event.payload.reason } })),
          },
          REQUEST_MATERIALS: {
            guard: ({ context, event }) =>
              context.materialsRequests < MATERIALS_NOTICES_ALLOWED && event.payload.missing.length > 0,
            target: 'materials_pending',
            actions: assign(({ context, event }) => ({
              materialsRequests: context.materialsRequests + 1,
              missingMaterials: [...event.payload.missing],
            })),
          },
          // Art. 44: the rule checks the date against today; the machine (which has no clock) at
          // least insists that there is a limitation deadline to speak of.
          PROVIDE_AID_FIRST: {
            guard: ({ context }) => filled(context.data.limitationDeadline),
            target: 'assignment',
            actions: assign(({ event }) => ({ aidFirstReason: event.payload.reason })),
          },
        },
      },

      materials_pending: {
        on: {
          MATERIALS_SUPPLIED: {
            target: 'acceptance_review',
            actions: assign(({ event }) => ({ materialsNote: event.payload.note })),
          },
          MATERIALS_DEADLINE_PASSED: {
            target: 'withdrawn',
            actions: assign({ withdrawalReason: '逾期未补充材料，视为撤回申请（法律援助法第四十三条）' }),
          },
        },
      },

      assignment: {
        on: {
          ASSIGN_LAWYER: {
            guard: ({ event }) => filled(event.payload.lawyer),
            target: 'in_service',
            actions: assign(({ event }) => ({ assignedLawyer: event.payload.lawyer.trim() })),
          },
        },
      },

      in_service: {
        on: {
          RECORD_PROGRESS: {
            actions: assign(({ context, event }) => ({ progress: [...context.progress, event.payload.note] })),
          },
          SUBMIT_CLOSURE: {
            target: 'quality_review',
            actions: assign(({ event }) => ({ closure: { ...event.payload } })),
          },
          TERMINATE_AID: {
            guard: ({ event }) => filled(event.payload.note, MIN_REASON_LENGTH),
            target: 'terminated',
            actions: assign(({ event }) => ({ termination: { ...event.payload } })),
          },
        },
      },

      // 同行评估: the only way from service to `closed`.
      quality_review: {
        on: {
          SUBMIT_PEER_REVIEW: {
            guard: ({ event }) => validPeerReview(event.payload),
            target: 'closed',
            actions: assign(({ event }) => ({
              peerReview: { ...event.payload },
              qualityFail: event.payload.grade === 'fail',
              outcome: 'completed' as const,
            })),
          },
        },
      },

      denied: {
        on: {
          FILE_OBJECTION: {
            guard: ({ event }) => filled(event.payload.reason, MIN_REASON_LENGTH),
            target: 'objection_review',
            actions: assign(({ event }) => ({ objection: { reason: event.payload.reason } })),
          },
          OBJECTION_WINDOW_ENDED: {
            target: 'closed',
            actions: assign({ outcome: 'denied' as const }),
          },
        },
      },

      // Art. 49: the justice bureau upholds (责令改正 → the office must assign) or dismisses.
      objection_review: {
        on: {
          UPHOLD_OBJECTION: {
            target: 'assignment',
            actions: assign(({ context, event }) => ({ objection: { ...context.objection!, upheldNote: event.payload.note } })),
          },
          DISMISS_OBJECTION: {
            guard: ({ event }) => filled(event.payload.reason, MIN_REASON_LENGTH),
            target: 'closed',
            actions: assign(({ context, event }) => ({
              objection: { ...context.objection!, dismissalReason: event.payload.reason },
              outcome: 'denied' as const,
            })),
          },
        },
      },

      closed: { type: 'final' },
      terminated: { type: 'final' },
      withdrawn: { type: 'final' },
    },
  });
}

export type LegalAidMachine = ReturnType<typeof createLegalAidMachine>;
