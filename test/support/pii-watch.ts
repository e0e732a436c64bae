/**
 * Issue 9, item 6: everything the system under test says while a test file runs goes through a
 * PiiScan — every Nest log line of every level, raw stdout/stderr writes and console.* calls of
 * this process (jest's process: the api and worker run in it), the output of child processes, and every response of the api's http server (or,
 * for an api in a child process, the responses its client received). `stop()` throws when a full
 * ID number, or the keyed hash of one (issue 19), appeared anywhere but in the reveal endpoint's
 * answers. Requests are read too, for the numbers whose keyed hashes to look for.
 *
 * Text is inspected as it arrives and then dropped, so a run keeps no copies of its traffic.
 */
import { ConsoleLogger, LogLevel, LoggerService } from '@nestjs/common';
import type { ChildProcess } from 'node:child_process';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { inspect } from 'node:util';
import { PiiScan, isRevealRequest } from './pii-scan';

/** Arguments of a log or console call as one string, objects in full (not cut at depth 2). */
function describe(args: unknown[]): string {
  return args
    .map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 8, maxArrayLength: Infinity, maxStringLength: Infinity, breakLength: Infinity })))
    .join(' ');
}

/** Every level goes to the scan; only `printed` levels reach the terminal (as before: errors). */
class CapturingLogger implements LoggerService {
  private readonly printer: ConsoleLogger;

  constructor(private readonly scan: PiiScan, printed: LogLevel[]) {
    this.printer = new ConsoleLogger({ logLevels: printed });
  }

