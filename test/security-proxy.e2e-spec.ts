/**
 * Issue 19 (pen test), item 2: X-Forwarded-For was trusted from loopback, so a client on loopback
 * (or behind a proxy that forwards the header as sent) named its own address: it rotated the header
 * to slip past the per-address login limit, and the spoofed address went into the audit. Now only
 * the proxies named in TRUST_PROXY are believed; by default none.
 */
import { DEFAULT_DEMO_PASSWORD } from '../seeds/demo';
import { SystemUnderTest } from './support/system-under-test';

const PASSWORD = process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
const SPOOFED = '203.0.113.7';

/** The ip recorded in the newest LOGIN entry of `username`. */
async function loggedIp(sut: SystemUnderTest, username: string): Promise<string> {
  const [row] = await sut.ds.query(
    `SELECT e.payload->>'ip' AS ip FROM audit_entries e JOIN users u ON e.chain_id = 'actor:' || u.id
     WHERE u.username = $1 AND e.action = 'LOGIN' ORDER BY e.id DESC LIMIT 1`,
    [username],
  );
  return row?.ip;
}

const isLoopback = (ip: string) => /^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/.test(ip);

describe('X-Forwarded-For with no TRUST_PROXY (the default): ignored', () => {
  const sut = new SystemUnderTest({ worker: false, env: { LOGIN_MAX_FAILURES_PER_ADDRESS: '3', LOGIN_MAX_FAILURES: '1000' } });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  const login = (username: string, password: string, forwardedFor: string) =>
    sut.http().post('/api/auth/login').set('X-Forwarded-For', forwardedFor).send({ username, password });

  it('a spoofed X-Forwarded-For does not change the address written to the LOGIN audit entry', async () => {
    const res = await login('cun.yannali', PASSWORD, SPOOFED);
    expect(res.status).toBe(200);
    const ip = await loggedIp(sut, 'cun.yannali');
    expect(ip).not.toBe(SPOOFED);
    expect(isLoopback(ip)).toBe(true);
  });

  it('rotating X-Forwarded-For does not escape the per-address failure limit', async () => {
    // Three accounts, three made-up addresses: one real address, so the fourth try is refused.
    const users = ['zhen.xiaolukou', 'zhen.xiaolukou2', 'cun.leikou', 'xian.liangshan.fupin'];
    for (let i = 0; i < 3; i++) expect((await login(users[i], 'wrong-password', `198.51.100.${i + 1}`)).status).toBe(401);
    const blocked = await login(users[3], 'wrong-password', '198.51.100.99');
    expect(blocked.status).toBe(429);
    expect(blocked.headers['content-type']).toContain('application/problem+json');
    // Nothing was recorded under an address the client made up.
    const spoofed = await sut.ds.query(`SELECT count(*)::int AS n FROM audit_entries WHERE payload->>'ip' LIKE '198.51.100.%' OR payload->>'ip' = $1`, [SPOOFED]);
    expect(spoofed[0].n).toBe(0);
  });
});

describe('X-Forwarded-For with TRUST_PROXY naming the proxy: believed from it', () => {
  // The test client connects over loopback, so here loopback is the configured proxy.
  const sut = new SystemUnderTest({ worker: false, env: { TRUST_PROXY: 'loopback' } });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  it('the client address the trusted proxy reports is the one audited', async () => {
    const res = await sut.http().post('/api/auth/login').set('X-Forwarded-For', SPOOFED).send({ username: 'cun.yannali', password: PASSWORD });
    expect(res.status).toBe(200);
    expect(await loggedIp(sut, 'cun.yannali')).toBe(SPOOFED);
  });
});
