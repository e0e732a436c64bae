/**
 * The soak's books, kept from the database after the run: every cause (an outbox row, an armed
 * deadline, an SLA phase, an answered event) is matched to its effect. The worker keeps no count of
 * the jobs it ran (and BullMQ's counts live in the Redis the soak wipes), so a delivered job is its
 * effect: a deadline fired, a clock phase recorded, a registry answer applied, a payment made, a
 * national report or a charity referral written.
 *
 * Duplicate: one cause, two effects (a deadline's audit entry twice, two payment confirmations for
 * one case, a referral more than the events that asked for it, an event stored more often than it
 * was accepted). Lost: a cause without its effect once the system had time to drain (an outbox row
 * never relayed, a deadline or SLA phase more than `allowanceS` past due and never fired, a relayed
 * job whose record is missing, an accepted event not stored).
 */
import { line, psql } from './common';

/** The system events a registry lookup job answers with (housing, legal aid). */
const LOOKUP_ACTIONS = `('IDENTITY_VERIFIED','IDENTITY_UNVERIFIED','FAST_LANE_CONFIRMED','ECONOMIC_REVIEW_REQUIRED')`;
/** States only a job moves a case out of. */
const JOB_STATES = `('identity_check','eligibility_check','disbursement')`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const json = (db: string, sql: string) => JSON.parse(psql(db, sql));
const count = (sql: string) => `(SELECT count(*) FROM (${sql}) x)::int`;

export interface Backlog {
  outboxPending: number;
  timersArmed: number;
  clocksOpen: number;
  waitingOnJobs: number;
  /** Epoch seconds of the last armed deadline or open clock's due time (null when none). */
  lastDue: number | null;
}

export function backlog(db: string): Backlog {
  return json(db, `SELECT json_build_object(
    'outboxPending', (SELECT count(*) FROM outbox WHERE dispatched_at IS NULL),
    'timersArmed', (SELECT count(*) FROM case_timers WHERE status = 'armed'),
    'clocksOpen', (SELECT count(*) FROM sla_clocks WHERE stopped_at IS NULL AND status IN ('running','warned')),
    'waitingOnJobs', (SELECT count(*) FROM cases WHERE state IN ${JOB_STATES}),
    'lastDue', extract(epoch FROM greatest(
      (SELECT max(due_at) FROM case_timers WHERE status = 'armed'),
      (SELECT max(due_at) FROM sla_clocks WHERE stopped_at IS NULL AND status IN ('running','warned')))))`);
}

const quiet = (b: Backlog) => b.outboxPending + b.timersArmed + b.clocksOpen + b.waitingOnJobs === 0;

/**
 * Waits until the outbox is empty, every armed deadline and open clock has fired and no case waits
 * for a job; at most until the last due time plus the allowance and half a minute. Then a few
 * seconds more, so a late duplicate would still land before the books are read.
 */
export async function drain(db: string, allowanceS: number): Promise<{ seconds: number; quiet: boolean; left: Backlog }> {
  const t0 = Date.now();
  let b = backlog(db);
  const deadline = Math.max(t0, (b.lastDue ?? 0) * 1000) + (allowanceS + 30) * 1000;
  let lastReport = t0;
  while (!quiet(b) && Date.now() < deadline) {
    if (Date.now() - lastReport >= 10_000) {
      lastReport = Date.now();
      line(`soak drain: outbox pending ${b.outboxPending}, deadlines armed ${b.timersArmed}, clocks open ${b.clocksOpen}, cases waiting on jobs ${b.waitingOnJobs}`);
    }
    await sleep(1000);
    b = backlog(db);
  }
  await sleep(5000);
  b = backlog(db);
  return { seconds: Math.round((Date.now() - t0) / 1000), quiet: quiet(b), left: b };
}

export interface Books {
  outbox: { written: number; delivered: number; pending: number; relayedMoreThanOnce: number; byQueue: Record<string, number> };
  delivered: Record<string, number>;
  duplicates: Record<string, number>;
  lost: Record<string, number>;
  /** Delayed jobs that were in Redis when it stopped (their deadline later than the stop): the reconciler's work. */
  delayedJobsWiped: number;
  timerLatenessMs: { p50: number; p99: number; max: number; laterThanAllowance: number };
}

/**
 * @param accepted 2xx answers per action (FILE, event types); @param unanswered requests without an
 * answer per action (they may or may not be stored, so they excuse as many extra entries).
 * @param redisStops when Redis was stopped.
 */
