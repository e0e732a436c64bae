/**
 * Anti-fraud flags raised at filing from the applicant's and household's earlier cases
 * (PROCESSES.md §3): repeated help for the same hardship, and small grants split to stay under the
 * township limit (化整为零). Flags are hints for approvers and discipline reviewers, not refusals.
 */
import { DAY, FilingCheckInput, PriorCase } from '../definition';
import type { TemporaryAssistanceConfig } from './config';
import { REPEAT_FLAG, SPLIT_FLAG } from './rules';
import { PROCESS_KEY } from './types';

type Flag = { code: string; detail: Record<string, unknown> };

/** Cases that ended without help do not count as help received. */
const UNSUCCESSFUL_STATES = new Set(['rejected', 'withdrawn']);

const withinDays = (filedAt: Date, now: Date, days: number) => {
  const age = now.getTime() - filedAt.getTime();
  return age >= 0 && age <= days * DAY;
};

/** What a prior case actually granted: the approved amount, else the first relief (emergency lane). */
export function grantedAmount(prior: PriorCase): number {
  const approved = prior.context.approvedAmount;
  if (typeof approved === 'number' && approved > 0) return approved;
  const firstRelief = (prior.context.firstRelief as { amount?: unknown } | undefined)?.amount;
  return typeof firstRelief === 'number' && firstRelief > 0 ? firstRelief : 0;
}

export function repeatCheck(input: FilingCheckInput<TemporaryAssistanceConfig>): Flag | null {
  const { data, now, config, prior } = input;
  const matches = prior.filter(
    (p) =>
      p.processKey === PROCESS_KEY &&
      p.sameApplicant &&
      p.data.hardshipType === data.hardshipType &&
      !UNSUCCESSFUL_STATES.has(p.state) &&
      withinDays(p.filedAt, now, config.repeatWindowDays),
  );
  if (matches.length === 0) return null;
  return {
    code: REPEAT_FLAG,
    detail: {
      hardshipType: data.hardshipType,
      windowDays: config.repeatWindowDays,
      priorCaseIds: matches.map((p) => p.caseId),
    },
  };
}

export function splitCheck(input: FilingCheckInput<TemporaryAssistanceConfig>): Flag | null {
  const { data, now, config, prior } = input;
  const requested = Number(data.requestedAmount);
  // A request above the limit goes to the county anyway: nothing is being kept under it.
  if (!(requested > 0 && requested <= config.townshipLimit)) return null;
  const grants = prior
    .filter(
      (p) =>
        p.processKey === PROCESS_KEY &&
        (p.sameHousehold || p.sameApplicant) &&
        withinDays(p.filedAt, now, config.splitWindowDays),
    )
    .map((p) => ({ caseId: p.caseId, amount: grantedAmount(p) }))
    .filter((g) => g.amount > 0 && g.amount <= config.townshipLimit);
  const priorTotal = grants.reduce((sum, g) => sum + g.amount, 0);
  const total = priorTotal + requested;
  // "Several grants": at least one earlier grant plus this request.
  if (grants.length + 1 < 2 || total <= config.townshipLimit) return null;
  return {
    code: SPLIT_FLAG,
    detail: {
      priorCaseIds: grants.map((g) => g.caseId),
      priorAmounts: grants.map((g) => g.amount),
      priorTotal,
      requestedAmount: requested,
      total,
      townshipLimit: config.townshipLimit,
      windowDays: config.splitWindowDays,
    },
  };
}

export function temporaryAssistanceFilingChecks(input: FilingCheckInput<TemporaryAssistanceConfig>): Flag[] {
  return [repeatCheck(input), splitCheck(input)].filter((f): f is Flag => f !== null);
}
