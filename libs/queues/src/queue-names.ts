import { environment, textSetting } from '@app/settings';
import type { JobKind } from '@app/processes';
import type { JobsOptions } from 'bullmq';

/**
 * Every BullMQ queue, and the options every job on it gets. The worker refuses to start when a
 * queue here has no processor (see apps/worker), so a new job kind cannot be silently dropped.
 */
export const QUEUES = {
  timers: 'timers', // deadline rows (notice periods, material requests)
  clocks: 'sla-clocks', // SLA clock warnings and breaches
  registry_lookup: 'registry-lookup',
  disbursement: 'disbursement',
  national_report: 'national-report',
  charity_referral: 'charity-referral',
  maintenance: 'maintenance', // a reconcile run queued by hand; the sweeps are scheduled in PostgreSQL (ADR 0007)
  reports: 'reports', // 月调度 report builds requested on demand
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOB_QUEUE: Record<JobKind, QueueName> = {
  registry_lookup: QUEUES.registry_lookup,
  disbursement: QUEUES.disbursement,
  national_report: QUEUES.national_report,
  charity_referral: QUEUES.charity_referral,
};

const retried: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 24 * 3600, count: 10000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export const JOB_OPTIONS: Record<QueueName, JobsOptions> = {
  [QUEUES.timers]: retried,
  [QUEUES.clocks]: retried,
  [QUEUES.registry_lookup]: retried,
  [QUEUES.disbursement]: retried,
  [QUEUES.national_report]: retried,
  [QUEUES.charity_referral]: retried,
  [QUEUES.maintenance]: { attempts: 1, removeOnComplete: true, removeOnFail: 100 },
  [QUEUES.reports]: { attempts: 3, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: { age: 24 * 3600, count: 1000 }, removeOnFail: { age: 7 * 24 * 3600 } },
};

/** BullMQ key prefix: tests give each jest worker its own so suites never see each other's jobs. */
export function queuePrefix(env = environment()): string {
  return textSetting('QUEUE_PREFIX', env)!;
}
