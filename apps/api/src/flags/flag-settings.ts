/**
 * The local numbers behind the audit-derived flags (README, configuration). Read once at start;
 * a bad value stops the api with a message that says what to fix.
 *
 * Decision times are real wall-clock times (people deciding), so WORKFLOW_TIME_SCALE does not apply.
 */
import { Env, environment } from '@app/settings';
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

function positiveInt(env: NodeJS.ProcessEnv, name: string, dflt: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} 应为不小于 ${min} 的整数（当前：${raw}）`);
  return n;
}

export function loadFlagSettings(env: Env = environment()): FlagSettings {
  const offHoursText = env.FLAG_OFF_HOURS || '22:00-06:00';
  const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(offHoursText);
  if (!m) throw new Error(`FLAG_OFF_HOURS 应为 HH:MM-HH:MM（例如 22:00-06:00），当前：${offHoursText}`);
  const timeZone = env.LOCAL_TIME_ZONE || 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new Error(`LOCAL_TIME_ZONE 不是有效的时区名称（当前：${timeZone}），例如 Asia/Shanghai`);
  }
  return {
    rapidDecisionsCount: positiveInt(env, 'FLAG_RAPID_DECISIONS_COUNT', 10, 2),
    rapidDecisionsWindowMinutes: positiveInt(env, 'FLAG_RAPID_DECISIONS_WINDOW_MINUTES', 10, 1),
    offHoursStart: Number(m[1]) * 60 + Number(m[2]),
    offHoursEnd: Number(m[3]) * 60 + Number(m[4]),
    offHoursText,
    timeZone,
  };
}
