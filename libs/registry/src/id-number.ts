/**
 * 居民身份证号码 (GB 11643-1999): 6-digit address code, 8-digit birth date (YYYYMMDD), 3-digit
 * sequence, and a check character computed with ISO 7064 MOD 11-2.
 *
 * Reasons (zh-CN, with the same in English for an English caller) say which positions to look at,
 * but never repeat the number itself: they end up in API problem bodies and import reports.
 */

export type IdNumberResult = { ok: true; value: string } | { ok: false; reason: string; reasonEn: string };

/** ISO 7064 MOD 11-2 weights for positions 1–17 (2^(18-i) mod 11). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character indexed by (weighted sum mod 11). */
const CHECK_CHARS = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'] as const;

/** No one alive was born earlier; a smaller year is a typing error, not a real person. */
const EARLIEST_BIRTH_YEAR = 1800;
/** Birth dates are calendar dates in China (UTC+8, no daylight saving). */
const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

const SEVENTEEN_DIGITS = /^[0-9]{17}$/;
const ID_CHARS = /^[0-9X]*$/;
const NON_ASCII = /[^\x00-\x7f]/;

/** The check character for the first 17 digits. Throws when given anything but 17 digits. */
export function checkDigit(first17: string): string {
  if (!SEVENTEEN_DIGITS.test(first17)) {
    throw new Error('计算校验位需要恰好 17 位数字');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** A valid number from its first 17 digits (seeds and tests); the date part is not checked here. */
export function makeIdNumber(first17: string): string {
  return first17 + checkDigit(first17);
}

/**
 * Validates and normalizes (trimmed, full-width digits to ASCII, lowercase x to X). `now` decides
 * what "in the future" means; it is a real-calendar fact, so it is not the scaled workflow clock.
 */
export function validateIdNumber(raw: unknown, now: Date = new Date()): IdNumberResult {
  return validateIdNumberOn(raw, chinaDateKey(now));
}

/**
 * Same as validateIdNumber with today's date precomputed as YYYYMMDD, for callers that validate
 * many numbers (registry import).
 */
export function validateIdNumberOn(raw: unknown, todayKey: number): IdNumberResult {
  if (typeof raw !== 'string' || raw.trim() === '') {
    return fail('请填写身份证号码', 'enter the ID number');
  }
  const value = normalizeIdNumber(raw);
  if (!ID_CHARS.test(value)) {
    return fail('身份证号码只能包含数字，最后一位可以是 X，请删除空格或其他字符', 'an ID number has only digits, and X as the last character; remove spaces and other characters');
  }
  if (value.length !== 18) {
    return fail(`身份证号码应为 18 位，当前为 ${value.length} 位`, `an ID number has 18 characters, this one has ${value.length}`);
  }
  const first17 = value.slice(0, 17);
  if (!SEVENTEEN_DIGITS.test(first17)) {
    return fail('X 只能出现在最后一位，前 17 位必须是数字', 'X can only be the last character; the first 17 must be digits');
  }
  const dateProblem = birthDateProblem(value, todayKey);
  if (dateProblem) return fail(...dateProblem);
  const expected = checkDigit(first17);
  if (value[17] !== expected) {
    return fail(
      `校验位应为 ${expected}，请核对最后一位（若最后一位无误，则前 17 位有误）`,
      `the check character should be ${expected}: check the last character (if it is right, one of the first 17 is wrong)`,
    );
  }
  return { ok: true, value };
}

/**
 * 370832********123X: the address code and the last four stay visible, the birth date and most of
 * the sequence are hidden. Input that is not a well-formed number is masked just as safely: at
 * most its first 6 and last 4 characters show, and only when at least 4 others stay hidden.
 */
export function maskIdNumber(id: string): string {
  const value = normalizeIdNumber(id);
  if (value.length < 14) return '*'.repeat(value.length);
  return value.slice(0, 6) + '*'.repeat(value.length - 10) + value.slice(-4);
}

/** Trimmed, full-width forms folded to ASCII (Chinese input methods), x upper-cased. */
export function normalizeIdNumber(raw: string): string {
  let value = raw.trim();
  if (NON_ASCII.test(value)) value = value.normalize('NFKC').trim();
  return value.toUpperCase();
}

/** Today's date in China as the number YYYYMMDD, for comparing with the birth-date part. */
export function chinaDateKey(now: Date): number {
  const d = new Date(now.getTime() + CHINA_UTC_OFFSET_MS);
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

/** [zh, en] */
function birthDateProblem(value: string, todayKey: number): [string, string] | undefined {
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  if (year < EARLIEST_BIRTH_YEAR) {
    return ['第 7–10 位出生年份不合理，请核对', 'the birth year (characters 7–10) is not plausible; check it'];
  }
  if (month < 1 || month > 12) {
    return ['第 11–12 位出生月份应为 01–12，请核对', 'the birth month (characters 11–12) must be 01–12; check it'];
  }
  if (day < 1 || day > daysInMonth(year, month)) {
    return ['第 13–14 位出生日在该月不存在，请核对', 'the birth day (characters 13–14) does not exist in that month; check it'];
  }
  if (year * 10000 + month * 100 + day > todayKey) {
    return ['第 7–14 位出生日期晚于今天，请核对', 'the birth date (characters 7–14) is after today; check it'];
  }
  return undefined;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function fail(reason: string, reasonEn: string): IdNumberResult {
  return { ok: false, reason, reasonEn };
}

/**
 * A person's name as a public board prints it (公示 of many households): the surname and, for names
 * of three or more characters, the last character; the rest starred (闫建国 → 闫*国, 王芳 → 王*).
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
