/**
 * The housing-renovation machine (PROCESSES.md §2): 农户个人申请、集体评议、乡镇审核、县级审批、签订协议、
 * 组织实施、竣工验收, with the three notices (三级公示) between the decisions. A pure XState v5
 * machine: no `after`, no `invoke` — notice periods are engine timers that send NOTICE_PERIOD_ENDED,
 * the registry lookup and the national report are queued jobs.
 *
 * Guards repeat the business rules (defence in depth), and re-entering a stage (after an objection,
 * a return or a correction) clears what was decided after it, so that the context always says which
 * gates the case has passed; HANDOVER checks them all before `completed`.
 */
import { assign, setup } from 'xstate';
import type { HousingRenovationConfig } from './config';
import {
  approvalAdmissible,
  checklistAllPassed,
  isEligibleGrade,
  missingForCompletion,
  unknownChecklistItems,
  votesWithinAttendees,
} from './policy';
import {
  GRADE_ZH,
  HousingRenovationContext,
  HousingRenovationEvent,
  HousingRenovationInput,
  NoticeLevel,
  PROCESS_KEY,
} from './types';

/** The stages a case can be sent back to; each re-entry clears the decisions taken after it. */
type Stage = 'collective_review' | 'township_audit' | 'danger_assessment' | 'county_approval';

/** Notices that stay valid when a stage is (re-)entered: only those published before it. */
const NOTICES_BEFORE: Record<Stage, NoticeLevel[]> = {
  collective_review: [],
  township_audit: ['village'],
  danger_assessment: ['village'],
  county_approval: ['village', 'township'],
};

function reopen(context: HousingRenovationContext, stage: Stage): Partial<HousingRenovationContext> {
  const cleared: Partial<HousingRenovationContext> = {
    noticesCompleted: context.noticesCompleted.filter((n) => NOTICES_BEFORE[stage].includes(n)),
    method: undefined,
    subsidyAmount: undefined,
  };
  if (stage !== 'county_approval') Object.assign(cleared, { grade: undefined, assessment: undefined });
  if (stage === 'township_audit' || stage === 'collective_review') cleared.townshipOpinion = undefined;
  if (stage === 'collective_review') cleared.collectiveReview = undefined;
  return cleared;
}

/** States from which the village clerk may withdraw: every non-final state before `agreement`. */
export const WITHDRAWABLE_STATES = [
  'identity_check',
  'identity_review',
  'collective_review',
  'village_notice',
  'township_audit',
  'correction',
  'danger_assessment',
  'township_notice',
  'county_approval',
  'county_notice',
] as const;

