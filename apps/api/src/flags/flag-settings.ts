/**
 * The local numbers behind the audit-derived flags (README, configuration). Read once at start;
 * a bad value stops the api with a message that says what to fix.
 *
 * Decision times are real wall-clock times (people deciding), so WORKFLOW_TIME_SCALE does not apply.
 */
import { Env, environment, numericSetting, textSetting } from '@app/settings';
import { checkedTimeZone } from '@app/engine';
export interface FlagSettings {
  /** rapid_decisions: this many decisions or more by one user… */
  rapidDecisionsCount: number;
  /** …within this many minutes. */
  rapidDecisionsWindowMinutes: number;
  /** off_hours_decision: local minutes after midnight where off hours start and end (start > end wraps midnight). */
  offHoursStart: number;
  offHoursEnd: number;
  offHoursText: string;
  timeZone: string;
}

export const FLAG_SETTINGS = Symbol('FLAG_SETTINGS');

export function loadFlagSettings(env: Env = environment()): FlagSettings {
  // The schema's pattern has checked the form; this only takes the hours and minutes apart.
  const offHoursText = textSetting('FLAG_OFF_HOURS', env)!;
  const m = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(offHoursText)!;
  const timeZone = checkedTimeZone(env);
  return {
    rapidDecisionsCount: numericSetting('FLAG_RAPID_DECISIONS_COUNT', env),
    rapidDecisionsWindowMinutes: numericSetting('FLAG_RAPID_DECISIONS_WINDOW_MINUTES', env),
    offHoursStart: Number(m[1]) * 60 + Number(m[2]),
    offHoursEnd: Number(m[3]) * 60 + Number(m[4]),
    offHoursText,
    timeZone,
  };
}
