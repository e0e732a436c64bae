/**
 * The three secrets every api and worker needs, checked before anything starts. There are no
 * defaults: a value written in the source is public, and with it anyone can forge a token for any
 * user or read every ID number. `npm run demo` generates random ones once (kept in `.demo/`), the
 * test harness generates its own per run, and production takes them from its secret store.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';

export const SECRET_VARIABLES = ['JWT_SECRET', 'PII_KEY', 'AUDIT_SIGNING_KEY'] as const;
export type SecretVariable = (typeof SECRET_VARIABLES)[number];

/** The shortest accepted JWT_SECRET and PII_KEY: about 128 bits or more for a generated value. */
export const SECRET_MIN_LENGTH = 32;

/**
 * Values that were once written in this repository (development defaults) or in its docs: known
 * to anyone with the code, so refused wherever they appear. Only digests are kept here.
 */
const PUBLIC_VALUE_DIGESTS = new Set([
  digest('development-only-jwt-secret-change-me'),
  digest('development-only-pii-key-0123456789abcdef'),
]);

function digest(v: string): string {
  return createHash('sha256').update(v.trim()).digest('hex');
}

/** True for a value published in this repository's history (never acceptable as a secret). */
export function isPublicValue(value: string): boolean {
  return PUBLIC_VALUE_DIGESTS.has(digest(value));
}

export class SecretsError extends Error {
  override name = 'SecretsError';
}

const HOW_TO = [
  'JWT_SECRET：openssl rand -base64 48',
  'PII_KEY：openssl rand -base64 48（更换会使已加密的身份证号无法解密，须妥善保管）',
  'AUDIT_SIGNING_KEY：openssl genpkey -algorithm ed25519（PEM，或其 DER 的 base64）',
].join('；');

/**
 * Refuses to go on when a secret is missing, too short or a known public value; the message names
 * every variable at fault and how to make one (never the value itself).
 */
export function checkSecrets(env: Record<string, string | undefined>, which: readonly SecretVariable[] = SECRET_VARIABLES): void {
  const problem = secretsProblem(env, which);
  if (problem) throw new SecretsError(problem);
}

/** What checkSecrets would refuse, as one sentence (undefined when every secret is fine). */
export function secretsProblem(env: Record<string, string | undefined>, which: readonly SecretVariable[] = SECRET_VARIABLES): string | undefined {
  const missing = which.filter((k) => !env[k]?.trim());
  const weak = which.filter((k) => k !== 'AUDIT_SIGNING_KEY' && env[k]?.trim() && env[k]!.length < SECRET_MIN_LENGTH);
  const published = which.filter((k) => env[k]?.trim() && isPublicValue(env[k]!));
  const parts: string[] = [];
  if (missing.length) parts.push(`缺少必需的密钥环境变量：${missing.join(', ')}`);
  if (weak.length) parts.push(`密钥过短（至少 ${SECRET_MIN_LENGTH} 个字符）：${weak.join(', ')}`);
  if (published.length) parts.push(`密钥是代码库中公开过的开发值，不能使用：${published.join(', ')}`);
  if (!parts.length) return undefined;
  return `${parts.join('；')}。生成方法：${HOW_TO}。本机演示请用 npm run demo（自动生成随机密钥并保存在 .demo/ 中）。`;
}

/** Fresh random secrets (demo and test runs): each run its own, none ever written in the source. */
export function generateSecrets(): Record<SecretVariable, string> {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    JWT_SECRET: randomBytes(48).toString('base64'),
    PII_KEY: randomBytes(48).toString('base64'),
    AUDIT_SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  };
}
