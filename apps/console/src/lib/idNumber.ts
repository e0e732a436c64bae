/**
 * 居民身份证号码 (GB 11643) client-side check, the same rule the api applies:
 * 17 digits then a check character, ISO 7064 MOD 11-2.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdNumberProblem = 'length' | 'check' | 'birth';

/** The check character for the first 17 digits. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** null when valid; otherwise what is wrong (a lowercase x is accepted as X). */
export function idNumberProblem(raw: string): IdNumberProblem | null {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'length';
  if (!validBirthDate(id.slice(6, 14))) return 'birth';
  return checkCharacter(id) === id[17] ? null : 'check';
}

function validBirthDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Normalises what the user typed before it is sent (trim, uppercase X). */
export function normalizeIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}
