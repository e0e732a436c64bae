/**
 * One default per setting (issue 18): every loader reads its variable through the settings schema,
 * so a default written a second time (a loader's `|| 'Asia/Shanghai'`, `?? 7`, its own Number())
 * cannot drift from the schema's. Iterates over the schema: a new key is covered or this fails.
 *
 * 1. Behaviour: for every key with a default, the loaders give the same values with the variable
 *    unset as with it set to the schema's default, and a different valid value reaches them.
 * 2. Keys whose loader needs a database or a Nest container: their file reads them through
 *    numericSetting/textSetting (whose only default is the schema's).
 * 3. Source: no raw read of a defaulted variable and no fallback after any raw read, anywhere.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Env, SettingDeclaration, validateSettings } from '@app/settings';
import { loadProcessRegistry } from '@app/processes';
import { queuePrefix } from '@app/queues';
import { verifyThreads } from '@app/audit';
import { SETTING_DECLARATIONS, loadSettings } from './settings';
import { generateSecrets } from './secrets';
import { loadWorkQueueSettings, localTimeZone } from './work-queue-settings';
import { DEFAULT_WORKDAY_HOLIDAYS, loadWorkingDayCalendar } from './working-days';
import { WorkflowClock } from './workflow-clock';
import { loadFlagSettings } from '../../../apps/api/src/flags/flag-settings';
import { sweepLeaseMs } from '../../../apps/worker/src/cluster-sweep';

const ROOT = join(__dirname, '..', '..', '..');
const secrets = generateSecrets();

/** Read by loaders that need a database or Nest providers: where each reads it through the schema. */
const READ_THROUGH_SCHEMA: Record<string, string[]> = {
  DB_POOL_SIZE: ['libs/db/src/data-source.ts'],
  OUTBOX_POLL_MS: ['apps/worker/src/outbox-relay.ts'],
  OUTBOX_GATHER_MS: ['apps/worker/src/outbox-relay.ts'],
  RECONCILE_INTERVAL_MS: ['apps/worker/src/timer-reconciler.ts'],
  RECONCILE_GRACE_MS: ['apps/worker/src/timer-reconciler.ts'],
  WORKER_CONCURRENCY: ['apps/worker/src/queue-processors.ts'],
  WORKER_LOCK_MS: ['apps/worker/src/queue-processors.ts'],
  AUDIT_CHECKPOINT_INTERVAL_MS: ['apps/worker/src/audit-checkpointer.ts'],
  EXPORT_MAX_ROWS: ['apps/api/src/exports/xlsx.ts'],
  AUDIT_EXPORT_PAGE: ['apps/api/src/audit/audit-export.ts'],
  REGISTRY_IMPORT_LIMIT: ['apps/api/src/registry/registry-import.ts'],
  SUPERVISION_HOTLINE: ['apps/api/src/cases/notice-board.ts', 'apps/api/src/documents/notice-tables.ts'],
  DEMO_PASSWORD: ['seeds/demo.ts', 'seeds/demo-cases.ts'],
  BOOTSTRAP_ADMIN_DISPLAY_NAME: ['apps/api/src/admin/bootstrap.ts'],
};

/**
 * Not read by this codebase's TypeScript loaders: EMBEDDED_PG_DIR by scripts/embedded-postgres.mjs,
 * which runs before anything is built (its literal is checked below).
 */
const ELSEWHERE = new Set(['EMBEDDED_PG_DIR']);

