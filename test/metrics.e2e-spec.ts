/**
 * Issue 18, part 2: GET /api/metrics (prom-client) — request latency by route template and status
 * class, events by process and outcome, outbox lag, queue depth, timer lateness — and who may read it:
 * a loopback peer when METRICS_TOKEN is unset, only the bearer token when it is set.
 */
import { networkInterfaces } from 'node:os';
import { SystemUnderTest, eventually } from './support/system-under-test';
import { housingCaseAt, send, stranger } from './support/fixtures';
import { isLoopback, metricsAccess } from '../apps/api/src/system/metrics';

const sample = (text: string, name: string, labels: Record<string, string> = {}): number | undefined => {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
};

describe('who may read /api/metrics (the decision)', () => {
  it('without METRICS_TOKEN: loopback peers only, whatever X-Forwarded-For says (it is not an input)', () => {
    expect(metricsAccess(undefined, undefined, '127.0.0.1')).toEqual({ allowed: true });
    expect(metricsAccess(undefined, undefined, '::1')).toEqual({ allowed: true });
    expect(metricsAccess(undefined, undefined, '::ffff:127.0.0.1')).toEqual({ allowed: true });
    for (const peer of ['10.0.0.5', '192.168.1.20', '::ffff:10.0.0.5', '2001:db8::1', '', undefined]) {
      expect(metricsAccess(undefined, undefined, peer)).toMatchObject({ allowed: false, status: 403 });
    }
    expect(isLoopback('127.9.9.9')).toBe(true);
    expect(isLoopback('128.0.0.1')).toBe(false);
  });

  it('with METRICS_TOKEN: the exact bearer token from anywhere; none is 401, a wrong one 403, loopback is no exemption', () => {
    expect(metricsAccess('s3cret-token', 'Bearer s3cret-token', '10.0.0.5')).toEqual({ allowed: true });
    expect(metricsAccess('s3cret-token', undefined, '127.0.0.1')).toMatchObject({ allowed: false, status: 401 });
    expect(metricsAccess('s3cret-token', 'Bearer nope', '127.0.0.1')).toMatchObject({ allowed: false, status: 403 });
    expect(metricsAccess('s3cret-token', 'Basic s3cret-token', '127.0.0.1')).toMatchObject({ allowed: false, status: 401 });
  });
});

describe('/api/metrics without METRICS_TOKEN', () => {
  const sut = new SystemUnderTest({ env: { METRICS_TOKEN: '' } });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  it('after some traffic: latency by route template and status class, events accepted and refused by process, queues and timers', async () => {
    const caseId = await housingCaseAt(sut, 'township_audit', stranger(40));
    const wrong = await send(sut, 'cun.yannali', caseId, 'TOWNSHIP_APPROVE', { opinion: '同意' });
    expect(wrong.status).toBe(403);
    await (await sut.as('zhen.xiaolukou')).get('/api/cases/00000000-0000-0000-0000-000000000000');

    const res = await eventually(async () => {
      const r = await sut.http().get('/api/metrics');
      // The village notice's deadline fired on the way: its lateness is there.
      return r.status === 200 && sample(r.text, 'casework_timers_fired_recent')! >= 1 ? r : undefined;
    });
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.text;
    expect(sample(text, 'casework_http_request_duration_seconds_count', { method: 'POST', route: '/api/cases/:id/events', status_class: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'casework_http_request_duration_seconds_count', { method: 'POST', route: '/api/cases/:id/events', status_class: '4xx' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'casework_http_request_duration_seconds_count', { method: 'GET', route: '/api/cases/:id', status_class: '4xx' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toMatch(/route="\/api\/cases\/[0-9a-f]{8}/); // templates, never raw ids
    expect(sample(text, 'casework_events_total', { process: 'housing-renovation', outcome: 'accepted' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'casework_events_total', { process: 'housing-renovation', outcome: 'refused' })).toBe(1);
    for (const name of ['casework_outbox_lag_seconds', 'casework_outbox_pending', 'casework_tasks_open', 'casework_timers_armed', 'casework_timers_overdue']) {
      expect(sample(text, name)).toBeGreaterThanOrEqual(0);
    }
    expect(sample(text, 'casework_tasks_open')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'casework_timer_lateness_seconds', { quantile: '0.5' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'casework_timer_lateness_seconds', { quantile: '1' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('X-Forwarded-For does not matter: the TCP peer (loopback here) decides', async () => {
    const r = await sut.http().get('/api/metrics').set('X-Forwarded-For', '203.0.113.9');
    expect(r.status).toBe(200);
  });

  it('a non-loopback peer is refused with 403 problem+json (when this machine has a non-loopback address)', async () => {
    const address = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!address) return; // loopback-only networking: the decision test above covers it
    // The api listens on 127.0.0.1 only; a second listener on the same app for the external address.
    const http = await import('node:http');
    const fastify = sut.api.getHttpAdapter().getInstance();
    const outer = http.createServer((req, res) => fastify.routing(req, res));
    await new Promise<void>((resolve, reject) => outer.once('error', reject).listen(0, address, () => resolve()));
    try {
      const url = `http://${address}:${(outer.address() as any).port}/api/metrics`;
      const r = await fetch(url);
      expect(r.status).toBe(403);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(((await r.json()) as any).detail).toMatch(/METRICS_TOKEN/);
    } finally {
      await new Promise((resolve) => outer.close(resolve));
    }
  });
});

describe('/api/metrics with METRICS_TOKEN', () => {
  const token = 'metrics-token-for-this-test-0123456789';
  const sut = new SystemUnderTest({ worker: false, env: { METRICS_TOKEN: token } });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  it('needs the token even from loopback: none 401, wrong 403, right 200; a user token is not it', async () => {
    const none = await sut.http().get('/api/metrics');
    expect(none.status).toBe(401);
    expect(none.headers['content-type']).toContain('application/problem+json');
    const wrong = await sut.http().get('/api/metrics').set('Authorization', 'Bearer not-it');
    expect(wrong.status).toBe(403);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    const user = await sut.http().get('/api/metrics').set('Authorization', `Bearer ${await sut.token('admin')}`);
    expect(user.status).toBe(403);
    const ok = await sut.http().get('/api/metrics').set('Authorization', `Bearer ${token}`);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('casework_outbox_lag_seconds');
  });
});
