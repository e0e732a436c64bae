/**
 * The numbers and lists housing renovation depends on. None is fixed by national law for this
 * county: notice periods follow local practice, subsidy maxima are set yearly by the province and
 * county (the defaults below are DEMO figures, not official standards), and the acceptance checklist
 * follows the 《山东省农村危房改造竣工验收监督检查表》 as summarised in PROCESSES.md §2. Each is a
 * documented, overridable default.
 */
import { environment } from '@app/settings';
import { Env, listProcessSetting, numericProcessSetting } from '../config-env';
import { METHOD_ZH, METHODS, Method } from './types';

export interface HousingRenovationConfig {
  /** 村级公示 period, days. */
  villageNoticeDays: number;
  /** 乡镇公示 period, days. */
  townshipNoticeDays: number;
  /** 县级公示 period, days. */
  countyNoticeDays: number;
  /** Keys every passed acceptance must tick (竣工验收监督检查表). */
  acceptanceChecklist: string[];
  /** Subsidy maximum per renovation method, yuan. */
  subsidyMaximum: Record<Method, number>;
  /** Days each human stage may take from entering it (its task's due time and SLA clock); 0 = no limit. */
  stageDueDays: Record<Stage, number>;
}

/** The stages with a human task and a time limit. Construction has none: its end is the agreement's planned completion date, per case. */
export const STAGES = [
  'identity_review', 'collective_review', 'township_audit', 'correction', 'danger_assessment',
  'county_approval', 'agreement', 'acceptance', 'rectification', 'handover',
] as const;
export type Stage = (typeof STAGES)[number];

export interface HousingRenovationSetting {
  env: string;
  /** A number, or for lists the comma-separated default. */
  default: number | string;
  unit: string;
  meaning: string;
}

export const DEFAULT_ACCEPTANCE_CHECKLIST = [
  'foundation',
  'loadBearingStructure',
  'roof',
  'seismicMeasures',
  'enclosure',
  'basicFunctions',
  'areaWithinLimits',
  'signage',
] as const;

const NOTICE = {
  village: { env: 'HOUSING_VILLAGE_NOTICE_DAYS', default: 7, unit: '天', meaning: '村级公示期（集体评议通过后）' },
  township: { env: 'HOUSING_TOWNSHIP_NOTICE_DAYS', default: 7, unit: '天', meaning: '乡镇公示期（房屋危险性评定后）' },
  county: { env: 'HOUSING_COUNTY_NOTICE_DAYS', default: 5, unit: '天', meaning: '县级公示期（县级审批后）' },
} as const;

const CHECKLIST = {
  env: 'HOUSING_ACCEPTANCE_CHECKLIST',
  default: DEFAULT_ACCEPTANCE_CHECKLIST.join(','),
  unit: '项（英文逗号分隔）',
  meaning: '竣工验收监督检查项目，验收合格须逐项合格',
} as const;

/** Demo defaults: the real maxima are the county's yearly 补助标准 and must be configured. */
const SUBSIDY: Record<Method, HousingRenovationSetting & { default: number }> = {
  reinforce: { env: 'HOUSING_SUBSIDY_MAX_REINFORCE', default: 15000, unit: '元', meaning: `${METHOD_ZH.reinforce}补助上限（演示默认值，须按本县补助标准配置）` },
  rebuild: { env: 'HOUSING_SUBSIDY_MAX_REBUILD', default: 35000, unit: '元', meaning: `${METHOD_ZH.rebuild}补助上限（演示默认值，须按本县补助标准配置）` },
  new_build: { env: 'HOUSING_SUBSIDY_MAX_NEW_BUILD', default: 35000, unit: '元', meaning: `无房户${METHOD_ZH.new_build}补助上限（演示默认值，须按本县补助标准配置）` },
  rent: { env: 'HOUSING_SUBSIDY_MAX_RENT', default: 10000, unit: '元', meaning: `${METHOD_ZH.rent}补助上限（演示默认值，须按本县补助标准配置）` },
};

/**
 * Stage time limits (issue 17). The seed (济扶贫组发〔2019〕3号, 市住房城乡建设局 section) fixes the
 * steps of 危房改造 but no time limit for any of them — it mentions no 日/时限 for housing — and no
 * national rule read for this project does either. These are therefore local-practice defaults,
 * stated in calendar days (the engine has no working-day calendar: 7 days ≈ 5 working days), to be
 * set by the county. 0 switches a stage's limit off (no due time, no clock).
 */