/** The object store's required variables: S3_* reach the settings only with ATTACHMENT_STORAGE=s3. */
const S3_REQUIRED: Env = { S3_ENDPOINT: 'http://minio:9000', S3_BUCKET: 'casework-attachments', S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret' };
const S3: Env = { ...S3_REQUIRED, ATTACHMENT_STORAGE: 's3' };

/** What else a variable's case needs: REDIS_URL given or not also chooses QUEUE_BACKEND's default. */
const CONTEXT: Record<string, Env> = {
  REDIS_URL: { QUEUE_BACKEND: 'redis' }, ATTACHMENT_STORAGE: S3_REQUIRED, S3_REGION: S3, S3_KEY_PREFIX: S3, S3_FORCE_PATH_STYLE: S3,
};

/** Numbers a loader turns into something else. */
const NUMBER_AS: Record<string, (n: number) => unknown> = { DIBAO_DEDUCT_RIGID_EXPENDITURE: (n) => n !== 0 };

/** A valid value other than the default, where the declaration alone does not give one. */
const SAMPLES: Record<string, string> = {
  DATABASE_URL: 'postgres://someone@db.example:5432/elsewhere',
  REDIS_URL: 'redis://redis.example:6380',
  QUEUE_PREFIX: 'elsewhere',
  BODY_LIMIT: '1mb',
  LOCAL_TIME_ZONE: 'Asia/Urumqi',
  WORKDAY_HOLIDAYS: '2026-12-24',
  WORKDAY_EXTRA_WORKDAYS: '2026-12-26',
  FLAG_OFF_HOURS: '23:30-05:00',
  HOUSING_ACCEPTANCE_CHECKLIST: 'foundation,roof',
  DIBAO_COUNTY_LINES: '370832=650',
  DIBAO_TOWNSHIP_CONFIRMATION: '370832101',
  ATTACHMENT_STORAGE: 's3',
  S3_REGION: 'cn-north-1',
  S3_KEY_PREFIX: 'documents',
  S3_FORCE_PATH_STYLE: 'false',
};

/** Everything the loaders that take an environment make of it, as plain data. */
function loaded(env: Env): unknown {
  const calendar = loadWorkingDayCalendar(env);
  const days = (from: string, to: string) => {
    const out: string[] = [];
    for (let t = Date.parse(from); t <= Date.parse(to); t += 86400000) {
      const d = new Date(t).toISOString().slice(0, 10);
      if (calendar.isWorkingDay(d)) out.push(d);
    }
    return out;
  };
  return {
    settings: loadSettings({ ...env, JWT_SECRET: secrets.JWT_SECRET, PII_KEY: secrets.PII_KEY }),
    workQueues: loadWorkQueueSettings(env),
    flags: loadFlagSettings(env),
    // The calendar as the working days it yields over its default lists' span.
    calendar: { timeZone: calendar.timeZone, workingDays: days('2026-01-01', '2027-12-31') },
    clockScale: WorkflowClock.fromEnv(env).scale,
    localTimeZone: localTimeZone(env),
    queuePrefix: queuePrefix(env),
    sweepLeaseMs: sweepLeaseMs(env),
    verifyThreads: verifyThreads(env),
    processes: Object.fromEntries(loadProcessRegistry(env).all().map((d) => [d.key, d.config])),
  };
}

/** Every leaf (path → value) of plain data; arrays are leaves. */
function leaves(value: unknown, path = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) for (const [p, x] of leaves(v, `${path}.${k}`)) out.set(p, x);
  } else out.set(path, value);
  return out;
}

function sampleOf(d: SettingDeclaration): string {
  if (SAMPLES[d.name] !== undefined) return SAMPLES[d.name];
  const s = d.schema;
  if (s.enum) return String(s.enum.find((v) => String(v) !== String(d.default)));
  if (s.type === 'number' || s.type === 'integer') {
    const def = Number(d.default);
    const valid = [def + 1, def - 1, def / 2].find((v) => v !== def && !validateSettings({ [d.name]: String(v) }, [d]).problems.length);
    if (valid !== undefined) return String(valid);
  }
  throw new Error(`${d.name}: give it a sample value in SAMPLES`);
}

const defaulted = SETTING_DECLARATIONS.filter((d) => d.default !== undefined && !ELSEWHERE.has(d.name));
const behavioural = defaulted.filter((d) => !READ_THROUGH_SCHEMA[d.name]);

