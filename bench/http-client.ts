/**
 * The load generator's HTTP client: HTTP/1.1 over keep-alive sockets of its own, one per concurrent
 * client. The load generator shares the two cores with the system it measures, so it should cost as
 * little as pgbench's own client does (0.1 ms per transaction): undici's fetch cost ≈ 1.6 ms of CPU
 * per request here, node:http's Agent with its parser and streams ≈ 0.17–0.2 ms (ADR 0013), this
 * writes each request as one buffer and reads only the status line, the length and the body.
 */
import { Socket, connect } from 'node:net';

const KEEP_ALIVE_REUSE_MS = 4000;

export interface Answer {
  status: number;
  /** The body as text, decoded when first asked for (most answers are only checked for their status). */
  readonly text: string;
  ms: number;
}

/** An answer that must have `expect` as its status, with its JSON body (parsed when asked for) and how long it took. */
export async function expectStatus(answer: Promise<Answer>, expect: number): Promise<{ ms: number; readonly body: any }> {
  const a = await answer;
  if (a.status !== expect) throw new Error(`unexpected ${a.status}: ${a.text.slice(0, 200)}`);
  return { ms: a.ms, get body() { return a.text ? JSON.parse(a.text) : null; } };
}

interface Pending {
  resolve: (a: Answer) => void;
  reject: (e: Error) => void;
  t0: bigint;
}

/** One keep-alive connection: a request at a time, its answer read from the bytes as they come. */
class Connection {
  private buffered: Buffer = Buffer.alloc(0);
  private pending?: Pending;
  closed = false;
  idleSince = 0;

  constructor(readonly socket: Socket, private readonly onIdle: (c: Connection) => void) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
      this.tryAnswer();
    });
    const fail = (err: Error) => {
      this.closed = true;
      const p = this.pending;
      this.pending = undefined;
      p?.reject(err);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed before the answer')));
  }

  send(request: Buffer, p: Pending): void {
    this.pending = p;
    this.socket.write(request);
  }

  private tryAnswer(): void {
    const p = this.pending;
    if (!p) return;
    const end = this.buffered.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buffered.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    let body: Buffer;
    let rest: number;
    if (length) {
      rest = end + 4 + Number(length[1]);
      if (this.buffered.length < rest) return;
      body = this.buffered.subarray(end + 4, rest);
    } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      const chunks: Buffer[] = [];
      let at = end + 4;
      for (;;) {
        const lineEnd = this.buffered.indexOf('\r\n', at);
        if (lineEnd < 0) return;
        const size = parseInt(this.buffered.toString('latin1', at, lineEnd), 16);
        if (this.buffered.length < lineEnd + 2 + size + 2) return;
        if (size === 0) {
          rest = lineEnd + 4;
          break;
        }
        chunks.push(this.buffered.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(chunks);
    } else {
      body = Buffer.alloc(0);
      rest = end + 4;
    }
    this.buffered = this.buffered.subarray(rest);
    this.pending = undefined;
    let text: string | undefined;
    p.resolve({ status, ms: Number(process.hrtime.bigint() - p.t0) / 1e6, get text() { return (text ??= body.toString('utf8')); } });
    if (/\r\nconnection: *close/i.test(head)) this.socket.destroy();
    else this.onIdle(this);
  }
}

export class BenchClient {
  private readonly host: string;
  private readonly port: number;
  private readonly idle: Connection[] = [];
  private readonly waiting: Array<(c: Connection) => void> = [];
  private open = 0;

  constructor(base: string, private readonly sockets: number) {
    const url = new URL(base);
    this.host = url.hostname;
    this.port = Number(url.port);
  }

  post(path: string, token: string | undefined, body: unknown, idempotencyKey?: string): Promise<Answer> {
    const payload = Buffer.from(JSON.stringify(body));
    let headers = `Content-Type: application/json\r\nContent-Length: ${payload.length}\r\n`;
    if (token) headers += `Authorization: Bearer ${token}\r\n`;
    if (idempotencyKey) headers += `Idempotency-Key: ${idempotencyKey}\r\n`;
    return this.send('POST', path, headers, payload);
  }

  get(path: string, token: string): Promise<Answer> {
    return this.send('GET', path, `Authorization: Bearer ${token}\r\n`);
  }

  close(): void {
    for (const c of this.idle.splice(0)) c.socket.destroy();
  }

  private async send(method: string, path: string, headers: string, payload?: Buffer): Promise<Answer> {
    const head = Buffer.from(`${method} ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\n${headers}\r\n`, 'utf8');
    const request = payload ? Buffer.concat([head, payload]) : head;
    const c = await this.connection();
    const t0 = process.hrtime.bigint();
    return new Promise<Answer>((resolve, reject) => c.send(request, { resolve, reject, t0 }));
  }

  /**
   * An idle connection, a new one while fewer than `sockets` are open, or the next one to come free.
   * One idle longer than the api's keep-alive timeout (node's 5 s) may be closing: not reused.
   */
  private connection(): Promise<Connection> {
    while (this.idle.length) {
      const c = this.idle.pop()!;
      if (!c.closed && Date.now() - c.idleSince < KEEP_ALIVE_REUSE_MS) return Promise.resolve(c);
      c.socket.destroy();
    }
    if (this.open < this.sockets) {
      this.open++;
      return new Promise((resolve, reject) => {
        const socket = connect(this.port, this.host);
        socket.once('connect', () => resolve(new Connection(socket, (free) => this.release(free))));
        socket.once('error', reject);
        socket.once('close', () => {
          this.open--;
          const at = this.idle.findIndex((c) => c.socket === socket);
          if (at >= 0) this.idle.splice(at, 1);
        });
      });
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(c: Connection): void {
    const next = this.waiting.shift();
    if (next) return next(c);
    c.idleSince = Date.now();
    this.idle.push(c);
  }
}
