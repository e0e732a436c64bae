import { environment } from '@app/settings';
import { Injectable, Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { inTransaction } from '@app/db';
import { CaseEngine, lockCase, payments, readCase } from '@app/engine';
import { CaseJob, ClockJob, TimerJob } from '@app/queues';

/**
 * The job handlers. Each is idempotent: a job that runs twice (a retry after a crash, a relay that
 * sent a row twice) has its effect once — by the timer/clock status, the case state, a unique key
 * on the record it writes, or the engine's idempotency key `job-<job id>`. Cases are read and locked
 * through the engine's case repository (one owner of the table's SQL, issue 14).
 */
@Injectable()
export class CaseJobs {
  private readonly log = new Logger('CaseJobs');

  constructor(private readonly ds: DataSource, private readonly engine: CaseEngine) {}

  async timer(job: Job<TimerJob>) {
    const result = await this.engine.fireTimer(job.data.timerId);
    return result;
  }

  async clock(job: Job<ClockJob>) {
    return this.engine.fireClockPhase(job.data.clockId, job.data.phase, job.data.at);
  }

  /** 身份识别以扶贫部门认定为准: the registry decides, the process names the event. */
  async registryLookup(job: Job<CaseJob>) {
    const found = await this.engine.registryFactFor(job.data.caseId);
    if (!found || !found.def.onRegistryLookup) return { applied: false, reason: 'no lookup for this case' };
    const event = found.def.onRegistryLookup(found.fact, found.c.context);
    return this.engine.applySystem(job.data.caseId, event.type, event.payload, `job-${job.data.caseId}-lookup-${job.data.revision}`);
  }

  /**
   * 全国信息系统 report record: one per case, whatever the number of runs. The case, its place and
   * the masked applicant, plus what the process reports (definition.nationalReport).
   */
  async nationalReport(job: Job<CaseJob>) {
    const c = await readCase(this.ds, job.data.caseId);
    if (!c) return { written: false };
    const def = this.engine.processes.get(c.process_key, c.process_version);
    if (!def.nationalReport) throw new Error(`process ${def.key}@${def.version} queued a national report but declares no nationalReport`);
    const payload = {
      processKey: c.process_key, villageCode: c.village_code, countyCode: c.county_code, applicantIdMasked: c.applicant_id_masked,
      ...def.nationalReport(c.context), completedAt: c.closed_at,
    };
    const rows = await this.ds.query(
      `INSERT INTO national_reports (case_id, job_id, payload) VALUES ($1, $2, $3) ON CONFLICT (case_id) DO NOTHING RETURNING case_id`,
      [c.id, String(job.id), JSON.stringify(payload)],
    );
    return { written: rows.length > 0 };
  }

  /**
   * Pays the approved amount once. The payment row (unique per case) is the proof of payment; the
   * process's payment-confirmed event (definition.paymentConfirmedEvent) carries its reference and
   * its own idempotency key, so a job killed between the two steps pays nothing twice when retried.
   */
  async disbursement(job: Job<CaseJob>) {
    if (job.data.period !== undefined) return this.scheduledPayment(job, job.data.period);
    const c = await readCase(this.ds, job.data.caseId);
    if (!c) return { paid: false };
    const def = this.engine.processes.get(c.process_key, c.process_version);
    const confirmedEvent = def.paymentConfirmedEvent;
    if (!confirmedEvent) throw new Error(`process ${def.key}@${def.version} pays but declares no paymentConfirmedEvent`);
    const amount = Number(c.context[def.amountField ?? 'approvedAmount']);
    if (!(amount > 0)) throw new Error(`case ${c.id} has no approved amount to pay`);
    const ref = `PAY-${c.id.slice(0, 8).toUpperCase()}-${Date.now().toString(36).toUpperCase()}`;
    const paymentRef = await payments.recordSinglePayment(this.ds, c.id, ref, amount, String(job.id));
    // Fault injection for the crash test: die between recording the payment and confirming it.
    if (environment().FAULT_INJECT === 'kill-after-payment' && environment().NODE_ENV !== 'production') process.kill(process.pid, 'SIGKILL');
    return this.engine.applySystem(c.id, confirmedEvent, { paymentRef }, `job-${c.id}-payment`);
  }

  /**
   * One period of a payment schedule (definition.paymentSchedule), paid once per (case, period).
   * Under the case's lock: a case that no longer pays (it left the paying states, or finished) gets
   * its period cancelled and nothing paid; otherwise the row goes scheduled → paid (or failed) in the
   * same transaction. Then the confirm (or fail) event, idempotent by case and period, so a retry
   * after a crash between the two steps, or a duplicate job, sends it once and pays nothing twice.
   */
  private async scheduledPayment(job: Job<CaseJob>, period: string) {
    const step = await inTransaction(this.ds, async (tx) => {
      const c = await lockCase(tx, job.data.caseId);
      if (!c) return { kind: 'none' as const, reason: 'case not found' };
      const def = this.engine.processes.get(c.process_key, c.process_version);
      const ps = def.paymentSchedule;
      if (!ps) throw new Error(`process ${def.key}@${def.version} queued a period payment but declares no paymentSchedule`);
      const row = await payments.lockPeriod(tx, c.id, period);
      if (!row) return { kind: 'none' as const, reason: 'no such period' };
      if (row.status === 'cancelled') return { kind: 'none' as const, reason: 'cancelled' };
      if (row.status === 'held') return { kind: 'none' as const, reason: 'held' };
      if (row.status === 'paid') return { kind: 'paid' as const, c, ps, ref: row.payment_ref as string };
      if (row.status === 'failed') return { kind: 'failed' as const, c, ps, error: row.error as string };
      if (def.states[c.state]?.final || !ps.payingStates.includes(c.state)) {
        await payments.markPeriodCancelled(tx, c.id, period, String(job.id));
        return { kind: 'none' as const, reason: `cancelled: the case is in ${c.state}` };
      }
      if (ps.holdWhile?.(c.context)) {
        // Decided later: released (rescheduled) or cancelled by the event that settles it (held-payments.ts).
        await payments.markPeriodHeld(tx, c.id, period, String(job.id));
        return { kind: 'none' as const, reason: 'held' };
      }
      const amount = Number(c.context[ps.amountField]);
      const fault = environment().NODE_ENV !== 'production' && environment().FAULT_INJECT === `fail-payment:${c.id}:${period}`;
      const error = fault ? '银行退回：账户状态异常' : amount > 0 ? null : '无可发放的金额';
      if (error) {
        await payments.markPeriodFailed(tx, c.id, period, error, String(job.id));
        return { kind: 'failed' as const, c, ps, error };
      }
      const ref = `PAY-${c.id.slice(0, 8).toUpperCase()}-${period.replace(/[^0-9A-Za-z]/g, '')}-${Date.now().toString(36).toUpperCase()}`;
      await payments.markPeriodPaid(tx, c.id, period, ref, amount, String(job.id));
      return { kind: 'paid' as const, c, ps, ref };
    });
    if (step.kind === 'none') return { paid: false, reason: step.reason };
    if (step.kind === 'failed') {
      return this.engine.applySystem(step.c.id, step.ps.failedEvent, { period, error: step.error }, `job-${step.c.id}-payment-failed-${period}`);
    }
    return this.engine.applySystem(step.c.id, step.ps.confirmedEvent, { period, paymentRef: step.ref }, `job-${step.c.id}-payment-${period}`);
  }

  async charityReferral(job: Job<CaseJob>) {
    const payload = job.data.event?.payload ?? {};
    const rows = await this.ds.query(
      `INSERT INTO charity_referrals (job_id, case_id, organization, note) VALUES ($1, $2, $3, $4) ON CONFLICT (job_id) DO NOTHING RETURNING job_id`,
      [String(job.id), job.data.caseId, String(payload.organization ?? ''), payload.note ? String(payload.note) : null],
    );
    if (rows.length) this.log.log(`charity referral recorded for case ${job.data.caseId}`);
    return { recorded: rows.length > 0 };
  }
}