  log(message: unknown, ...rest: unknown[]) {
    this.take('log', message, rest);
    this.printer.log(message, ...rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.take('error', message, rest);
    this.printer.error(message, ...rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.take('warn', message, rest);
    this.printer.warn(message, ...rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.take('debug', message, rest);
    this.printer.debug(message, ...rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.take('verbose', message, rest);
    this.printer.verbose(message, ...rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.take('fatal', message, rest);
    this.printer.fatal(message, ...rest);
  }

  private take(level: LogLevel, message: unknown, rest: unknown[]) {
    this.scan.inspect(`log [${level}]`, describe([message, ...rest]));
  }
}

/**
 * Cuts a stream of text into whole lines, so a number split across two writes is still seen. A
 * line longer than 64 KB is passed on in pieces that overlap by OVERLAP characters (an ID number
 * written with \u escapes is 108), so memory stays flat however long the stream.
 */
const OVERLAP = 128;
function lineBuffer(emit: (lines: string) => void) {
  let pending = '';
  return {
    push(text: string) {
      pending += text;
      const cut = pending.lastIndexOf('\n');
      if (cut >= 0) {
        emit(pending.slice(0, cut));
        pending = pending.slice(cut + 1);
      }
      if (pending.length >= 65536) {
        emit(pending);
        pending = pending.slice(-OVERLAP);
      }
    },
    flush() {
      if (pending) emit(pending);
      pending = '';
    },
  };
}

function chunkText(chunk: unknown, encoding?: unknown): string {
  if (typeof chunk === 'string') return typeof encoding === 'string' && Buffer.isEncoding(encoding) && encoding !== 'utf8' ? Buffer.from(chunk, encoding).toString('utf8') : chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8');
  return '';
}

// ---- this process's stdout and stderr: shared by every watch that is running ----

const listeners = new Set<PiiScan>();
let untapProcess: (() => void) | undefined;

function tapProcess(): () => void {
  const restore: Array<() => void> = [];
  for (const [name, stream] of [['stdout', process.stdout], ['stderr', process.stderr]] as const) {
    const lines = lineBuffer((text) => listeners.forEach((s) => s.inspect(name, text)));
    const write = stream.write;
    stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      lines.push(chunkText(chunk, rest[0]));
      return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof stream.write;
    restore.push(() => {
      lines.flush();
      stream.write = write;
    });
  }
  return () => restore.forEach((r) => r());
}

/**
 * console.* of the test file: jest's console keeps every message in a buffer it prints when the
 * file ends (too late for the stream tap), so the watch reads that buffer instead of wrapping
 * console methods, which would make jest point every console line at the wrapper.
 */
function consoleMessages(): Array<{ type: string; message: string }> {
  const jestConsole = console as unknown as { getBuffer?: () => Array<{ type: string; message: string }> | undefined };
  return jestConsole.getBuffer?.() ?? [];
}

// ---- the watch of one test file ----

/** Responses of these types are never text; everything else (JSON, HTML, JS, CSV, NDJSON…) is read. */
const BINARY = /^(image|font|audio|video)\//i;

export class PiiWatch {
  readonly scan = new PiiScan();
  /** The logger for the api and worker: captures every level, prints only `printed`. */
  readonly logger: LoggerService;
  private readonly closers: Array<() => void> = [];
  private readonly pending = new Set<Promise<unknown>>();
  private running = false;
  private consoleFrom = 0;

  constructor(printed: LogLevel[] = ['error', 'fatal']) {
    this.logger = new CapturingLogger(this.scan, printed);
  }

  /** Starts reading this process's stdout and stderr (and, at stop, its console messages). */
  start(): this {
    if (this.running) return this;
    this.running = true;
    this.consoleFrom = consoleMessages().length;
    listeners.add(this.scan);
    untapProcess ??= tapProcess();
    return this;
  }

  /**
   * Reads every response `server` sends (bodies and headers), except the reveal endpoint's, and
   * every request's URL and body for the ID numbers whose keyed hashes the scan then looks for.
   */
  tapServer(server: Server, name = 'api'): void {
    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      // Before express rewrites req.url while routing.
      const method = req.method ?? '';
      const url = req.url ?? '';
      this.watchRequest(req, url);
      if (isRevealRequest(method, url)) return;
      // Read as it is sent (an audit export is tens of MB): whole lines go to the scan and are dropped.
      const where = () => `${name} ${method} ${url} -> ${res.statusCode}`;
      let body: ReturnType<typeof lineBuffer> | undefined;
      const take = (chunk: unknown, encoding: unknown) => {
        body ??= BINARY.test(String(res.getHeader('content-type') ?? '')) ? undefined : lineBuffer((text) => this.scan.inspect(where(), text));
        body?.push(chunkText(chunk, encoding));
      };
      const write = res.write;
      const end = res.end;
      res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
        take(chunk, rest[0]);
        return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
      } as typeof res.write;
      res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
        if (typeof chunk !== 'function') take(chunk, rest[0]);
        return (end as (...a: unknown[]) => ServerResponse).call(this, chunk, ...rest);
      } as typeof res.end;
      res.once('close', () => {
        this.scan.inspect(`${where()} headers`, JSON.stringify(res.getHeaders()));
        body?.flush();
      });
    };
    server.prependListener('request', onRequest);
    this.closers.push(() => server.off('request', onRequest));
  }

  /**
   * A request's URL, and its body as whoever reads it reads it: `emit('data')` is observed rather
   * than listened to, so the stream's flow is left alone (a listener would start it before the
   * route that reads the raw body, e.g. the registry import, is reached).
   */
  private watchRequest(req: IncomingMessage, url: string): void {
    this.scan.watchRequest(url);
    const scan = this.scan;
    const lines = lineBuffer((text) => scan.watchRequest(text));
    const emit = req.emit;
    req.emit = function (this: IncomingMessage, event: string | symbol, ...args: unknown[]) {
      if (event === 'data') lines.push(chunkText(args[0]));
      else if (event === 'end' || event === 'close') lines.flush();
      return (emit as (...a: unknown[]) => boolean).call(this, event, ...args);
    } as typeof req.emit;
  }

  /** Reads a child process's stdout and stderr (spawn it with stdio 'pipe'; this also drains them). */
  tapChild(child: ChildProcess, name: string): void {
    for (const [stream, label] of [[child.stdout, 'stdout'], [child.stderr, 'stderr']] as Array<[Readable | null, string]>) {
      if (!stream) continue;
      const lines = lineBuffer((text) => this.scan.inspect(`${name} ${label}`, text));
      stream.setEncoding('utf8');
      stream.on('data', (text: string) => lines.push(text));
      stream.on('end', () => lines.flush());
      this.closers.push(() => lines.flush());
    }
  }

  /**
   * fetch() that also reads each answer (a copy of it) into the scan: for an api in a child
   * process, whose http server this process cannot tap.
   */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    this.scan.watchRequest(url);
    if (typeof init?.body === 'string') this.scan.watchRequest(init.body);
    const res = await fetch(input, init);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    if (isRevealRequest(method, url)) return res;
    const where = `${method} ${url} -> ${res.status}`;
    const headers: string[] = [];
    res.headers.forEach((value, name) => headers.push(`${name}: ${value}`));
    this.scan.inspect(`${where} headers`, headers.join('\n'));
    const read: Promise<unknown> = res
      .clone()
      .text()
      .then((body) => this.scan.inspect(where, body), () => undefined) // a child killed mid-answer
      .finally(() => this.pending.delete(read));
    this.pending.add(read);
    return res;
  };

  /** Stops reading and throws the scan's report if a full ID number appeared anywhere. */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    this.closers.splice(0).forEach((close) => close());
    if (this.running) {
      this.running = false;
      for (const m of consoleMessages().slice(this.consoleFrom)) this.scan.inspect(`console.${m.type}`, m.message);
      // The last watch restores the streams, flushing their unfinished lines into its scan first.
      if (listeners.size === 1 && untapProcess) {
        untapProcess();
        untapProcess = undefined;
      }
      listeners.delete(this.scan);
    }
    const report = this.scan.report();
    if (report) throw new Error(report);
  }
}
