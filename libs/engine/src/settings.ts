/**
 * Process-wide settings from the environment. Secrets have no default in production: the api and
 * worker refuse to start without them. Outside production a fixed development value is used so a
 * newcomer's `npm run demo` works, and a warning says so.
 */
export interface Settings {
  production: boolean;
  databaseUrl: string;
  redisUrl: string;
  port: number;
  jwtSecret: string;
  jwtTtlSeconds: number;
  piiKey: string;
  timeScale: number;
  bodyLimit: string;
  loginMaxFailures: number;
  loginMaxFailuresPerAddress: number;
  loginWindowSeconds: number;
  queuePrefix: string;
}

const DEV_JWT_SECRET = 'development-only-jwt-secret-change-me';
const DEV_PII_KEY = 'development-only-pii-key-0123456789abcdef';

export function loadSettings(env = process.env): Settings {
  const production = env.NODE_ENV === 'production';
  const missing = ['JWT_SECRET', 'PII_KEY', 'DATABASE_URL', 'REDIS_URL'].filter((k) => production && !env[k]);
  if (missing.length) throw new Error(`生产模式缺少必需的环境变量：${missing.join(', ')}`);
  return {
    production,
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/casework',
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    port: Number(env.PORT ?? 3000),
    jwtSecret: env.JWT_SECRET ?? DEV_JWT_SECRET,
    jwtTtlSeconds: Number(env.JWT_TTL_SECONDS ?? 8 * 3600),
    piiKey: env.PII_KEY ?? DEV_PII_KEY,
    timeScale: Number(env.WORKFLOW_TIME_SCALE ?? 1),
    bodyLimit: env.BODY_LIMIT ?? '256kb',
    loginMaxFailures: Number(env.LOGIN_MAX_FAILURES ?? 5),
    loginMaxFailuresPerAddress: Number(env.LOGIN_MAX_FAILURES_PER_ADDRESS ?? 50),
    loginWindowSeconds: Number(env.LOGIN_WINDOW_SECONDS ?? 900),
    queuePrefix: env.QUEUE_PREFIX ?? 'casework',
  };
}

export function usesDevelopmentSecrets(s: Settings): boolean {
  return s.jwtSecret === DEV_JWT_SECRET || s.piiKey === DEV_PII_KEY;
}
