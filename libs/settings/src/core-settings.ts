/**
 * The generic settings (README, configuration table): api, worker, queues, audit, scripts. The
 * processes' local rules are declared in their own folders and added by the process registry.
 * Defaults here are the only ones: every loader reads its value through the schema (settingOf,
 * numericSetting, textSetting), never a fallback of its own; a value the schema refuses stops start-up.
 */
import { SettingDeclaration, booleanSetting as bool, integerSetting as int, numberSetting as num, stringSetting as str } from './declaration';

/**
 * The working-day calendar's defaults (libs/engine/src/working-days.ts): 2026 as the State Council
 * arranged it (国办发明电〔2025〕, 放假调休 ranges and the Saturdays/Sundays worked), and 2027's
 * statutory holidays (全国年节及纪念日放假办法, 2024 revision) alone: the State Council announces
 * 2027's 调休 late in 2026, to be added to both settings then.
 */
const WORKDAY_HOLIDAYS_2026_2027 = [
  // 2026
  '2026-01-01..2026-01-03', // 元旦
  '2026-02-15..2026-02-23', // 春节
  '2026-04-04..2026-04-06', // 清明节
  '2026-05-01..2026-05-05', // 劳动节
  '2026-06-19..2026-06-21', // 端午节
  '2026-09-25..2026-09-27', // 中秋节
  '2026-10-01..2026-10-07', // 国庆节
  // 2027: statutory days only (除夕 to 初三, 劳动节 2 days, 国庆节 3 days)
  '2027-01-01',
  '2027-02-05..2027-02-08',
  '2027-04-05',
  '2027-05-01..2027-05-02',
  '2027-06-09',
  '2027-09-15',
  '2027-10-01..2027-10-03',
].join(',');

/** 2026's 调休 weekend workdays (元旦, 春节 ×2, 劳动节, 国庆节 ×2). */
const WORKDAY_EXTRA_WORKDAYS_2026 = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'].join(',');

const SIZE = '^\\s*[0-9]+(\\.[0-9]+)?\\s*([bB]|[kKmMgG][bB])?\\s*$';
const URL_OF = (schemes: string) => `^(${schemes})://`;

