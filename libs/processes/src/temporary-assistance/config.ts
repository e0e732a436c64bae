/**
 * The numbers temporary assistance depends on. They come from Shandong practice and local rules,
 * not national law, so each is a documented, overridable default (PROCESSES.md §3).
 */
import { environment } from '@app/settings';
import { Env, numericProcessSetting } from '../config-env';

export interface TemporaryAssistanceConfig {
  /** 急难型: first relief due this many hours after filing. */
  reliefDueHours: number;
  /** Warning (and escalation to the county) this many hours after filing. */
  reliefWarningHours: number;
  /** Formalities due this many days after first relief. */
  formalitiesDueDays: number;
  /** Public notice (公示) period. */
  noticeDays: number;
  /** Township (乡镇) direct approval limit, yuan; also the cap on first relief. */
  townshipLimit: number;
  /** County standard maximum, yuan; above it the case goes to 一事一议. */
  countyMaximum: number;
  /** Same applicant + same hardship within this many days → repeat_within_12_months. */
  repeatWindowDays: number;
  /** Household grants within this many days are summed for possible_split (化整为零). */
  splitWindowDays: number;
  /** 一事一议 needs at least this many participants. */
  minDeliberationParticipants: number;
}

interface Setting {
  key: keyof TemporaryAssistanceConfig;
  env: string;
  default: number;
  unit: string;
  meaning: string;
}

/** One row per setting: the loader reads these and the README lists them. */
export const TEMPORARY_ASSISTANCE_SETTINGS: readonly Setting[] = [
  { key: 'reliefDueHours', env: 'TEMP_ASSIST_RELIEF_DUE_HOURS', default: 24, unit: '小时', meaning: '急难型救助自受理起先行救助的时限' },
  { key: 'reliefWarningHours', env: 'TEMP_ASSIST_RELIEF_WARNING_HOURS', default: 12, unit: '小时', meaning: '先行救助预警时点（自受理起），到点标记并升级至县民政局' },
  { key: 'formalitiesDueDays', env: 'TEMP_ASSIST_FORMALITIES_DUE_DAYS', default: 5, unit: '天', meaning: '先行救助后补齐手续的时限' },
  { key: 'noticeDays', env: 'TEMP_ASSIST_NOTICE_DAYS', default: 7, unit: '天', meaning: '常规程序入户调查后的公示期' },
  { key: 'townshipLimit', env: 'TEMP_ASSIST_TOWNSHIP_LIMIT', default: 3000, unit: '元', meaning: '乡镇（街道）直接审批及先行救助的金额上限' },
  { key: 'countyMaximum', env: 'TEMP_ASSIST_COUNTY_MAXIMUM', default: 20000, unit: '元', meaning: '县级审批的临时救助标准上限，超过须一事一议' },
  { key: 'repeatWindowDays', env: 'TEMP_ASSIST_REPEAT_WINDOW_DAYS', default: 365, unit: '天', meaning: '同一申请人同类困难重复申请的识别期限' },
  { key: 'splitWindowDays', env: 'TEMP_ASSIST_SPLIT_WINDOW_DAYS', default: 90, unit: '天', meaning: '同一家庭多笔小额救助合并计算（化整为零识别）的期限' },
  { key: 'minDeliberationParticipants', env: 'TEMP_ASSIST_MIN_DELIBERATION_PARTICIPANTS', default: 3, unit: '人', meaning: '一事一议的最少参会人数' },
];

export function loadTemporaryAssistanceConfig(env: Env = environment()): TemporaryAssistanceConfig {
  const config = {} as TemporaryAssistanceConfig;
  for (const s of TEMPORARY_ASSISTANCE_SETTINGS) config[s.key] = numericProcessSetting(TEMPORARY_ASSISTANCE_SETTINGS, s.env, env);
  assertConsistent(config);
  return config;
}

/** Refuse to start with settings that would make the routing by amount or the clocks meaningless. */
function assertConsistent(c: TemporaryAssistanceConfig): void {
  if (c.townshipLimit <= 0 || c.townshipLimit > c.countyMaximum) {
    throw new Error(`临时救助配置错误：乡镇审批上限（${c.townshipLimit}）必须大于 0 且不超过县级标准上限（${c.countyMaximum}）`);
  }
  if (c.reliefDueHours <= 0 || c.reliefWarningHours >= c.reliefDueHours) {
    throw new Error(`临时救助配置错误：先行救助预警时点（${c.reliefWarningHours} 小时）必须早于时限（${c.reliefDueHours} 小时）`);
  }
  if (!Number.isInteger(c.minDeliberationParticipants) || c.minDeliberationParticipants < 1) {
    throw new Error(`临时救助配置错误：一事一议最少参会人数必须是正整数，当前为 ${c.minDeliberationParticipants}`);
  }
  for (const key of ['formalitiesDueDays', 'noticeDays', 'repeatWindowDays', 'splitWindowDays'] as const) {
    if (c[key] <= 0) throw new Error(`临时救助配置错误：${key} 必须大于 0`);
  }
}
