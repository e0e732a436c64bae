/**
 * The one clock. WORKFLOW_TIME_SCALE speeds the system's own durations (notice periods, SLA clocks)
 * for demos and tests: 86400 makes a day last a second. Dates people enter are never scaled.
 */
import { environment } from '@app/settings';
export class WorkflowClock {
  constructor(readonly scale = 1) {
    if (!(scale > 0)) throw new Error('WORKFLOW_TIME_SCALE 必须大于 0');
  }

  static fromEnv(env = environment()): WorkflowClock {
    return new WorkflowClock(env.WORKFLOW_TIME_SCALE ? Number(env.WORKFLOW_TIME_SCALE) : 1);
  }

  now(): Date {
    return new Date();
  }

  /** The wall-clock time when a business duration that starts at `from` ends. */
  after(businessMs: number, from: Date = this.now()): Date {
    return new Date(from.getTime() + Math.round(businessMs / this.scale));
  }
}
