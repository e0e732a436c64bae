/**
 * Issue 19, critical 1: public development secrets were a working default. The built api and worker
 * now refuse to start without JWT_SECRET, PII_KEY and AUDIT_SIGNING_KEY (demo mode included), and
 * refuse the values once written in this repository; tokens without `exp` or signed with the old
 * development secret are refused; demo mode listens on loopback unless HOST says otherwise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as jwt from 'jsonwebtoken';
import { publicDevelopmentKeyForTests } from '../libs/audit/src/signing-key';
import { loadSettings } from '../libs/engine/src/settings';
import { SystemUnderTest } from './support/system-under-test';

const MAINS = {
  api: join(__dirname, '..', 'dist', 'apps', 'api', 'src', 'main.js'),
  worker: join(__dirname, '..', 'dist', 'apps', 'worker', 'src', 'main.js'),
};
const OLD_DEV = { JWT_SECRET: 'development-only-jwt-secret-change-me', PII_KEY: 'development-only-pii-key-0123456789abcdef' };

/** Starts a built main with exactly this environment (plus PATH) and returns how it ended. */
function start(which: keyof typeof MAINS, env: Record<string, string>) {
  const r = spawnSync(process.execPath, [MAINS[which]], {
    env: { PATH: process.env.PATH!, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', REDIS_URL: 'redis://127.0.0.1:1', PORT: '0', ...env },
    encoding: 'utf8', timeout: 20000,
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('secrets are required, never defaulted', () => {
  const sut = new SystemUnderTest({ worker: false });
  beforeAll(async () => {
    if (!existsSync(MAINS.api)) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    await sut.start();
  });
  afterAll(() => sut.stop());

  it.each(['api', 'worker'] as const)('the %s refuses to start without secrets, in demo mode too, naming the variables', (which) => {
    for (const mode of [{}, { NODE_ENV: 'production' }, { DEMO_MODE: '1' }] as Array<Record<string, string>>) {
      const r = start(which, mode);
      expect(r.status).toBe(1);
      expect(r.output).toContain('JWT_SECRET, PII_KEY, AUDIT_SIGNING_KEY');
    }
  });

  it.each(['api', 'worker'] as const)('the %s refuses the development values once written in the repository', (which) => {
    const fresh = { JWT_SECRET: process.env.JWT_SECRET!, PII_KEY: process.env.PII_KEY!, AUDIT_SIGNING_KEY: process.env.AUDIT_SIGNING_KEY! };
    for (const [name, value] of [...Object.entries(OLD_DEV), ['AUDIT_SIGNING_KEY', publicDevelopmentKeyForTests()]]) {
      const r = start(which, { ...fresh, DEMO_MODE: '1', [name]: value });
      expect(r.status).toBe(1);
      expect(r.output).toMatch(new RegExp(`${name}|公开过的开发`));
      expect(r.output).not.toContain(value);
    }
  });

  it('a token with no exp, or signed with the old development secret, is refused', async () => {
    const login = await sut.http().post('/api/auth/login').send({ username: 'cun.yannali', password: process.env.DEMO_PASSWORD || 'Demo#2026' });
    const claims = jwt.decode(login.body.accessToken) as jwt.JwtPayload;
    const { exp: _exp, iat: _iat, ...rest } = claims;
    const noExp = jwt.sign(rest, process.env.JWT_SECRET!, { algorithm: 'HS256' });
    expect((await sut.http().get('/api/me').set('Authorization', `Bearer ${noExp}`)).status).toBe(401);
    const oldDev = jwt.sign(claims, OLD_DEV.JWT_SECRET, { algorithm: 'HS256' });
    expect((await sut.http().get('/api/me').set('Authorization', `Bearer ${oldDev}`)).status).toBe(401);
    expect((await sut.http().get('/api/me').set('Authorization', `Bearer ${login.body.accessToken}`)).status).toBe(200);
  });

  it('demo mode listens on loopback unless HOST is set; other modes on every interface', () => {
    const secrets = { JWT_SECRET: process.env.JWT_SECRET!, PII_KEY: process.env.PII_KEY! };
    expect(loadSettings({ ...secrets, DEMO_MODE: '1' }).host).toBe('127.0.0.1');
    expect(loadSettings({ ...secrets, DEMO_MODE: '1', HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadSettings({ ...secrets }).host).toBe('0.0.0.0');
    expect(() => loadSettings({ ...secrets, DEMO_MODE: '1', NODE_ENV: 'production' })).toThrow(/DEMO_MODE/);
  });
});
