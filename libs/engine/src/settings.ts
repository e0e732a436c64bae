/**
 * Process-wide settings from the environment. Secrets have no default anywhere (libs/engine/src/
 * secrets.ts): the api and worker refuse to start without them. Demo mode (`DEMO_MODE=1`, set by
 * `npm run demo`) only allows the demo seed and binds the api to loopback unless HOST says otherwise.
 */
import { checkSecrets } from './secrets';

export interface Settings {
  production: boolean;
  /** `npm run demo`: demo users with a public password may exist, so listen on loopback by default. */
  demoMode: boolean;
  databaseUrl: string;
  redisUrl: string;
  port: number;
  /** The address the api listens on: loopback in demo mode, every interface otherwise (containers). */
  host: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  piiKey: string;
  timeScale: number;
  bodyLimit: string;
  loginMaxFailures: number;
  loginMaxFailuresPerAddress: number;
  loginWindowSeconds: number;
  queuePrefix: string;
  /**
   * QUEUE_BACKEND: where BullMQ keeps its jobs. `redis` (REDIS_URL) by default when REDIS_URL is set;
   * without it `postgres`, BullMQ 6's PostgreSQL backend in DATABASE_URL (the embedded demo).
   */
  queueBackend: QueueBackend;
  /** TRUST_PROXY, for express 'trust proxy': false (default: X-Forwarded-For is ignored), a hop count, or addresses/subnets. */
  trustProxy: boolean | number | string;
  /** METRICS_TOKEN: when set, GET /api/metrics needs `Authorization: Bearer <it>`; unset, only loopback peers may read it. */
  metricsToken: string | undefined;
}

export type QueueBackend = 'redis' | 'postgres';

export function queueBackendOf(env: Record<string, string | undefined> = process.env): QueueBackend {
  const v = (env.QUEUE_BACKEND ?? '').trim();
  if (v === '') return env.REDIS_URL ? 'redis' : 'postgres';
  if (v === 'redis' || v === 'postgres') return v;
  throw new Error(`QUEUE_BACKEND 只能是 redis 或 postgres（收到 ${v}）`);
}

export function isDemoMode(env: Record<string, string | undefined> = process.env): boolean {
  return /^(1|true|yes)$/i.test(env.DEMO_MODE ?? '');
}

export function loadSettings(env = process.env): Settings {
  const production = env.NODE_ENV === 'production';
  const demoMode = isDemoMode(env);
  if (production && demoMode) throw new Error('DEMO_MODE 不能与 NODE_ENV=production 同时使用');
  const missing = ['DATABASE_URL', 'REDIS_URL'].filter((k) => production && !env[k]);
  if (missing.length) throw new Error(`生产模式缺少必需的环境变量：${missing.join(', ')}`);
  checkSecrets(env, ['JWT_SECRET', 'PII_KEY']);
  return {
    production,
    demoMode,
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/casework',
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    port: Number(env.PORT ?? 3000),
    host: env.HOST || (demoMode ? '127.0.0.1' : '0.0.0.0'),
    jwtSecret: env.JWT_SECRET!,
    jwtTtlSeconds: Number(env.JWT_TTL_SECONDS ?? 8 * 3600),
    piiKey: env.PII_KEY!,
    timeScale: Number(env.WORKFLOW_TIME_SCALE ?? 1),
    bodyLimit: env.BODY_LIMIT ?? '256kb',
    loginMaxFailures: Number(env.LOGIN_MAX_FAILURES ?? 5),
    loginMaxFailuresPerAddress: Number(env.LOGIN_MAX_FAILURES_PER_ADDRESS ?? 50),
    loginWindowSeconds: Number(env.LOGIN_WINDOW_SECONDS ?? 900),
    queuePrefix: env.QUEUE_PREFIX ?? 'casework',
    queueBackend: queueBackendOf(env),
    trustProxy: trustProxyOf(env.TRUST_PROXY),
    metricsToken: env.METRICS_TOKEN?.trim() || undefined,
  };
}

/** TRUST_PROXY: unset, empty or `false` trusts no proxy; digits are a hop count; anything else is express's address list. */
function trustProxyOf(v: string | undefined): boolean | number | string {
  const t = (v ?? '').trim();
  if (t === '' || t.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(t)) return Number(t);
  return t;
}
