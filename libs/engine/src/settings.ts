/**
 * Process-wide settings from the environment, through the one settings schema (libs/settings: the
 * generic declarations plus each process's, collected by the process registry). Secrets have no
 * default anywhere (secrets.ts): the api and worker refuse to start without them. Demo mode
 * (`DEMO_MODE=1`, set by `npm run demo`) only allows the demo seed and binds the api to loopback
 * unless HOST says otherwise.
 */
import { CORE_SETTINGS, Env, SettingDeclaration, SettingValues, SettingsError, describeProblem, environment, isSettingGiven, sizeInBytes, textSetting, validateSettings } from '@app/settings';
import { PROCESS_SETTINGS, loadProcessRegistry } from '@app/processes';
import { SECRET_VARIABLES, SecretVariable, secretsProblem } from './secrets';
import { AttachmentSettings, attachmentSettingsProblem, loadAttachmentSettings } from './attachments/attachment-settings';
import { checkedTimeZone, loadWorkQueueSettings } from './work-queue-settings';
import { loadWorkingDayCalendar } from './working-days';

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
  /** BODY_LIMIT in bytes: the largest JSON body. */
  bodyLimitBytes: number;
  loginMaxFailures: number;
  loginMaxFailuresPerAddress: number;
  loginWindowSeconds: number;
  queuePrefix: string;
  /**
   * QUEUE_BACKEND: where BullMQ keeps its jobs. `redis` (REDIS_URL) by default when REDIS_URL is set;
   * without it `postgres`, BullMQ 6's PostgreSQL backend in DATABASE_URL (the embedded demo).
   */
  queueBackend: QueueBackend;
  /** TRUST_PROXY, the HTTP server's trustProxy: false (default: X-Forwarded-For is ignored), a hop count, or addresses/subnets. */
  trustProxy: boolean | number | string;
  /** METRICS_TOKEN: when set, GET /api/metrics needs `Authorization: Bearer <it>`; unset, only loopback peers may read it. */
  metricsToken: string | undefined;
  /** ATTACHMENT_MAX_BYTES, ATTACHMENT_STORAGE and, with s3, the object store (S3_*). */
  attachments: AttachmentSettings;
}

export type QueueBackend = 'redis' | 'postgres';

/** Every variable the system reads: the generic ones and every process's. */
export const SETTING_DECLARATIONS: readonly SettingDeclaration[] = [...CORE_SETTINGS, ...PROCESS_SETTINGS];

/** QUEUE_BACKEND (the schema allows redis or postgres); unset, whether REDIS_URL is given chooses. */
export function queueBackendOf(env: Env = environment()): QueueBackend {
  return (textSetting('QUEUE_BACKEND', env) as QueueBackend | undefined) ?? (isSettingGiven('REDIS_URL', env) ? 'redis' : 'postgres');
}

export function isDemoMode(env: Env = environment()): boolean {
  return /^(1|true|yes)$/i.test(textSetting('DEMO_MODE', env) ?? '');
}

/**
 * Validates the whole environment and stops with one message naming every variable at fault: the
 * schema (types, ranges, choices), production's required variables, the secrets in `secrets`, and
 * (`processes`) each process's own consistency rules. Returns the typed, defaulted values.
 */
export function checkConfiguration(
  env: Env = environment(),
  opts: { secrets?: readonly SecretVariable[]; processes?: boolean } = {},
): SettingValues {
  const { values, problems } = validateSettings(env, SETTING_DECLARATIONS);
  const messages = problems.map(describeProblem);
  const production = env.NODE_ENV === 'production';
  if (production && isDemoMode(env)) messages.push('DEMO_MODE 不能与 NODE_ENV=production 同时使用');
  // Their defaults (a local PostgreSQL and Redis) serve development only.
  const missing = ['DATABASE_URL', 'REDIS_URL'].filter((k) => production && !isSettingGiven(k, env));
  if (missing.length) messages.push(`生产模式缺少必需的环境变量：${missing.join(', ')}`);
  const secrets = secretsProblem(env, opts.secrets ?? SECRET_VARIABLES);
  if (secrets) messages.push(secrets);
  const attachments = attachmentSettingsProblem(values);
  if (attachments) messages.push(attachments);
  // The loaders' own checks (a fast-lane target longer than the law, an unknown time zone, a
  // malformed holiday list …) once every value has its type, in the same message. The work queues
  // are checked without the definitions: only a TASK_SUPERVISORS someone wrote can be malformed.
  if (opts.processes && !problems.length) {
    const checks = [() => loadProcessRegistry(env), () => checkedTimeZone(env), () => loadWorkQueueSettings(env, []), () => loadWorkingDayCalendar(env)];
    for (const check of checks) {
      try {
        check();
      } catch (err) {
        const message = (err as Error).message;
        if (!messages.includes(message)) messages.push(message);
      }
    }
  }
  if (messages.length) throw new SettingsError(messages);
  return values;
}

/** The typed settings of the api and the worker (ConfigModule's validate and the scripts call this). */
export function loadSettings(env: Env = environment()): Settings {
  const v = checkConfiguration(env, { secrets: ['JWT_SECRET', 'PII_KEY'] });
  const demoMode = isDemoMode(env);
  return {
    production: env.NODE_ENV === 'production',
    demoMode,
    databaseUrl: v.DATABASE_URL as string,
    redisUrl: v.REDIS_URL as string,
    port: v.PORT as number,
    host: (v.HOST as string | undefined) || (demoMode ? '127.0.0.1' : '0.0.0.0'),
    jwtSecret: v.JWT_SECRET as string,
    jwtTtlSeconds: v.JWT_TTL_SECONDS as number,
    piiKey: v.PII_KEY as string,
    timeScale: v.WORKFLOW_TIME_SCALE as number,
    bodyLimitBytes: sizeInBytes(v.BODY_LIMIT as string, 'BODY_LIMIT'),
    loginMaxFailures: v.LOGIN_MAX_FAILURES as number,
    loginMaxFailuresPerAddress: v.LOGIN_MAX_FAILURES_PER_ADDRESS as number,
    loginWindowSeconds: v.LOGIN_WINDOW_SECONDS as number,
    queuePrefix: v.QUEUE_PREFIX as string,
    queueBackend: queueBackendOf(env),
    trustProxy: trustProxyOf(v.TRUST_PROXY as string | undefined),
    metricsToken: (v.METRICS_TOKEN as string | undefined)?.trim() || undefined,
    attachments: loadAttachmentSettings(v),
  };
}

/** TRUST_PROXY: unset, empty or `false` trusts no proxy; digits are a hop count; anything else is a list of addresses, CIDR ranges or proxy-addr names (loopback, uniquelocal). */
function trustProxyOf(v: string | undefined): boolean | number | string {
  const t = (v ?? '').trim();
  if (t === '' || t.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(t)) return Number(t);
  return t;
}
