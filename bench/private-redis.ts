import { environment } from '../libs/settings/src';
import { spawn, execFileSync } from 'node:child_process';

/**
 * A redis-server of its own on a spare port (fault tests, the soak), without persistence, so a fault test can stop
 * and restart it without disturbing the machine's Redis or the other test files.
 */
export class PrivateRedis {
  readonly port: number;

  constructor(port?: number) {
    this.port = port ?? 6400 + (Number(environment().JEST_WORKER_ID ?? 1) % 50) * 7 + Math.floor(Math.random() * 7);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
      stdio: 'ignore',
      detached: true,
    });
    child.unref();
    for (let i = 0; i < 100; i++) {
      if (this.ping()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server on ${this.port} did not start`);
  }

  /** Stops the server; with no persistence every job it held is gone, as after a crash. */
  async stop(): Promise<void> {
    try {
      execFileSync('redis-cli', ['-p', String(this.port), 'shutdown', 'nosave'], { stdio: 'ignore' });
    } catch {
      /* already down */
    }
    for (let i = 0; i < 100 && this.ping(); i++) await new Promise((r) => setTimeout(r, 50));
  }

  ping(): boolean {
    try {
      return execFileSync('redis-cli', ['-p', String(this.port), 'ping'], { encoding: 'utf8', timeout: 1000, stdio: ['ignore', 'pipe', 'ignore'] }).trim() === 'PONG';
    } catch {
      return false;
    }
  }
}
