/**
 * The periods of the rectification ledger. No national rule gives them (PROCESSES.md §7, §8):
 * each is a documented, overridable default.
 */
import { environment } from '@app/settings';
import { Env, numericProcessSetting } from '../config-env';

export interface AuditRectificationConfig {
  /** Days the responsible unit has to rectify when the filing names none. */
  rectificationDays: number;
  /** Days allowed after a return when the reviewer names none. */
  returnDays: number;
  /** After the deadline, the finding escalates again every this many days until a rectification arrives. */
  escalationGraceDays: number;
  /** 回头看: days after acceptance until the re-check task opens. */
  recheckDays: number;
}

interface Setting {
  key: keyof AuditRectificationConfig;
  env: string;
  default: number;
  unit: string;
  meaning: string;
}

/** The longest rectification period a filing, return or relapse may set (PROCESSES.md §7: 1–180). */
export const MAX_RECTIFICATION_DAYS = 180;

export const AUDIT_RECTIFICATION_SETTINGS: readonly Setting[] = [
  { key: 'rectificationDays', env: 'AUDIT_RECTIFICATION_DAYS', default: 30, unit: '天', meaning: '审计整改默认期限（立案未指定时）' },
  { key: 'returnDays', env: 'AUDIT_RETURN_DAYS', default: 15, unit: '天', meaning: '整改被退回后重新整改的默认期限' },
  { key: 'escalationGraceDays', env: 'AUDIT_ESCALATION_GRACE_DAYS', default: 15, unit: '天', meaning: '整改逾期后再次升级督办的间隔' },
  { key: 'recheckDays', env: 'AUDIT_RECHECK_DAYS', default: 90, unit: '天', meaning: '整改验收后开展“回头看”的时间' },
];

export function loadAuditRectificationConfig(env: Env = environment()): AuditRectificationConfig {
  const config = {} as AuditRectificationConfig;
  for (const s of AUDIT_RECTIFICATION_SETTINGS) config[s.key] = numericProcessSetting(AUDIT_RECTIFICATION_SETTINGS, s.env, env);
  for (const s of AUDIT_RECTIFICATION_SETTINGS) {
    // Zero days would fire the deadline at once and escalate in a loop.
    if (!(config[s.key] > 0)) throw new Error(`审计整改配置错误：${s.env} 必须大于 0，当前为 ${config[s.key]}`);
  }
  for (const key of ['rectificationDays', 'returnDays'] as const) {
    if (config[key] > MAX_RECTIFICATION_DAYS) throw new Error(`审计整改配置错误：${key} 不能超过 ${MAX_RECTIFICATION_DAYS} 天`);
  }
  return config;
}
