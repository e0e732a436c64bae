/**
 * Authentication and bad input (issue 2's foundation, the first pieces of issue 9): expired and
 * tampered tokens, login throttling, no password material in answers, production refusing to start
 * without secrets, oversized bodies. (Property-based bodies on every write route and event type:
 * bad-input.e2e-spec.ts.)
 */
import * as jwt from 'jsonwebtoken';
import { loadSettings } from '../libs/engine/src/settings';
import { seedDemo } from '../seeds/demo';
import { SystemUnderTest } from './support/system-under-test';
import { housingFiling } from './support/fixtures';

describe('authentication and hostile input', () => {
  const sut = new SystemUnderTest({ env: { LOGIN_MAX_FAILURES: '3' } });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  const counts = async () =>
    (await sut.ds.query(`SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM audit_entries WHERE outcome = 'ok')::int AS audit,
      (SELECT count(*) FROM tasks)::int AS tasks, (SELECT count(*) FROM outbox)::int AS outbox`))[0];

  it('expired and tampered tokens get 401; the login answer holds no password material', async () => {
    const login = await sut.http().post('/api/auth/login').send({ username: 'cun.yannali', password: process.env.DEMO_PASSWORD || 'Demo#2026' });
    expect(login.status).toBe(200);
    expect(JSON.stringify(login.body)).not.toMatch(/scrypt|password_hash|passwordHash|"password"/i);
    const claims = jwt.decode(login.body.accessToken) as jwt.JwtPayload;
    const expired = jwt.sign({ sub: claims.sub, username: claims.username, sid: claims.sid, exp: Math.floor(Date.now() / 1000) - 60 }, loadSettings().jwtSecret);
    expect((await sut.http().get('/api/me').set('Authorization', `Bearer ${expired}`)).status).toBe(401);
    const forged = jwt.sign({ sub: claims.sub, username: claims.username, sid: claims.sid }, 'not-the-server-secret-at-all-not-at-all');
    expect((await sut.http().get('/api/me').set('Authorization', `Bearer ${forged}`)).status).toBe(401);
  });

  it('past the configured failures an account is slowed for addresses it never logged in from', async () => {
    const attempt = (password: string) => sut.http().post('/api/auth/login').send({ username: 'cun.leikou', password });
    for (let i = 0; i < 3; i++) expect((await attempt('wrong-password')).status).toBe(401);
    const blocked = await attempt(process.env.DEMO_PASSWORD || 'Demo#2026');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(blocked.headers['content-type']).toContain('application/problem+json');
  });

  it('settings refuse to load without secrets in any mode, and the demo seed runs only in demo mode', async () => {
    for (const NODE_ENV of ['production', 'development', undefined]) {
      expect(() => loadSettings({ NODE_ENV, DATABASE_URL: 'postgres://x', REDIS_URL: 'redis://x' })).toThrow(/JWT_SECRET, PII_KEY/);
    }
    await expect(seedDemo(sut.ds, { NODE_ENV: 'production' })).rejects.toThrow(/生产模式/);
    await expect(seedDemo(sut.ds, { NODE_ENV: 'development', JWT_SECRET: process.env.JWT_SECRET, PII_KEY: process.env.PII_KEY })).rejects.toThrow(/演示模式/);
  });

  it('an oversized body is refused with 413 and nothing is written', async () => {
    const clerk = await sut.as('cun.yannali');
    const before = await counts();
    const res = await clerk.post('/api/cases', { ...housingFiling(), data: { category: 'registered_poor', houseDescription: 'x'.repeat(300 * 1024) } });
    expect(res.status).toBe(413);
    expect(await counts()).toEqual(before);
  });
});