export function books(db: string, allowanceS: number, accepted: Map<string, number>, unanswered: Map<string, number>, redisStops: Date[]): Books {
  const late = `interval '${allowanceS} seconds'`;
  const outbox = json(db, `SELECT json_build_object(
    'written', count(*), 'delivered', count(dispatched_at), 'pending', count(*) FILTER (WHERE dispatched_at IS NULL),
    'relayedMoreThanOnce', count(*) FILTER (WHERE attempts > 1),
    'byQueue', (SELECT json_object_agg(queue, n) FROM (SELECT queue, count(*) AS n FROM outbox GROUP BY queue) q)) FROM outbox`);
  const delivered = json(db, `SELECT json_build_object(
    'deadlinesFired', (SELECT count(*) FROM case_timers WHERE status = 'fired'),
    'slaPhasesRecorded', (SELECT count(warned_at) + count(breached_at) FROM sla_clocks),
    'registryLookupsApplied', (SELECT count(*) FROM audit_entries WHERE actor_username = 'system' AND action IN ${LOOKUP_ACTIONS}),
    'paymentsMade', (SELECT count(*) FROM payments),
    'paymentsConfirmed', (SELECT count(*) FROM audit_entries WHERE action = 'PAYMENT_CONFIRMED'),
    'nationalReports', (SELECT count(*) FROM national_reports),
    'charityReferrals', (SELECT count(*) FROM charity_referrals))`);
  const duplicates = json(db, `SELECT json_build_object(
    'deadlineFiredTwice', ${count(`SELECT 1 FROM audit_entries WHERE payload ? '_timerId' GROUP BY payload->>'_timerId' HAVING count(*) > 1`)},
    'slaPhaseTwice', ${count(`SELECT 1 FROM audit_entries WHERE action IN ('SLA_WARNING','SLA_BREACHED')
      GROUP BY case_id, action, payload->>'clock', payload->>'startedAt' HAVING count(*) > 1`)},
    'registryAnswerTwice', ${count(`SELECT 1 FROM audit_entries WHERE actor_username = 'system' AND action IN ${LOOKUP_ACTIONS} GROUP BY case_id HAVING count(*) > 1`)},
    'paymentTwice', ${count(`SELECT case_id FROM payments GROUP BY case_id HAVING count(*) > 1
      UNION ALL SELECT case_id FROM audit_entries WHERE action = 'PAYMENT_CONFIRMED' GROUP BY case_id HAVING count(*) > 1`)},
    'nationalReportTwice', ${count(`SELECT 1 FROM national_reports GROUP BY case_id HAVING count(*) > 1`)},
    'charityReferralBeyondRequests', ${count(`SELECT 1 FROM (SELECT case_id, count(*) AS n FROM charity_referrals GROUP BY case_id) r
      LEFT JOIN (SELECT case_id, count(*) AS n FROM audit_entries WHERE action = 'REFER_TO_CHARITY' AND outcome = 'ok' GROUP BY case_id) a USING (case_id)
      WHERE r.n > coalesce(a.n, 0)`)})`);
  const lost = json(db, `SELECT json_build_object(
    'outboxNeverRelayed', (SELECT count(*) FROM outbox WHERE dispatched_at IS NULL),
    'deadlinePastDueNeverFired', (SELECT count(*) FROM case_timers WHERE status = 'armed' AND due_at < now() - ${late}),
    'deadlineOvertakenUnfired', (SELECT count(*) FROM case_timers WHERE status = 'cancelled' AND closed_at > due_at + ${late}),
    'slaPhaseMissed', ${count(`SELECT 1 FROM sla_clocks k
      CROSS JOIN LATERAL (VALUES (k.warn_at, coalesce(k.warned_at, k.breached_at)), (k.due_at, k.breached_at)) AS p(at, done)
      WHERE p.at IS NOT NULL AND p.done IS NULL AND p.at < now() - ${late} AND (k.stopped_at IS NULL OR k.stopped_at > p.at + ${late})`)},
    'registryLookupUnanswered', ${count(`SELECT 1 FROM outbox o WHERE o.queue = 'registry-lookup' AND NOT EXISTS (
      SELECT 1 FROM audit_entries a WHERE a.case_id = (o.payload->>'caseId')::uuid AND a.actor_username = 'system' AND a.action IN ${LOOKUP_ACTIONS})`)},
    'disbursementUnpaid', ${count(`SELECT 1 FROM outbox o WHERE o.queue = 'disbursement' AND (
      NOT EXISTS (SELECT 1 FROM payments p WHERE p.case_id = (o.payload->>'caseId')::uuid)
      OR NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.case_id = (o.payload->>'caseId')::uuid AND a.action = 'PAYMENT_CONFIRMED'))`)},
    'nationalReportMissing', ${count(`SELECT 1 FROM outbox o WHERE o.queue = 'national-report'
      AND NOT EXISTS (SELECT 1 FROM national_reports n WHERE n.case_id = (o.payload->>'caseId')::uuid)`)},
    'charityReferralMissing', ${count(`SELECT 1 FROM outbox o WHERE o.queue = 'charity-referral'
      AND NOT EXISTS (SELECT 1 FROM charity_referrals r WHERE r.job_id = 'ob-' || o.id)`)})`);

  // Every accepted filing and event is one audit entry by its sender, no more, no fewer.
  const stored = new Map<string, number>(
    (json(db, `SELECT coalesce(json_agg(json_build_array(action, n)), '[]') FROM (
      SELECT action, count(*)::int AS n FROM audit_entries WHERE outcome = 'ok' AND actor_username <> 'system' GROUP BY action) s`) as Array<[string, number]>),
  );
  let notStored = 0;
  let storedTwice = 0;
  for (const [action, n] of accepted) {
    const s = stored.get(action) ?? 0;
    notStored += Math.max(0, n - s);
    storedTwice += Math.max(0, s - n - (unanswered.get(action) ?? 0));
  }
  lost.acceptedEventNotStored = notStored;
  duplicates.eventStoredMoreThanAccepted = storedTwice;

  const delayedJobsWiped = redisStops.length === 0 ? 0 : Number(psql(db, `SELECT count(*) FROM outbox WHERE ${redisStops
    .map((t) => `(dispatched_at < '${t.toISOString()}' AND available_at > '${t.toISOString()}')`).join(' OR ')}`));
  const timerLatenessMs = json(db, `SELECT json_build_object(
    'p50', round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)), 'p99', round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)),
    'max', round(max(ms)), 'laterThanAllowance', count(*) FILTER (WHERE ms > ${allowanceS * 1000}))
    FROM (SELECT extract(epoch FROM closed_at - due_at) * 1000 AS ms FROM case_timers WHERE status = 'fired') t`);
  return { outbox, delivered, duplicates, lost, delayedJobsWiped, timerLatenessMs };
}

export const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
