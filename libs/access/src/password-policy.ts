import { randomInt } from 'node:crypto';
import type { Text } from '@app/processes';

export const PASSWORD_MIN_LENGTH = 10;

// The most common passwords that pass the length rule (from public breach lists), lower-cased.
const COMMON = new Set([
  '1234567890', '0123456789', '12345678910', '123456789a', 'a123456789', '1234567890a', 'qwertyuiop', 'qwertyuiop123',
  'password123', 'password1234', 'password12', 'passw0rd123', 'iloveyou123', 'abc1234567', 'abcd123456', 'abcdefghij',
  '1q2w3e4r5t', 'q1w2e3r4t5', '1qaz2wsx3edc', 'qazwsxedc123', 'zxcvbnm123', 'asdfghjkl1', '11111111111', '0000000000',
  '1111111111', '5201314520', '5211314520', 'woaini1314', 'woaini520', 'admin12345', 'admin123456', 'administrator',
  'changeme123', 'welcome123', 'p@ssw0rd123', 'demo#2026', 'letmein123', 'sunshine123', 'football123', 'monkey12345',
]);

/** Why a new password is refused (zh-CN and English), or undefined when it is acceptable. */
export function passwordProblem(username: string, password: string): Text | undefined {
  if (typeof password !== 'string' || [...password].length < PASSWORD_MIN_LENGTH) {
    return { zh: `密码至少 ${PASSWORD_MIN_LENGTH} 个字符`, en: `a password has at least ${PASSWORD_MIN_LENGTH} characters` };
  }
  if (password.length > 256) return { zh: '密码不能超过 256 个字符', en: 'a password has at most 256 characters' };
  const lower = password.toLowerCase();
  if (username && lower.includes(username.toLowerCase())) return { zh: '密码不能包含用户名', en: 'the password cannot contain the username' };
  if (COMMON.has(lower)) return { zh: '这是常见密码，容易被猜中，请换一个', en: 'this is a common password that is easy to guess; choose another' };
  if (new Set(password).size < 4) return { zh: '密码过于简单（重复字符太多），请换一个', en: 'the password is too simple (too many repeated characters); choose another' };
  return undefined;
}

// No 0/O, 1/l/I: an officer reads the one-time password off a screen or a phone call.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';

/** A one-time password shown once to the administrator; it satisfies the policy by construction. */
export function oneTimePassword(length = 14): string {
  for (;;) {
    let s = '';
    for (let i = 0; i < length; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    if (/[0-9]/.test(s) && /[A-Z]/.test(s) && /[a-z]/.test(s) && !passwordProblem('', s)) return s;
  }
}
