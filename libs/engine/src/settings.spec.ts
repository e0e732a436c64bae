/**
 * The one settings schema as the api and the worker load it: generic keys plus every process's,
 * the rules kept from before (production, secrets, demo mode), and the README's table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SettingsError, settingsSchema } from '@app/settings';
import { PROCESS_SETTINGS } from '@app/processes';
import { SETTING_DECLARATIONS, checkConfiguration, loadSettings } from './settings';
import { generateSecrets } from './secrets';
import { validateConfiguration } from './configuration';

const secrets = generateSecrets();

describe('settings', () => {
  it('defaults every generic value when only the secrets are set', () => {
    const s = loadSettings({ JWT_SECRET: secrets.JWT_SECRET, PII_KEY: secrets.PII_KEY });
    expect(s).toMatchObject({
      production: false, demoMode: false, databaseUrl: 'postgres://postgres@127.0.0.1:5432/casework', redisUrl: 'redis://127.0.0.1:6379',
      port: 3000, host: '0.0.0.0', jwtTtlSeconds: 28800, timeScale: 1, bodyLimitBytes: 262144, loginMaxFailures: 5,
      loginMaxFailuresPerAddress: 50, loginWindowSeconds: 900, queuePrefix: 'casework', queueBackend: 'postgres', trustProxy: false,
    });
    expect(s.metricsToken).toBeUndefined();
  });

  it('coerces the environment text to numbers', () => {
    const s = loadSettings({ ...secrets, PORT: '8081', WORKFLOW_TIME_SCALE: '86400', TRUST_PROXY: '2', REDIS_URL: 'redis://r:6379' });
    expect(s).toMatchObject({ port: 8081, timeScale: 86400, trustProxy: 2, queueBackend: 'redis', redisUrl: 'redis://r:6379' });
  });

  it('stops with one message naming every bad variable, generic and per process, and what each expects', () => {
    let err: unknown;
    try {
      checkConfiguration({ ...secrets, PORT: 'abc', DIBAO_LINE_YUAN: '-1', QUEUE_BACKEND: 'kafka', LEGAL_AID_WARNING_FRACTION: '1' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SettingsError);
    const message = (err as Error).message;
    expect((err as SettingsError).problems).toHaveLength(4);
    expect(message).toContain('PORT 应为 0 到 65535 之间的整数（当前为 "abc"）');
    expect(message).toContain('DIBAO_LINE_YUAN 应为 大于 0 的数字（当前为 "-1"）');
    expect(message).toContain('QUEUE_BACKEND 应为 以下之一：redis、postgres（当前为 "kafka"）');
    expect(message).toContain('LEGAL_AID_WARNING_FRACTION 应为 大于 0、小于 1 的数字（当前为 "1"）');
  });

  it('keeps the rules of production, demo mode and the secrets in the same message', () => {
    expect(() => checkConfiguration({ NODE_ENV: 'production', PORT: 'x' })).toThrow(
      /PORT 应为.*生产模式缺少必需的环境变量：DATABASE_URL, REDIS_URL.*缺少必需的密钥环境变量：JWT_SECRET, PII_KEY, AUDIT_SIGNING_KEY/,
    );
    expect(() => loadSettings({ ...secrets, DEMO_MODE: '1', NODE_ENV: 'production' })).toThrow(/DEMO_MODE/);
    expect(() => loadSettings({ JWT_SECRET: 'short', PII_KEY: secrets.PII_KEY })).toThrow(/密钥过短.*JWT_SECRET/);
    expect(() => loadSettings({ ...secrets, DATABASE_URL: 'postgres://u:hunter2@db/x', PORT: '-1' })).toThrow(/PORT/);
    try {
      loadSettings({ ...secrets, DATABASE_URL: 'mysql://u:hunter2@db/x' });
    } catch (e) {
      expect((e as Error).message).toContain('DATABASE_URL');
      expect((e as Error).message).not.toContain('hunter2');
    }
    expect.assertions(6);
  });

  it("adds the processes' own consistency rules when asked (ConfigModule's validate does)", () => {
    const env = { ...secrets, AUDIT_SIGNING_KEY: secrets.AUDIT_SIGNING_KEY, LEGAL_AID_FAST_DECISION_DAYS: '9' };
    expect(() => checkConfiguration(env)).not.toThrow();
    expect(() => checkConfiguration(env, { processes: true })).toThrow(/三优审查目标/);
    expect(() => validateConfiguration(env)).toThrow(/三优审查目标/);
    expect(validateConfiguration({ ...secrets, PORT: '4001' }).casework.settings.port).toBe(4001);
  });

  it("names the loaders' own faults (time zone, holiday list, supervisors) in the same start-up message", () => {
    const env = {
      ...secrets, LEGAL_AID_FAST_DECISION_DAYS: '9', LOCAL_TIME_ZONE: 'Mars/Olympus', WORKDAY_HOLIDAYS: '2026-02-30', TASK_SUPERVISORS: 'nonsense',
    };
    let err: unknown;
    try {
      checkConfiguration(env, { processes: true });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SettingsError);
    expect((err as SettingsError).problems).toHaveLength(4);
    expect((err as Error).message).toMatch(/三优审查目标.*LOCAL_TIME_ZONE.*TASK_SUPERVISORS 的「nonsense」.*WORKDAY_HOLIDAYS/);
  });

  it('has each process key once, with a description and the default its config uses', () => {
    const schema = settingsSchema(SETTING_DECLARATIONS);
    expect(schema.properties.DIBAO_LINE_YUAN).toMatchObject({ type: 'number', default: 600, exclusiveMinimum: 0 });
    for (const d of SETTING_DECLARATIONS) expect(d.description.length).toBeGreaterThan(3);
    expect(PROCESS_SETTINGS.length).toBeGreaterThan(40);
  });

  it("lists the same keys as the README's configuration tables", () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5));
    const documented = new Set<string>();
    for (const line of section.split('\n').filter((l) => l.startsWith('| '))) {
      const cells = line.split('|').map((c) => c.trim());
      // General table: variables in the first cell; process table: in the second.
      const cell = /^`[A-Z]/.test(cells[1]) ? cells[1] : cells[2];
      for (const m of (cell ?? '').matchAll(/`([A-Z][A-Z0-9_]+)`/g)) documented.add(m[1]);
    }
    const declared = new Set(SETTING_DECLARATIONS.map((d) => d.name));
    expect([...declared].filter((k) => !documented.has(k))).toEqual([]);
    expect([...documented].filter((k) => !declared.has(k))).toEqual([]);
  });
});