const STAGE_NOTE = '（本地惯例默认值，非法定时限；日历日；0 表示不设时限）';
const STAGE_DUE: Record<Stage, HousingRenovationSetting & { default: number }> = {
  identity_review: { env: 'HOUSING_IDENTITY_REVIEW_DUE_DAYS', default: 5, unit: '天', meaning: `县扶贫办身份认定的办理时限（逾期只标记）${STAGE_NOTE}` },
  collective_review: { env: 'HOUSING_COLLECTIVE_REVIEW_DUE_DAYS', default: 15, unit: '天', meaning: `村级召开集体评议并登记结果的时限，逾期升级至乡镇${STAGE_NOTE}` },
  township_audit: { env: 'HOUSING_TOWNSHIP_AUDIT_DUE_DAYS', default: 7, unit: '天', meaning: `乡镇审核的办理时限（约 5 个工作日），逾期升级至县住建局${STAGE_NOTE}` },
  correction: { env: 'HOUSING_CORRECTION_DUE_DAYS', default: 10, unit: '天', meaning: `退回补正后村级补正材料的时限，逾期升级至乡镇${STAGE_NOTE}` },
  danger_assessment: { env: 'HOUSING_ASSESSMENT_DUE_DAYS', default: 10, unit: '天', meaning: `房屋危险性评定的办理时限，逾期升级至县住建局${STAGE_NOTE}` },
  county_approval: { env: 'HOUSING_COUNTY_APPROVAL_DUE_DAYS', default: 10, unit: '天', meaning: `县级审批的办理时限（逾期只标记）${STAGE_NOTE}` },
  agreement: { env: 'HOUSING_AGREEMENT_DUE_DAYS', default: 10, unit: '天', meaning: `县级公示期满后签订改造协议的时限，逾期升级至县住建局${STAGE_NOTE}` },
  acceptance: { env: 'HOUSING_ACCEPTANCE_DUE_DAYS', default: 15, unit: '天', meaning: `报告竣工后组织竣工验收的时限（逾期只标记）${STAGE_NOTE}` },
  rectification: { env: 'HOUSING_RECTIFICATION_DUE_DAYS', default: 30, unit: '天', meaning: `验收不合格后整改的时限，逾期升级至县住建局${STAGE_NOTE}` },
  handover: { env: 'HOUSING_HANDOVER_DUE_DAYS', default: 10, unit: '天', meaning: `验收合格后办理交接入住的时限，逾期升级至县住建局${STAGE_NOTE}` },
};

/** One row per setting, for the README's configuration table. */
export const HOUSING_RENOVATION_SETTINGS: readonly HousingRenovationSetting[] = [
  NOTICE.village,
  NOTICE.township,
  NOTICE.county,
  CHECKLIST,
  ...METHODS.map((m) => SUBSIDY[m]),
  ...STAGES.map((st) => STAGE_DUE[st]),
];

/** Checklist keys become JSON property names of the acceptance payload. */
const CHECKLIST_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

export function loadHousingRenovationConfig(env: Env = environment()): HousingRenovationConfig {
  const days = (s: { env: string }) => numericProcessSetting(HOUSING_RENOVATION_SETTINGS, s.env, env);
  const subsidyMaximum = {} as Record<Method, number>;
  for (const m of METHODS) subsidyMaximum[m] = numericProcessSetting(HOUSING_RENOVATION_SETTINGS, SUBSIDY[m].env, env);
  const stageDueDays = {} as Record<Stage, number>;
  for (const st of STAGES) stageDueDays[st] = days(STAGE_DUE[st]);
  const config: HousingRenovationConfig = {
    villageNoticeDays: days(NOTICE.village),
    townshipNoticeDays: days(NOTICE.township),
    countyNoticeDays: days(NOTICE.county),
    acceptanceChecklist: listProcessSetting(HOUSING_RENOVATION_SETTINGS, CHECKLIST.env, env),
    subsidyMaximum,
    stageDueDays,
  };
  assertConsistent(config);
  return config;
}

/** Refuse to start with settings under which no notice could end or no subsidy could be approved. */
function assertConsistent(c: HousingRenovationConfig): void {
  for (const [key, value] of [['村级', c.villageNoticeDays], ['乡镇', c.townshipNoticeDays], ['县级', c.countyNoticeDays]] as const) {
    if (value <= 0) throw new Error(`危房改造配置错误：${key}公示期必须大于 0 天，当前为 ${value}`);
  }
  for (const m of METHODS) {
    if (c.subsidyMaximum[m] <= 0) {
      throw new Error(`危房改造配置错误：${SUBSIDY[m].env}（${METHOD_ZH[m]}补助上限）必须大于 0`);
    }
  }
  const keys = c.acceptanceChecklist;
  if (keys.length === 0) throw new Error(`危房改造配置错误：${CHECKLIST.env} 至少要有一项验收项目`);
  const bad = keys.filter((k) => !CHECKLIST_KEY.test(k));
  if (bad.length) throw new Error(`危房改造配置错误：${CHECKLIST.env} 的项目名只能由字母、数字和下划线组成：${bad.join('、')}`);
  const duplicated = keys.filter((k, i) => keys.indexOf(k) !== i);
  if (duplicated.length) throw new Error(`危房改造配置错误：${CHECKLIST.env} 有重复项目：${[...new Set(duplicated)].join('、')}`);
}
