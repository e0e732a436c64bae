/**
 * The numbers 低保 depends on (PROCESSES.md §6). National time limits are in working days, counted
 * by the engine's working-day calendar (WORKDAY_HOLIDAYS, WORKDAY_EXTRA_WORKDAYS in the README). Lines and the minimum amount are local
 * (set by the province or city, 社会救助暂行办法 Art. 10): demo defaults, to be configured per county.
 */
import { environment } from '@app/settings';
import { Env, ProcessSettingRow, listProcessSetting, numericProcessSetting, textProcessSetting } from '../config-env';

export interface MinimumLivingAllowanceConfig {
  /** 低保标准, yuan per person per month, where no county line is set. */
  lineYuan: number;
  /** Per-county lines, by county code. */
  countyLines: Record<string, number>;
  minMonthlyYuan: number;
  deductRigidExpenditure: boolean;
  democraticReview: 'always' | 'optional';
  /** Townships authorised to confirm (乡镇审核确认), by code. */
  townshipConfirmation: string[];
  materialsDays: number;
  noticeDays: number;
  payDay: number;
  reviewMonthsStable: number;
  reviewMonthsUnstable: number;
  gradualExitMonths: number;
  gradualExitMaxMonths: number;
  gradualExitScope: 'registered_poor' | 'all';
  stopWithinMonths: number;
  initialReviewWorkingDays: number;
  overallWorkingDays: number;
  overallExtendedWorkingDays: number;
  countyStepWorkingDays: number;
  reviewTaskDays: number;
  minInvestigators: number;
}

export interface MinimumLivingAllowanceSetting {
  env: string;
  default: number | string;
  unit: string;
  meaning: string;
  /** Narrower than "a non-negative number" (the settings schema checks it at start). */
  schema?: ProcessSettingRow['schema'];
}

const S = (env: string, def: number | string, unit: string, meaning: string, schema?: ProcessSettingRow['schema']): MinimumLivingAllowanceSetting => ({ env, default: def, unit, meaning, ...(schema ? { schema } : {}) });

export const SETTING = {
  line: S('DIBAO_LINE_YUAN', 600, '元/人·月', '农村低保标准（演示默认值）；县民政局可在系统中按县调整（PUT /api/processes/minimum-living-allowance/settings/line/县代码），调整后本县保障中的案件收到复核（REVIEW_DUE），金额不自动变化', { exclusiveMinimum: 0 }),
  countyLines: S('DIBAO_COUNTY_LINES', '', '县代码=元，英文逗号分隔', '分县低保标准的初始值，覆盖 DIBAO_LINE_YUAN（如 370832=600,370831=580）；县在系统中设定的标准优先'),
  min: S('DIBAO_MIN_MONTHLY_YUAN', 50, '元/户·月', '按差额计算后每户每月最低发放额（本地惯例默认值）'),
  deduct: S('DIBAO_DEDUCT_RIGID_EXPENDITURE', 1, '（1 = 是，0 = 否）', '计算人均收入时扣除刚性支出（支出型）', { enum: [0, 1] }),
  democratic: S('DIBAO_DEMOCRATIC_REVIEW', 'always', '（always 或 optional）', '民主评议：always 每户必评；optional 由入户调查的 democraticReview 决定（2021 办法）', { enum: ['always', 'optional'] }),
  township: S('DIBAO_TOWNSHIP_CONFIRMATION', '', '乡镇代码，英文逗号分隔', '经授权可审核确认低保的乡镇（街道）；空 = 均由县民政局确认'),
  materials: S('DIBAO_MATERIALS_DAYS', 15, '天', '一次性告知补齐材料的期限，逾期视为撤回'),
  notice: S('DIBAO_NOTICE_DAYS', 7, '天', '低保公示期'),
  payDay: S('DIBAO_PAY_DAY', 10, '日', '每月发放日（确认次月起）', { type: 'integer', minimum: 1, maximum: 28 }),
  reviewStable: S('DIBAO_REVIEW_MONTHS_STABLE', 12, '月', '收入稳定家庭的定期复核间隔'),
  reviewUnstable: S('DIBAO_REVIEW_MONTHS_UNSTABLE', 6, '月', '收入不稳定（有劳动能力）家庭的定期复核间隔'),
  exitMonths: S('DIBAO_GRADUAL_EXIT_MONTHS', 3, '月', '渐退期（种子文件：一般为3个月）'),
  exitMax: S('DIBAO_GRADUAL_EXIT_MAX_MONTHS', 6, '月', '渐退期上限（有条件的县可适当延长）'),
  exitScope: S('DIBAO_GRADUAL_EXIT_SCOPE', 'registered_poor', '（registered_poor 或 all）', '可渐退的家庭：仅建档立卡贫困户，或全部', { enum: ['registered_poor', 'all'] }),
  stop: S('DIBAO_STOP_WITHIN_MONTHS', 1, '月', '核实属实后取消低保的时限（种子文件：1个月内）'),
  initialReview: S('DIBAO_INITIAL_REVIEW_WORKING_DAYS', 10, '工作日', '受理至公示的乡镇初审时限（按工作日历计，见 WORKDAY_HOLIDAYS）'),
  overall: S('DIBAO_OVERALL_WORKING_DAYS', 30, '工作日', '受理至审核确认的总时限（按工作日历计，见 WORKDAY_HOLIDAYS）'),
  overallExtended: S('DIBAO_OVERALL_EXTENDED_WORKING_DAYS', 45, '工作日', '特殊情况延长后的总时限；延期自延期之日起另计差额（按工作日历计，见 WORKDAY_HOLIDAYS）'),
  countyStep: S('DIBAO_COUNTY_STEP_WORKING_DAYS', 10, '工作日', '审核确认环节时限（本地惯例默认值，按工作日历计）'),
  reviewTask: S('DIBAO_REVIEW_TASK_DAYS', 30, '天', '复核任务办理时限，逾期标记 review_overdue'),
  investigators: S('DIBAO_MIN_INVESTIGATORS', 2, '人', '入户调查最少工作人员数'),
} as const;