export const CORE_SETTINGS: readonly SettingDeclaration[] = [
  str('NODE_ENV', undefined, '`production` requires DATABASE_URL and REDIS_URL and refuses the demo seed and DEMO_MODE'),
  str('DEMO_MODE', undefined, '`1` under `npm run demo`: allows the demo seed; the api listens on loopback by default'),
  str('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/casework', 'PostgreSQL connection URL', { pattern: URL_OF('postgres|postgresql'), secret: true }),
  int('DB_POOL_SIZE', 20, 'PostgreSQL connections per api or worker process', { minimum: 1 }),
  // Set or not, it also chooses QUEUE_BACKEND's default (engine settings.ts): the default URL serves QUEUE_BACKEND=redis alone.
  str('REDIS_URL', 'redis://127.0.0.1:6379', 'Redis connection URL (BullMQ), used when QUEUE_BACKEND=redis', { pattern: URL_OF('redis|rediss'), secret: true }),
  str('QUEUE_BACKEND', undefined, 'where BullMQ keeps jobs: redis (default when REDIS_URL is set) or postgres', { enum: ['redis', 'postgres'] }),
  str('QUEUE_PREFIX', 'casework', 'BullMQ key prefix (Redis backend)', { minLength: 1 }),
  int('PORT', 3000, 'api port', { minimum: 0, maximum: 65535 }),
  str('HOST', undefined, 'address the api listens on (loopback in demo mode, else every interface)'),
  str('JWT_SECRET', undefined, 'HS256 signing key, at least 32 characters; required', { secret: true }),
  int('JWT_TTL_SECONDS', 28800, 'token lifetime in seconds', { minimum: 1 }),
  str('PII_KEY', undefined, 'key material of ID-number encryption and the keyed-hash index, at least 32 characters; required', { secret: true }),
  str('AUDIT_SIGNING_KEY', undefined, 'Ed25519 private key signing audit checkpoints (PKCS#8 PEM or base64 DER); required', { secret: true }),
  num('WORKFLOW_TIME_SCALE', 1, 'speeds the system\'s own durations (notice periods, SLA clocks)', { exclusiveMinimum: 0 }),
  str('DEMO_PASSWORD', 'Demo#2026', 'password of every demo user', { secret: true }),
  str('BODY_LIMIT', '256kb', 'largest JSON body (b, kb, mb, gb)', { pattern: SIZE }),
  str('REGISTRY_IMPORT_LIMIT', '300mb', 'largest registry CSV upload (b, kb, mb, gb)', { pattern: SIZE }),
  int('ATTACHMENT_MAX_BYTES', 10485760, 'largest document attached to a case, in bytes', { minimum: 1 }),
  str('ATTACHMENT_STORAGE', 'pg', 'where attachment bytes are kept: pg (PostgreSQL) or s3 (an S3-compatible object store, S3_*)', { enum: ['pg', 'PG', 's3', 'S3'] }),
  // The object store of ATTACHMENT_STORAGE=s3; endpoint, bucket and both keys are then required (engine settings.ts checks).
  str('S3_ENDPOINT', undefined, 'ATTACHMENT_STORAGE=s3: the object store\'s URL (e.g. http://minio:9000)', { pattern: URL_OF('http|https'), expects: 'http:// 或 https:// 开头的网址（例如 http://minio:9000）' }),
  str('S3_REGION', 'us-east-1', 'ATTACHMENT_STORAGE=s3: the region requests are signed for', { minLength: 1 }),
  str('S3_BUCKET', undefined, 'ATTACHMENT_STORAGE=s3: the bucket attachments are kept in; it must exist (the api checks at start)', { pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$', expects: '桶名（3 到 63 个小写字母、数字、点或连字符）' }),
  str('S3_KEY_PREFIX', 'attachments', 'ATTACHMENT_STORAGE=s3: the first part of each object\'s key (<prefix>/<case id>/<attachment id>)', { pattern: '^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$', expects: '以 / 分隔的一段或几段字母、数字、点、下划线或连字符' }),
  str('S3_ACCESS_KEY_ID', undefined, 'ATTACHMENT_STORAGE=s3: the access key id', { secret: true }),
  str('S3_SECRET_ACCESS_KEY', undefined, 'ATTACHMENT_STORAGE=s3: the secret access key (from the environment, never a file in the repository)', { secret: true }),
  bool('S3_FORCE_PATH_STYLE', true, 'ATTACHMENT_STORAGE=s3: address the bucket in the path (MinIO) rather than as a host name (AWS)'),
  int('LOGIN_MAX_FAILURES', 5, 'failed logins of one account within the window before it is locked', { minimum: 1 }),
  int('LOGIN_MAX_FAILURES_PER_ADDRESS', 50, 'failed logins from one address within the window before it is refused', { minimum: 1 }),
  int('LOGIN_WINDOW_SECONDS', 900, 'the failed-login window in seconds', { minimum: 1 }),
  str('TRUST_PROXY', undefined, 'reverse proxies whose X-Forwarded-For is believed: false, a hop count (the nearest hops), or addresses, CIDR ranges and names such as loopback'),
  str('METRICS_TOKEN', undefined, 'bearer token of GET /api/metrics; unset: loopback peers only', { secret: true }),
  int('OUTBOX_POLL_MS', 100, 'outbox relay idle poll, in ms', { minimum: 1 }),
  int('OUTBOX_GATHER_MS', 50, 'after relaying a part-full batch, how long the relay lets rows gather before the next, in ms (0: at once)', { minimum: 0 }),
  int('RECONCILE_INTERVAL_MS', 5000, 'how often the reconciler looks for deadlines whose delayed job did not run, in ms', { minimum: 1 }),
  int('RECONCILE_GRACE_MS', 5000, 'how late a deadline may be before the reconciler fires it, in ms', { minimum: 0 }),
  int('WORKER_CONCURRENCY', 8, 'jobs in flight per queue per worker', { minimum: 1 }),
  int('WORKER_LOCK_MS', 30000, 'a job\'s lock in ms; a job whose worker died is retried once it lapses', { minimum: 1 }),
  str('WORKER_ID', undefined, 'this worker in sweep_runs (default host:pid)'),
  str('FAULT_INJECT', undefined, 'fault tests only (kill-after-payment, fail-payment:<case>:<period>); ignored in production'),
  int('EMBEDDED_PG_PORT', undefined, '`npm run demo` without DATABASE_URL: the embedded PostgreSQL\'s port (default a free one)', { minimum: 1, maximum: 65535 }),
  str('EMBEDDED_PG_DIR', '.demo/postgres', '`npm run demo` without DATABASE_URL: the embedded PostgreSQL\'s data folder'),
  str('SUPERVISION_HOTLINE', '12317', 'the supervision hotline printed on public notices', { minLength: 1 }),
  str('LOCAL_TIME_ZONE', 'Asia/Shanghai', 'time zone of calendar days and months (IANA name)', { minLength: 1 }),
  str('WORKDAY_HOLIDAYS', WORKDAY_HOLIDAYS_2026_2027, 'days off of the working-day calendar: YYYY-MM-DD or from..to, comma-separated; none = weekends only'),
  str('WORKDAY_EXTRA_WORKDAYS', WORKDAY_EXTRA_WORKDAYS_2026, 'weekend days worked in exchange for holidays (调休): YYYY-MM-DD or from..to, comma-separated; none = no such days'),
  num('CLAIM_IDLE_MINUTES', 120, 'a claimed task untouched this long returns to the queue (business minutes)', { minimum: 1 }),
  num('CLAIM_SWEEP_INTERVAL_MS', 60000, 'how often the worker looks for idle claims, in ms', { minimum: 50 }),
  str('TASK_SUPERVISORS', undefined, 'who supervises whose tasks: process/taskRole=supervisorRole,… (default: what the definitions declare)'),
  num('DELEGATION_MAX_DAYS', 90, 'longest delegation in calendar days', { minimum: 1 }),
  num('DISPATCH_CHECK_INTERVAL_MS', 3600000, 'how often the worker checks that last month\'s dispatch report is kept, in ms', { minimum: 1000 }),
  num('AUDIT_CHECKPOINT_INTERVAL_MS', 600000, 'how often the worker writes a signed audit checkpoint, in ms', { minimum: 1000 }),
  num('SWEEP_LEASE_MS', 30000, 'how long a sweep run holds its lease without a heartbeat, in ms', { minimum: 300 }),
  int('AUDIT_VERIFY_THREADS', undefined, 'threads of a full audit verification (default: cores, at most 4)', { minimum: 1 }),
  int('EXPORT_MAX_ROWS', 10000, 'the most rows one Excel export of a list holds (?format=xlsx)', { minimum: 1 }),
  int('AUDIT_EXPORT_PAGE', 500, 'rows per page of the streamed audit export', { minimum: 1 }),
  int('FLAG_RAPID_DECISIONS_COUNT', 10, 'rapid_decisions: this many decisions or more by one user…', { minimum: 2 }),
  int('FLAG_RAPID_DECISIONS_WINDOW_MINUTES', 10, '…within this many minutes', { minimum: 1 }),
  str('FLAG_OFF_HOURS', '22:00-06:00', 'off_hours_decision: decisions at these local times (HH:MM-HH:MM)', { pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$', expects: 'HH:MM-HH:MM 的本地时段（例如 22:00-06:00）' }),
  str('BOOTSTRAP_JURISDICTION_CODE', undefined, 'npm run admin:bootstrap: the root jurisdiction\'s code (or an existing one)'),
  str('BOOTSTRAP_JURISDICTION_NAME', undefined, 'npm run admin:bootstrap: the root jurisdiction\'s name'),
  str('BOOTSTRAP_JURISDICTION_LEVEL', undefined, 'npm run admin:bootstrap: the root jurisdiction\'s level'),
  str('BOOTSTRAP_ADMIN_USERNAME', undefined, 'npm run admin:bootstrap: the first administrator\'s username'),
  str('BOOTSTRAP_ADMIN_PASSWORD', undefined, 'npm run admin:bootstrap: the first administrator\'s initial password', { secret: true }),
  str('BOOTSTRAP_ADMIN_DISPLAY_NAME', '系统管理员', 'npm run admin:bootstrap: the first administrator\'s display name'),
];