describe('one default per setting: the loaders use the schema\'s', () => {
  it.each(behavioural.map((d) => [d.name, d] as const))('%s unset is its schema default, and a value set reaches the loaders', (name, d) => {
    const context = CONTEXT[name] ?? {};
    const unset = loaded(context);
    expect(loaded({ ...context, [name]: String(d.default) })).toEqual(unset);
    const sample = sampleOf(d);
    const unsetLeaves = leaves(unset);
    const changed = [...leaves(loaded({ ...context, [name]: sample }))].filter(([p, v]) => JSON.stringify(v) !== JSON.stringify(unsetLeaves.get(p)));
    expect(changed.length).toBeGreaterThan(0);
    // A number reaches its loader as that number (a loader with its own parse or scale would not give it).
    if (d.schema.type === 'boolean') expect(changed.map(([, v]) => v)).toContainEqual(sample === 'true');
    else if (d.schema.type !== 'string') expect(changed.map(([, v]) => v)).toContainEqual((NUMBER_AS[name] ?? Number)(Number(sample)));
  });

  it.each(Object.entries(READ_THROUGH_SCHEMA))('%s is read through the schema where it is used', (name, files) => {
    expect(defaulted.map((d) => d.name)).toContain(name);
    for (const file of files) expect(readFileSync(join(ROOT, file), 'utf8')).toMatch(new RegExp(`(numericSetting|textSetting)\\('${name}'`));
  });

  it('covers every declared key with a default (the lists above are not stale either)', () => {
    expect(behavioural.length + Object.keys(READ_THROUGH_SCHEMA).length).toBe(defaulted.length);
    for (const name of ELSEWHERE) expect(SETTING_DECLARATIONS.map((d) => d.name)).toContain(name);
    expect(DEFAULT_WORKDAY_HOLIDAYS).toBe(SETTING_DECLARATIONS.find((d) => d.name === 'WORKDAY_HOLIDAYS')!.default);
  });

  it("the embedded PostgreSQL script's fallback is the schema's EMBEDDED_PG_DIR", () => {
    const def = SETTING_DECLARATIONS.find((d) => d.name === 'EMBEDDED_PG_DIR')!.default;
    expect(readFileSync(join(ROOT, 'scripts/embedded-postgres.mjs'), 'utf8')).toContain(`process.env.EMBEDDED_PG_DIR || '${def}'`);
  });
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (['node_modules', 'dist', 'public'].includes(name)) return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.(spec|test|e2e-spec)\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('no loader keeps a default of its own', () => {
  // The settings library is the reader.
  const exempt = (path: string) => path.startsWith('libs/settings/') || path.startsWith('apps/console/');
  const lines = ['apps', 'libs', 'seeds']
    .flatMap((d) => sources(join(ROOT, d)))
    .map((path) => relative(ROOT, path))
    .filter((path) => !exempt(path))
    .flatMap((path) => readFileSync(join(ROOT, path), 'utf8').split('\n').map((text, i) => ({ where: `${path}:${i + 1}`, text })));
  const READ = String.raw`\b(env|environment\(\))`;

  it('reads no variable that has a default straight from the environment', () => {
    const names = SETTING_DECLARATIONS.filter((d) => d.default !== undefined).map((d) => d.name).join('|');
    const raw = new RegExp(String.raw`${READ}\s*(\??\.(${names})\b|\[\s*['"\`](${names})['"\`]\s*\])`);
    expect(lines.filter((l) => raw.test(l.text)).map((l) => `${l.where}: ${l.text.trim()}`)).toEqual([]);
  });

  it('puts no fallback after a read of the environment, and parses none itself', () => {
    const fallback = new RegExp(String.raw`${READ}(\??\.[A-Z][A-Z0-9_]*|\[[^\]]+\])(\??\.trim\(\))?\s*(\?\?|\|\|)`);
    const parse = new RegExp(String.raw`\b(Number|parseInt|parseFloat)\(\s*${READ}`);
    expect(lines.filter((l) => fallback.test(l.text) || parse.test(l.text)).map((l) => `${l.where}: ${l.text.trim()}`)).toEqual([]);
  });

  it('would see one (the patterns are not blind)', () => {
    const fallback = new RegExp(String.raw`${READ}(\??\.[A-Z][A-Z0-9_]*|\[[^\]]+\])(\??\.trim\(\))?\s*(\?\?|\|\|)`);
    expect(fallback.test("const tz = env.LOCAL_TIME_ZONE || 'Asia/Shanghai';")).toBe(true);
    expect(fallback.test('const n = env[name]?.trim() ?? 7;')).toBe(true);
    expect(fallback.test("const id = textSetting('WORKER_ID') || host;")).toBe(false);
  });
});
