/**
 * The business facts of housing renovation as pure predicates, shared by the event rules (which
 * explain a refusal) and the machine's guards (which refuse again, should a rule be bypassed).
 */
import type { HousingRenovationConfig } from './config';
import { CollectiveReview, Grade, GRADES, HousingRenovationContext, Method, METHODS_BY_GRADE, NoticeLevel } from './types';

export const NOTICE_LEVELS: readonly NoticeLevel[] = ['village', 'township', 'county'];

/** zh labels of the default checklist keys; a configured key without one is shown as is. */
export const CHECKLIST_ZH: Record<string, string> = {
  foundation: '地基基础',
  loadBearingStructure: '承重结构',
  roof: '屋面',
  seismicMeasures: '抗震构造措施',
  enclosure: '围护结构',
  basicFunctions: '基本使用功能',
  areaWithinLimits: '建筑面积符合控制标准',
  signage: '“农村危房改造工程”标识',
};

export const checklistLabel = (key: string): string => (CHECKLIST_ZH[key] ? `${CHECKLIST_ZH[key]}（${key}）` : key);

const isGrade = (g: unknown): g is Grade => typeof g === 'string' && (GRADES as readonly string[]).includes(g);

/** C, D and no house qualify; A and B do not. */
export const isEligibleGrade = (grade: unknown): grade is Grade => isGrade(grade) && METHODS_BY_GRADE[grade].length > 0;

export const methodFits = (grade: unknown, method: unknown): boolean =>
  isGrade(grade) && (METHODS_BY_GRADE[grade] as readonly unknown[]).includes(method);

export const subsidyWithin = (amount: unknown, method: Method, config: HousingRenovationConfig): boolean =>
  typeof amount === 'number' && Number.isFinite(amount) && amount > 0 && amount <= config.subsidyMaximum[method];

/** Both the method and the amount of a county approval are admissible for the assessed grade. */
export const approvalAdmissible = (grade: unknown, method: unknown, amount: unknown, config: HousingRenovationConfig): boolean =>
  methodFits(grade, method) && subsidyWithin(amount, method as Method, config);

export const votesWithinAttendees = (r: Pick<CollectiveReview, 'attendees' | 'votesFor' | 'votesAgainst'>): boolean =>
  r.votesFor + r.votesAgainst <= r.attendees;

/** Configured checklist keys absent from a submitted checklist, and those present but not true. */
export function checklistShortfall(checklist: Record<string, unknown> | undefined, keys: readonly string[]) {
  const given = checklist ?? {};
  return {
    missing: keys.filter((k) => !(k in given)),
    failed: keys.filter((k) => k in given && given[k] !== true),
  };
}

export const checklistAllPassed = (checklist: Record<string, unknown> | undefined, keys: readonly string[]): boolean => {
  const { missing, failed } = checklistShortfall(checklist, keys);
  return missing.length === 0 && failed.length === 0;
};

export const unknownChecklistItems = (items: readonly string[], keys: readonly string[]): string[] =>
  items.filter((i) => !keys.includes(i));

/**
 * The stages a case must have passed before it may be completed (PROCESSES.md §2 and the issue's
 * invariant): collective review passed, the three notices, a qualifying grade, an admissible county
 * approval, a signed agreement and a passed acceptance. Returns the zh names of those missing.
 */
export function missingForCompletion(c: HousingRenovationContext, config: HousingRenovationConfig): string[] {
  const missing: string[] = [];
  if (c.collectiveReview?.passed !== true) missing.push('集体评议通过');
  const noticeZh: Record<NoticeLevel, string> = { village: '村级公示', township: '乡镇公示', county: '县级公示' };
  for (const level of NOTICE_LEVELS) if (!c.noticesCompleted.includes(level)) missing.push(noticeZh[level]);
  if (!isEligibleGrade(c.grade)) missing.push('房屋危险性评定为 C/D 级或无房户');
  if (!approvalAdmissible(c.grade, c.method, c.subsidyAmount, config)) missing.push('县级审批');
  if (!c.agreementNo) missing.push('签订协议');
  if (c.acceptance?.passed !== true || !checklistAllPassed(c.acceptance.checklist, config.acceptanceChecklist)) {
    missing.push('竣工验收合格');
  }
  return missing;
}
