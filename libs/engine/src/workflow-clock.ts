import type { Duration } from '@app/processes';
import { environment, numericSetting } from '@app/settings';
import { WorkingDayCalendar, loadWorkingDayCalendar } from './working-days';

/**
 * The one clock. WORKFLOW_TIME_SCALE speeds the system's own durations (notice periods, SLA clocks)
 * for demos and tests: 86400 makes a day last a second. Dates people enter are never scaled.
 *
 * Working-day durations (`{ workingDays }`) are counted on the working-day calendar from the real
 * start moment (holidays and 调休 as configured), and the elapsed calendar time that gives is then
 * divided by the scale like any duration: under a scale, 10 working days started on the Friday
 * before 国庆 last as long as the 18 calendar days they really span, scaled.
 */
export class WorkflowClock {
  constructor(
    readonly scale = 1,
    readonly calendar: WorkingDayCalendar = loadWorkingDayCalendar(),
  ) {
    if (!(scale > 0)) throw new Error('WORKFLOW_TIME_SCALE 必须大于 0');
  }

  static fromEnv(env = environment()): WorkflowClock {
    return new WorkflowClock(numericSetting('WORKFLOW_TIME_SCALE', env), loadWorkingDayCalendar(env));
  }

  now(): Date {
    return new Date();
  }

  /** The business duration in milliseconds when it starts at `from` (working days measured on the calendar). */
  businessMs(duration: Duration, from: Date = this.now()): number {
    if (typeof duration === 'number') return duration;
    return this.calendar.addWorkingDays(from, duration.workingDays).getTime() - from.getTime();
  }

  /** The wall-clock time when a business duration that starts at `from` ends. */
  after(duration: Duration, from: Date = this.now()): Date {
    return new Date(from.getTime() + Math.round(this.businessMs(duration, from) / this.scale));
  }
}
