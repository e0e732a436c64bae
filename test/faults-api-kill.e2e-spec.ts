/**
 * Issue 9, "must show" 1 (api part): the built api (dist/) in a child process, SIGKILLed while many
 * filings and events are in flight, leaves no half-written case, task or audit entry, and every
 * Idempotency-Key sent to it either answers its stored response or, retried, files exactly once.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SystemUnderTest, eventually } from './support/system-under-test';
import { VILLAGE, fileCase, stranger } from './support/fixtures';
import { DEFAULT_DEMO_PASSWORD } from '../seeds/demo';
import { CONSISTENT, checkConsistency, freePort } from './faults-support';

const API_MAIN = join(__dirname, '..', 'dist', 'apps', 'api', 'src', 'main.js');
const FILINGS = 40;
const EVENTS_CASES = 12;

const filing = (n: number) => ({
  processKey: 'temporary-assistance',
  villageCode: VILLAGE.yannali,
  applicant: { name: '陈刚', idNumber: stranger(500 + n) },
  data: { hardshipType: 'expenditure', urgency: 'normal', description: `子女上学支出过大（故障测试 ${n}）`, requestedAmount: 1000 + n },
});

describe('api killed mid-request', () => {
  const sut = new SystemUnderTest({ worker: false });
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    if (!existsSync(API_MAIN)) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    await sut.start();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await sut.stop();
  });

  it('SIGKILL during concurrent filings and events: every write is whole or absent, keys answer once', async () => {
    // Cases for the events, filed through the in-process api before the child starts.
    const targets: string[] = [];
    for (let i = 0; i < EVENTS_CASES; i++) targets.push((await fileCase(sut, 'cun.yannali', filing(100 + i))).id);
    const startState = (await (await sut.as('zhen.xiaolukou')).get(`/api/cases/${targets[0]}`)).body.state;

    const port = await freePort();
    child = spawn(process.execPath, [API_MAIN], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    sut.pii.tapChild(child, 'api child');
    // The child's answers are scanned for ID numbers at this end (its http server is out of reach).
    const fetch = sut.pii.fetch;
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child!.on('exit', (_code, signal) => resolve(signal)));
    const base = `http://127.0.0.1:${port}`;
    await eventually(async () => (await fetch(`${base}/api/health`).catch(() => undefined))?.status === 200, 30000, 200);
    const login = async (username: string) => {
      const r = await fetch(`${base}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD }),
      });
      return ((await r.json()) as any).accessToken as string;
    };
    const clerk = await login('cun.yannali');
    const officer = await login('zhen.xiaolukou');
    const post = (token: string, path: string, body: unknown, key: string) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key }, body: JSON.stringify(body) })
        .then(async (r) => ({ status: r.status, body: (await r.json().catch(() => null)) as any }), () => ({ status: 0, body: null as any }));

    // Fire everything at once; kill the api once some answers are back, so the
    // rest are in flight (queued, inside their transactions, or committed without an answer).
    let answered = 0;
    const killAfter = 15;
    const kill = () => {
      if (++answered === killAfter) child!.kill('SIGKILL');
    };
    const runKey = Math.random().toString(36).slice(2, 8);
    const filings = Array.from({ length: FILINGS }, (_, n) => ({ n, key: `kill-${runKey}-file-${n}` }));
    const sends = [
      ...filings.map(({ n, key }) => () => post(clerk, '/api/cases', filing(n), key).then((r) => (kill(), { kind: 'file' as const, n, key, ...r }))),
      ...targets.map((id, i) => () =>
        post(officer, `/api/cases/${id}/events`, { type: 'SUBMIT_INVESTIGATION', payload: { findings: '入户调查属实', recommendedAmount: 1000 } }, `kill-${runKey}-ev-${i}`)
          .then((r) => (kill(), { kind: 'event' as const, n: i, key: `kill-${runKey}-ev-${i}`, ...r })),
      ),
    ];
    // Interleaved, so that events and filings are both in flight at the kill.
    const at = (i: number) => (i < FILINGS ? i / FILINGS : (i - FILINGS + 0.5) / EVENTS_CASES);
    const order = sends.map((_, i) => i).sort((a, b) => at(a) - at(b));
    const results = await Promise.all(order.map((i) => sends[i]()));
    expect(await exited).toBe('SIGKILL');
    const lost = results.filter((r) => r.status === 0);
    // The kill really came mid-run: some requests got no answer.
    expect(lost.length).toBeGreaterThan(0);
    // An answer is a success, or a 503 when the pool could not serve it in time (nothing stored).
    for (const r of results.filter((x) => x.status !== 0)) expect([200, 201, 503]).toContain(r.status);

    // 1. No half-written case, task or audit entry; every chain verifies.
    expect(await checkConsistency(sut.ds)).toMatchObject(CONSISTENT);
    const verify = await (await sut.as('jijian.shi')).get('/api/audit/verify');
    expect(verify.status).toBe(200);
    expect(verify.body.valid).toBe(true);

    // 2. No key is left claimed without its response (a claim is in the filing's transaction).
    const [{ n: dangling }] = await sut.ds.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key LIKE $1 AND response IS NULL`, [`kill-${runKey}-%`]);
    expect(dangling).toBe(0);

    // 3. Retrying every filing with its key through the healthy api: the stored answer for the
    // ones that committed, a fresh filing for the others — and exactly one case per filing.
    const clerkApi = await sut.as('cun.yannali');
    for (const f of results.filter((r) => r.kind === 'file')) {
      const retry = await clerkApi.post('/api/cases', filing(f.n), { 'Idempotency-Key': f.key });
      expect(retry.status).toBe(201);
      if (f.status === 201) expect(retry.body.id).toBe(f.body.id);
      const rows = await sut.ds.query(`SELECT id FROM cases WHERE data->>'description' = $1`, [filing(f.n).data.description]);
      expect(rows.map((r: any) => r.id)).toEqual([retry.body.id]);
    }
    // Events retried by key: applied once (state moved exactly one step, one audit entry each).
    const officerApi = await sut.as('zhen.xiaolukou');
    for (const e of results.filter((r) => r.kind === 'event')) {
      const retry = await officerApi.post(`/api/cases/${targets[e.n]}/events`, { type: 'SUBMIT_INVESTIGATION', payload: { findings: '入户调查属实', recommendedAmount: 1000 } }, { 'Idempotency-Key': e.key });
      expect(retry.status).toBe(200);
      expect(retry.body.state).not.toBe(startState);
      const [{ n }] = await sut.ds.query(`SELECT count(*)::int AS n FROM audit_entries WHERE case_id = $1 AND action = 'SUBMIT_INVESTIGATION' AND outcome = 'ok'`, [targets[e.n]]);
      expect(n).toBe(1);
    }
    expect(await checkConsistency(sut.ds)).toMatchObject(CONSISTENT);
  }, 90000);
});
