/**
 * Issue 19, medium: the login could be used to lock anyone out (five wrong passwords locked the
 * account, admin included, even for the right password) and told unknown usernames apart by time.
 * Now: past LOGIN_MAX_FAILURES an account is slowed (a doubling Retry-After) for addresses it never
 * logged in from, while its owner's right password from a known address still gets in; an unknown
 * username costs the same scrypt; the counts live in PostgreSQL, so a second api replica sees them;
 * failures are on the account's chain up to the limit and no further (a flood cannot fill it).
 */
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { SystemUnderTest, eventually } from './support/system-under-test';

const PASSWORD = process.env.DEMO_PASSWORD || 'Demo#2026';

describe('login: slowed, never locked; timing says nothing; limits shared by replicas', () => {
  const sut = new SystemUnderTest({ worker: false, env: { TRUST_PROXY: 'loopback', LOGIN_MAX_FAILURES: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '6' } });
  let second: INestApplication;
  beforeAll(async () => {
    await sut.start();
    second = await sut.secondApi();
  });
  afterAll(() => sut.stop());

  const login = (from: string, username: string, password: string, app?: INestApplication) =>
    (app ? request(app.getHttpServer()) : sut.http()).post('/api/auth/login').set('X-Forwarded-For', from).send({ username, password });

  it('an attacker cannot lock the admin out: the owner at a known address gets in, others wait a growing time', async () => {
    expect((await login('198.51.100.4', 'admin', PASSWORD)).status).toBe(200); // the admin's usual desk
    const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000 + 250));
    for (let i = 0; i < 3; i++) expect((await login('203.0.113.7', 'admin', `guess-${i}`)).status).toBe(401);
    const first = await login('203.0.113.8', 'admin', PASSWORD); // even the right one, from elsewhere, waits
    expect(first.status).toBe(429);
    const wait = Number(first.headers['retry-after']);
    expect(wait).toBeGreaterThanOrEqual(1);
    // Each further failure doubles the wait.
    await sleep(wait);
    expect((await login('203.0.113.7', 'admin', 'guess-3')).status).toBe(401);
    const second = await login('203.0.113.8', 'admin', PASSWORD);
    expect(second.status).toBe(429);
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(wait);
    // Meanwhile the owner, at the known desk, is not locked out.
    for (let i = 4; i < 7; i++) await login('203.0.113.7', 'admin', `guess-${i}`);
    expect((await login('198.51.100.4', 'admin', PASSWORD)).status).toBe(200);
    // Slowed, not locked: once the wait has passed, the right password works from a new address too.
    for (let i = 0; i < 3; i++) expect((await login(`203.0.113.${20 + i}`, 'admin', `more-${i}`)).status).toBe(401);
    const third = await login('203.0.113.11', 'admin', PASSWORD);
    expect(third.status).toBe(429);
    await sleep(Number(third.headers['retry-after']));
    expect((await login('203.0.113.11', 'admin', PASSWORD)).status).toBe(200);
  });

  it('an unknown username answers like a wrong password and costs a scrypt too', async () => {
    const known = await login('192.0.2.1', 'cun.leikou', 'wrong-password-1');
    const unknown = await login('192.0.2.2', 'no.such.user', 'wrong-password-1');
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual({ ...known.body });
    // Without the decoy hash an unknown user answered in 3–6 ms; scrypt (N=2^15) takes tens of ms.
    let fastest = Infinity;
    for (let i = 0; i < 3; i++) {
      const t = process.hrtime.bigint();
      await login(`192.0.2.${10 + i}`, `no.such.user${i}`, 'whatever-password');
      fastest = Math.min(fastest, Number(process.hrtime.bigint() - t) / 1e6);
    }
    expect(fastest).toBeGreaterThan(15);
  });

  it('the per-address limit holds across two api replicas, and the spoofed-free address is what is counted', async () => {
    for (let i = 0; i < 3; i++) expect((await login('192.0.2.99', `x${i}.nobody`, 'p')).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await login('192.0.2.99', `y${i}.nobody`, 'p', second)).status).toBe(401);
    expect((await login('192.0.2.99', 'cun.yannali', PASSWORD)).status).toBe(429);
    expect((await login('192.0.2.99', 'cun.yannali', PASSWORD, second)).status).toBe(429);
    expect((await login('192.0.2.100', 'cun.yannali', PASSWORD, second)).status).toBe(200);
  });

  it('failures are on the account’s chain up to the limit, not beyond; a logout ends the token on the other replica', async () => {
    const before = await sut.ds.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'LOGIN_FAILED' AND actor_username = 'zhen.xiaolukou2'`);
    for (let i = 0; i < 12; i++) await login(`198.18.0.${i}`, 'zhen.xiaolukou2', `flood-${i}`);
    const after = await sut.ds.query(`SELECT count(*)::int AS n, max(payload->>'failures') AS last FROM audit_entries WHERE action = 'LOGIN_FAILED' AND actor_username = 'zhen.xiaolukou2'`);
    expect(after[0].n - before[0].n).toBe(3);

    const token = (await login('198.51.100.20', 'cun.leikou', PASSWORD)).body.accessToken;
    expect((await request(second.getHttpServer()).get('/api/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    expect((await sut.http().post('/api/auth/logout').set('Authorization', `Bearer ${token}`)).status).toBe(204);
    await eventually(async () => (await request(second.getHttpServer()).get('/api/me').set('Authorization', `Bearer ${token}`)).status === 401, 1000);
  });
});