export function createHousingRenovationMachine(config: HousingRenovationConfig) {
  const checklist = config.acceptanceChecklist;
  const withdraw = (from: string) => ({ target: 'withdrawn' as const, actions: { type: 'withdraw' as const, params: { from } } });

  return setup({
    types: {
      context: {} as HousingRenovationContext,
      events: {} as HousingRenovationEvent,
      input: {} as HousingRenovationInput,
    },
    actions: {
      reopen: assign(({ context }, params: { stage: Stage }) => reopen(context, params.stage)),
      noticeEnded: assign(({ context }, params: { level: NoticeLevel }) => ({
        noticesCompleted: [...context.noticesCompleted.filter((n) => n !== params.level), params.level],
      })),
      recordObjection: assign(({ context, event }, params: { level: NoticeLevel }) =>
        event.type === 'RECORD_OBJECTION'
          ? { objections: [...context.objections, { notice: params.level, summary: event.payload.summary }] }
          : {},
      ),
      reject: assign(({ event }, params: { stage: string }) =>
        'reason' in event.payload ? { rejectionReason: event.payload.reason, rejectedIn: params.stage } : {},
      ),
      withdraw: assign(({ event }, params: { from: string }) =>
        event.type === 'WITHDRAW' ? { withdrawalReason: event.payload.reason, withdrawnFrom: params.from } : {},
      ),
      returnForCorrection: assign(({ event }, params: { from: 'township_audit' | 'county_approval' }) =>
        event.type === 'RETURN_FOR_CORRECTION' ? { correction: { returnedFrom: params.from, missing: [...event.payload.missing] } } : {},
      ),
    },
  }).createMachine({
    id: PROCESS_KEY,
    initial: 'identity_check',
    context: ({ input }) => ({
      data: input.data,
      category: input.data.category,
      noticesCompleted: [],
      objections: [],
      acceptanceFailures: 0,
    }),
    states: {
      // The registry_lookup job answers with one of these (see identity.ts).
      identity_check: {
        on: {
          IDENTITY_VERIFIED: {
            guard: ({ context, event }) => event.payload.category === context.category,
            target: 'collective_review',
            actions: assign(({ event }) => ({
              identity: { result: 'verified' as const, registryCategory: event.payload.category, registryStatus: event.payload.status },
            })),
          },
          IDENTITY_UNVERIFIED: {
            target: 'identity_review',
            actions: assign(({ event }) => ({ identity: { result: 'unverified' as const, lookupReason: event.payload.reason } })),
          },
          WITHDRAW: withdraw('identity_check'),
        },
      },
      identity_review: {
        on: {
          CONFIRM_IDENTITY: {
            target: 'collective_review',
            actions: assign(({ context, event }) => ({
              identity: { ...context.identity, result: 'confirmed' as const, note: event.payload.note },
            })),
          },
          REJECT_IDENTITY: {
            target: 'rejected',
            actions: [
              assign(({ context }) => ({ identity: { ...context.identity, result: 'rejected' as const } })),
              { type: 'reject', params: { stage: 'identity_review' } },
            ],
          },
          WITHDRAW: withdraw('identity_review'),
        },
      },

      // 集体评议 by the village; a failed vote ends the application.
      collective_review: {
        entry: { type: 'reopen', params: { stage: 'collective_review' } },
        on: {
          RECORD_COLLECTIVE_REVIEW: [
            {
              guard: ({ event }) => event.payload.passed === true && votesWithinAttendees(event.payload),
              target: 'village_notice',
              actions: assign(({ event }) => ({ collectiveReview: { ...event.payload } })),
            },
            {
              guard: ({ event }) => event.payload.passed === false && votesWithinAttendees(event.payload),
              target: 'rejected',
              actions: assign(({ event }) => ({
                collectiveReview: { ...event.payload },
                rejectedIn: 'collective_review',
                rejectionReason: `集体评议未通过（参会 ${event.payload.attendees} 人，赞成 ${event.payload.votesFor} 票，反对 ${event.payload.votesAgainst} 票，记录 ${event.payload.minutesRef}）`,
              })),
            },
          ],
          WITHDRAW: withdraw('collective_review'),
        },
      },
      village_notice: {
        on: {
          NOTICE_PERIOD_ENDED: {
            guard: ({ context }) => context.collectiveReview?.passed === true,
            target: 'township_audit',
            actions: { type: 'noticeEnded', params: { level: 'village' } },
          },
          RECORD_OBJECTION: { target: 'collective_review', actions: { type: 'recordObjection', params: { level: 'village' } } },
          WITHDRAW: withdraw('village_notice'),
        },
      },

      // 乡镇审核
      township_audit: {
        entry: { type: 'reopen', params: { stage: 'township_audit' } },
        on: {
          TOWNSHIP_APPROVE: {
            target: 'danger_assessment',
            actions: assign(({ event }) => ({ townshipOpinion: event.payload.opinion })),
          },
          TOWNSHIP_REJECT: { target: 'rejected', actions: { type: 'reject', params: { stage: 'township_audit' } } },
          RETURN_FOR_CORRECTION: {
            target: 'correction',
            actions: { type: 'returnForCorrection', params: { from: 'township_audit' } },
          },
          WITHDRAW: withdraw('township_audit'),
        },
      },
      correction: {
        on: {
          RESUBMIT: {
            target: 'township_audit',
            actions: assign(({ context, event }) => ({
              correction: context.correction && { ...context.correction, resubmitNote: event.payload.note },
            })),
          },
          WITHDRAW: withdraw('correction'),
        },
      },

      // 房屋危险性评定: only C, D and no-house qualify.
      danger_assessment: {
        entry: { type: 'reopen', params: { stage: 'danger_assessment' } },
        on: {
          SUBMIT_ASSESSMENT: [
            {
              guard: ({ event }) => isEligibleGrade(event.payload.grade),
              target: 'township_notice',
              actions: assign(({ event }) => ({
                grade: event.payload.grade,
                assessment: { reportRef: event.payload.reportRef, assessedAt: event.payload.assessedAt },
              })),
            },
            {
              target: 'rejected',
              actions: assign(({ event }) => ({
                grade: event.payload.grade,
                assessment: { reportRef: event.payload.reportRef, assessedAt: event.payload.assessedAt },
                rejectedIn: 'danger_assessment',
                rejectionReason: `房屋危险性评定结果为“${GRADE_ZH[event.payload.grade] ?? event.payload.grade}”，不属于农村危房改造对象（鉴定报告 ${event.payload.reportRef}）`,
              })),
            },
          ],
          WITHDRAW: withdraw('danger_assessment'),
        },
      },
      township_notice: {
        on: {
          NOTICE_PERIOD_ENDED: {
            guard: ({ context }) => isEligibleGrade(context.grade),
            target: 'county_approval',
            actions: { type: 'noticeEnded', params: { level: 'township' } },
          },
          RECORD_OBJECTION: { target: 'township_audit', actions: { type: 'recordObjection', params: { level: 'township' } } },
          WITHDRAW: withdraw('township_notice'),
        },
      },

      // 县级审批: the method must fit the grade and the subsidy its maximum.
      county_approval: {
        entry: { type: 'reopen', params: { stage: 'county_approval' } },
        on: {
          COUNTY_APPROVE: {
            guard: ({ context, event }) => approvalAdmissible(context.grade, event.payload.method, event.payload.subsidyAmount, config),
            target: 'county_notice',
            actions: assign(({ event }) => ({ method: event.payload.method, subsidyAmount: event.payload.subsidyAmount })),
          },
          COUNTY_REJECT: { target: 'rejected', actions: { type: 'reject', params: { stage: 'county_approval' } } },
          // The county sends the file back to the township audit (PROCESSES.md §2), not to the village.
          RETURN_FOR_CORRECTION: {
            target: 'township_audit',
            actions: { type: 'returnForCorrection', params: { from: 'county_approval' } },
          },
          WITHDRAW: withdraw('county_approval'),
        },
      },
      county_notice: {
        on: {
          NOTICE_PERIOD_ENDED: {
            guard: ({ context }) => approvalAdmissible(context.grade, context.method, context.subsidyAmount, config),
            target: 'agreement',
            actions: { type: 'noticeEnded', params: { level: 'county' } },
          },
          RECORD_OBJECTION: { target: 'county_approval', actions: { type: 'recordObjection', params: { level: 'county' } } },
          WITHDRAW: withdraw('county_notice'),
        },
      },

      // From here on the subsidy is committed: no withdrawal.
      agreement: {
        on: {
          SIGN_AGREEMENT: {
            target: 'construction',
            actions: assign(({ event }) => ({
              agreementNo: event.payload.agreementNo,
              agreement: { signedAt: event.payload.signedAt, plannedCompletionDate: event.payload.plannedCompletionDate },
            })),
          },
        },
      },
      construction: {
        on: {
          REPORT_PROGRESS: {
            guard: ({ event }) => event.payload.percent >= 0 && event.payload.percent <= 100,
            actions: assign(({ event }) => ({ progress: { percent: event.payload.percent, note: event.payload.note } })),
          },
          REPORT_COMPLETION: {
            target: 'acceptance',
            actions: assign(({ event }) => ({ completion: { completedAt: event.payload.completedAt } })),
          },
        },
      },
      // 竣工验收: 逐户逐项检查.
      acceptance: {
        on: {
          ACCEPTANCE_PASSED: {
            guard: ({ event }) => checklistAllPassed(event.payload.checklist, checklist) && event.payload.inspectors.length > 0,
            target: 'handover',
            actions: assign(({ event }) => ({
              acceptance: { passed: true, checklist: { ...event.payload.checklist }, inspectors: [...event.payload.inspectors] },
            })),
          },
          ACCEPTANCE_FAILED: {
            guard: ({ event }) =>
              event.payload.failedItems.length > 0 && unknownChecklistItems(event.payload.failedItems, checklist).length === 0,
            target: 'rectification',
            actions: assign(({ context, event }) => ({
              acceptance: { passed: false, failedItems: [...event.payload.failedItems], note: event.payload.note },
              acceptanceFailures: context.acceptanceFailures + 1,
            })),
          },
        },
      },
      rectification: {
        on: {
          RECTIFICATION_DONE: {
            target: 'acceptance',
            actions: assign(({ event }) => ({ rectificationNote: event.payload.note })),
          },
        },
      },
      // 交接入住 with the 标识 installed; every earlier gate is checked once more.
      handover: {
        on: {
          HANDOVER: {
            guard: ({ context, event }) => event.payload.signInstalled === true && missingForCompletion(context, config).length === 0,
            target: 'completed',
            actions: assign(({ event }) => ({ handover: { moveInDate: event.payload.moveInDate, signInstalled: true as const } })),
          },
        },
      },

      completed: { type: 'final' },
      rejected: { type: 'final' },
      withdrawn: { type: 'final' },
    },
  });
}

export type HousingRenovationMachine = ReturnType<typeof createHousingRenovationMachine>;
