/**
 * Issue 3, "must show" 5: the payment job killed mid-run (SIGKILL, between recording the payment and
 * confirming it) and retried by another worker still produces exactly one payment record.
 * The first worker is the built worker (dist/) in a child process; the second runs in this process.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SystemUnderTest, eventually } from './support/system-under-test';
import { VILLAGE, fileCase, step, stranger, waitForState } from './support/fixtures';

const WORKER_MAIN = join(__dirname, '..', 'dist', 'apps', 'worker', 'src', 'main.js');

describe('payment job killed mid-run', () => {
  const sut = new SystemUnderTest({ worker: false, env: { WORKER_LOCK_MS: '1500' } });
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    if (!existsSync(WORKER_MAIN)) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    await sut.start();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await sut.stop();
  });

  it('pays exactly once after the worker dies between payment and confirmation', async () => {
    child = spawn(process.execPath, [WORKER_MAIN], {
      env: { ...process.env, FAULT_INJECT: 'kill-after-payment' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    sut.pii.tapChild(child, 'worker child');
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child!.on('exit', (_code, signal) => resolve(signal)));

    const c = await fileCase(sut, 'cun.yannali', {
      processKey: 'temporary-assistance',
      villageCode: VILLAGE.yannali,
      applicant: { name: '陈刚', idNumber: stranger(401) },
      data: { hardshipType: 'expenditure', urgency: 'normal', description: '子女上学支出过大', requestedAmount: 2000 },
    });
    await step(sut, 'zhen.xiaolukou', c.id, 'SUBMIT_INVESTIGATION', { findings: '入户调查属实', recommendedAmount: 2000 });
    await waitForState(sut, 'zhen.xiaolukou', c.id, 'township_approval', 30000);
    await step(sut, 'zhen.xiaolukou2', c.id, 'APPROVE', { amount: 2000 });

    expect(await exited).toBe('SIGKILL');
    const [paid] = await sut.ds.query(`SELECT payment_ref FROM payments WHERE case_id = $1`, [c.id]);
    expect(paid.payment_ref).toMatch(/^PAY-/);
    expect((await (await sut.as('zhen.xiaolukou')).get(`/api/cases/${c.id}`)).body.state).toBe('disbursement');

    await sut.startWorker(); // the retry: the stalled job comes back to a healthy worker
    const closed = await waitForState(sut, 'zhen.xiaolukou', c.id, 'closed', 30000);
    expect(closed.context.paymentRef).toBe(paid.payment_ref);
    const payments = await sut.ds.query(`SELECT count(*)::int AS n FROM payments WHERE case_id = $1`, [c.id]);
    expect(payments[0].n).toBe(1);
    const confirmations = await sut.ds.query(`SELECT count(*)::int AS n FROM audit_entries WHERE case_id = $1 AND action = 'PAYMENT_CONFIRMED'`, [c.id]);
    expect(confirmations[0].n).toBe(1);
  });
});