export const MINIMUM_LIVING_ALLOWANCE_SETTINGS: readonly MinimumLivingAllowanceSetting[] = Object.values(SETTING);

export function loadMinimumLivingAllowanceConfig(env: Env = environment()): MinimumLivingAllowanceConfig {
  const n = (s: MinimumLivingAllowanceSetting) => numericProcessSetting(MINIMUM_LIVING_ALLOWANCE_SETTINGS, s.env, env);
  // The schema's enum has checked these choices.
  const choice = <T extends string>(s: MinimumLivingAllowanceSetting) => textProcessSetting(MINIMUM_LIVING_ALLOWANCE_SETTINGS, s.env, env) as T;
  const countyLines: Record<string, number> = {};
  for (const pair of listProcessSetting(MINIMUM_LIVING_ALLOWANCE_SETTINGS, SETTING.countyLines.env, env)) {
    const [code, value] = pair.split('=').map((x) => x.trim());
    const line = Number(value);
    if (!/^\d{6}$/.test(code ?? '') || !(line > 0)) throw new Error(`配置项 DIBAO_COUNTY_LINES 的 "${pair}" 应为 6 位县代码=正数`);
    countyLines[code] = line;
  }
  const c: MinimumLivingAllowanceConfig = {
    lineYuan: n(SETTING.line),
    countyLines,
    minMonthlyYuan: n(SETTING.min),
    deductRigidExpenditure: n(SETTING.deduct) !== 0,
    democraticReview: choice<'always' | 'optional'>(SETTING.democratic),
    townshipConfirmation: listProcessSetting(MINIMUM_LIVING_ALLOWANCE_SETTINGS, SETTING.township.env, env),
    materialsDays: n(SETTING.materials),
    noticeDays: n(SETTING.notice),
    payDay: n(SETTING.payDay),
    reviewMonthsStable: n(SETTING.reviewStable),
    reviewMonthsUnstable: n(SETTING.reviewUnstable),
    gradualExitMonths: n(SETTING.exitMonths),
    gradualExitMaxMonths: n(SETTING.exitMax),
    gradualExitScope: choice<'registered_poor' | 'all'>(SETTING.exitScope),
    stopWithinMonths: n(SETTING.stop),
    initialReviewWorkingDays: n(SETTING.initialReview),
    overallWorkingDays: n(SETTING.overall),
    overallExtendedWorkingDays: n(SETTING.overallExtended),
    countyStepWorkingDays: n(SETTING.countyStep),
    reviewTaskDays: n(SETTING.reviewTask),
    minInvestigators: n(SETTING.investigators),
  };
  assertConsistent(c);
  return c;
}

function assertConsistent(c: MinimumLivingAllowanceConfig): void {
  if (!(c.lineYuan > 0)) throw new Error('低保配置错误：DIBAO_LINE_YUAN 必须大于 0');
  if (!Number.isInteger(c.payDay) || c.payDay < 1 || c.payDay > 28) throw new Error(`低保配置错误：DIBAO_PAY_DAY 须为 1–28 的整数，当前为 ${c.payDay}`);
  for (const [k, v] of Object.entries({ reviewMonthsStable: c.reviewMonthsStable, reviewMonthsUnstable: c.reviewMonthsUnstable, gradualExitMonths: c.gradualExitMonths, stopWithinMonths: c.stopWithinMonths })) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`低保配置错误：${k} 须为正整数，当前为 ${v}`);
  }
  for (const [k, v] of Object.entries({ initialReviewWorkingDays: c.initialReviewWorkingDays, overallWorkingDays: c.overallWorkingDays, overallExtendedWorkingDays: c.overallExtendedWorkingDays, countyStepWorkingDays: c.countyStepWorkingDays })) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`低保配置错误：${k} 须为正整数（工作日），当前为 ${v}`);
  }
  if (c.gradualExitMonths > c.gradualExitMaxMonths) throw new Error(`低保配置错误：渐退期 ${c.gradualExitMonths} 个月超过上限 ${c.gradualExitMaxMonths} 个月`);
  if (c.overallExtendedWorkingDays < c.overallWorkingDays) throw new Error('低保配置错误：延长后的总时限不得短于总时限');
  if (!Number.isInteger(c.minInvestigators) || c.minInvestigators < 2) throw new Error('低保配置错误：入户调查不少于 2 人');
}

/** The line in force for a county. */
export const lineFor = (c: MinimumLivingAllowanceConfig, countyCode: string | undefined): number =>
  (countyCode && c.countyLines[countyCode]) || c.lineYuan;
