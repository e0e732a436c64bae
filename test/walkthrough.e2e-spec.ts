/**
 * Issue 18, part 1: the README's curl walkthrough (docs/walkthrough.sh) runs as written against a
 * running system — the script itself, with bash, curl and node, over real HTTP — and reaches the
 * handover, waiting where the worker moves the case (registry check, the three notices).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { SystemUnderTest } from './support/system-under-test';
import { DEFAULT_DEMO_PASSWORD } from '../seeds/demo';

const SCRIPT = join(__dirname, '..', 'docs', 'walkthrough.sh');

function run(env: Record<string, string>, sut: SystemUnderTest): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Not spawnSync: the api answering the script runs in this very process.
    const child = spawn('bash', [SCRIPT], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    sut.pii.tapChild(child, 'walkthrough');
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('docs/walkthrough.sh', () => {
  // A day lasts 50 ms: the 7 + 7 + 5 days of notices pass in about a second.
  const sut = new SystemUnderTest({ timeScale: 86400 * 20 });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  it('runs as written against the running system and hands the case over', async () => {
    const r = await run({ BASE_URL: sut.baseUrl, DEMO_PASSWORD: process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD, WAIT_SECONDS: '30' }, sut);
    if (r.code !== 0) throw new Error(`walkthrough exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    expect(r.stdout).toMatch(/walkthrough complete: case [0-9a-f-]+ handed over/);
    const caseId = /filed case ([0-9a-f-]+)/.exec(r.stdout)![1];
    const view = await (await sut.as('zhen.xiaolukou')).get(`/api/cases/${caseId}`);
    expect(view.body).toMatchObject({ state: 'completed', outcome: 'completed' });
    expect(r.stdout).toContain('audit chain: valid (14 entries checked)');
  });

});
