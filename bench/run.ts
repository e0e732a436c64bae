/**
 * Every benchmark in sequence, one line per figure, then one JSON summary line.
 *
 *   npm run build && node dist/bench/run.js [--only throughput,audit,timers,registry,queues]
 *
 * Each benchmark uses a database of its own and its own api/worker processes, so they never share
 * load. The queues benchmark (1M cases, inbox, case list) is bench/queues.ts, run as a child process.
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { runAudit } from './audit';
import { arg, line, load } from './common';
import { runRegistry } from './registry';
import { runThroughput } from './throughput';
import { runTimers } from './timers';

const ONLY = arg('only', 'throughput,audit,timers,registry,queues').split(',');

async function main() {
  const summary: Record<string, unknown> = {
    date: new Date().toISOString(), cpus: cpus().length, cpuModel: cpus()[0]?.model, memGb: Math.round(totalmem() / 2 ** 30), loadAtStart: load(),
  };
  const benches: Array<[string, () => Promise<unknown>]> = [
    ['throughput', runThroughput], ['audit', runAudit], ['timers', runTimers], ['registry', runRegistry],
    ['queues', async () => {
      const out = execFileSync(process.execPath, [join(__dirname, 'queues.js')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      process.stdout.write(out);
      const last = out.trim().split('\n').pop() ?? '';
      return last.startsWith('{') ? JSON.parse(last) : { output: last };
    }],
  ];
  for (const [name, run] of benches) {
    if (!ONLY.includes(name)) continue;
    try {
      summary[name] = await run();
    } catch (e) {
      summary[name] = { error: (e as Error).message };
      line(`${name} failed: ${(e as Error).message}`);
    }
  }
  line(JSON.stringify(summary));
  // The throughput targets (issue 21) decide the exit code here too.
  const missed = (summary.throughput as { missedTargets?: string[] } | undefined)?.missedTargets ?? [];
  if (missed.length > 0) process.exitCode = 1;
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e.message}\n`);
  process.exit(1);
});
