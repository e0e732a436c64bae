/**
 * The numbers legal aid depends on (PROCESSES.md §4). The statutory periods of 《法律援助法》
 * (7, 3, 5 and 7 days) are defaults here rather than literals so that a change of law or a local
 * rule that shortens them needs no code change; the fast-lane targets and the materials and
 * objection windows have no national number and are local defaults.
 */
import { environment } from '@app/settings';
import { Env, ProcessSettingRow, numericProcessSetting } from '../config-env';

export interface LegalAidConfig {
  /** Art. 43: decide within this many days of the application. */
  decisionDays: number;
  /** Art. 43: assign within this many days of the decision. */
  assignmentDays: number;
  /** Art. 49: the justice bureau decides an objection within this many days. */
  objectionDecisionDays: number;
  /** 三优服务 internal target: fast-lane cases decided within this many days. */
  fastDecisionDays: number;
  /** 三优服务 internal target: fast-lane cases assigned within this many days of the decision. */
  fastAssignmentDays: number;
  /** Missing materials not supplied within this many days → treated as withdrawn (Art. 43). */
  materialsDeadlineDays: number;
  /** A denial may be objected to within this many days; afterwards the case closes. */
  objectionWindowDays: number;
  /** Art. 44: aid may be provided before the decision when fewer than this many days remain before a limitation deadline. */
  aidFirstThresholdDays: number;
  /** Every SLA clock warns when this fraction of its period has passed (0.5 = at half time). */
  warningFraction: number;
}

interface Setting {
  key: keyof LegalAidConfig;
  env: string;
  default: number;
  unit: string;
  meaning: string;
  schema?: ProcessSettingRow['schema'];
}

/** One row per setting: the loader reads these and the README lists them. */
export const LEGAL_AID_SETTINGS: readonly Setting[] = [
  { key: 'decisionDays', env: 'LEGAL_AID_DECISION_DAYS', default: 7, unit: '天', meaning: '自收到申请之日起作出是否给予法律援助决定的法定时限（法律援助法第四十三条）' },
  { key: 'assignmentDays', env: 'LEGAL_AID_ASSIGNMENT_DAYS', default: 3, unit: '天', meaning: '自作出给予法律援助决定之日起指派法律援助人员的法定时限（法律援助法第四十三条）' },
  { key: 'objectionDecisionDays', env: 'LEGAL_AID_OBJECTION_DECISION_DAYS', default: 5, unit: '天', meaning: '司法行政部门自收到异议之日起作出决定的法定时限（法律援助法第四十九条）' },
  { key: 'fastDecisionDays', env: 'LEGAL_AID_FAST_DECISION_DAYS', default: 2, unit: '天', meaning: '“三优服务”案件优先审查的内部目标时限（自确认免审起）' },
  { key: 'fastAssignmentDays', env: 'LEGAL_AID_FAST_ASSIGNMENT_DAYS', default: 1, unit: '天', meaning: '“三优服务”案件优先指派的内部目标时限（自作出决定起）' },
  { key: 'materialsDeadlineDays', env: 'LEGAL_AID_MATERIALS_DEADLINE_DAYS', default: 15, unit: '天', meaning: '一次性告知补充材料后的补充期限，逾期未补充视为撤回申请' },
  { key: 'objectionWindowDays', env: 'LEGAL_AID_OBJECTION_WINDOW_DAYS', default: 15, unit: '天', meaning: '不予法律援助决定后可以提出异议的期限，期满未提出即结案' },
  { key: 'aidFirstThresholdDays', env: 'LEGAL_AID_AID_FIRST_THRESHOLD_DAYS', default: 7, unit: '天', meaning: '距诉讼时效或法定期限届满不足该天数的，可以先行提供法律援助（法律援助法第四十四条）' },
  { key: 'warningFraction', env: 'LEGAL_AID_WARNING_FRACTION', default: 0.5, unit: '比例', meaning: '各项时限用去该比例时预警（0.5 即过半预警）', schema: { exclusiveMinimum: 0, exclusiveMaximum: 1 } },
];

export function loadLegalAidConfig(env: Env = environment()): LegalAidConfig {
  const config = {} as LegalAidConfig;
  for (const s of LEGAL_AID_SETTINGS) config[s.key] = numericProcessSetting(LEGAL_AID_SETTINGS, s.env, env);
  assertConsistent(config);
  return config;
}

/** Refuse to start with settings that would make a clock, a timer or the aid-first rule meaningless. */
function assertConsistent(c: LegalAidConfig): void {
  for (const s of LEGAL_AID_SETTINGS) {
    if (s.key !== 'warningFraction' && c[s.key] <= 0) throw new Error(`法律援助配置错误：${s.env} 必须大于 0`);
  }
  if (!(c.warningFraction > 0 && c.warningFraction < 1)) {
    throw new Error(`法律援助配置错误：LEGAL_AID_WARNING_FRACTION 必须大于 0 且小于 1，当前为 ${c.warningFraction}`);
  }
  // The fast lane shortens the statutory periods; a "target" longer than the law would be no priority.
  if (c.fastDecisionDays > c.decisionDays) {
    throw new Error(`法律援助配置错误：三优审查目标（${c.fastDecisionDays} 天）不得长于法定审查时限（${c.decisionDays} 天）`);
  }
  if (c.fastAssignmentDays > c.assignmentDays) {
    throw new Error(`法律援助配置错误：三优指派目标（${c.fastAssignmentDays} 天）不得长于法定指派时限（${c.assignmentDays} 天）`);
  }
}
