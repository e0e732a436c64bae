/**
 * The load generator's HTTP client: node:http with keep-alive sockets, one per concurrent client.
 * It replaced `fetch` because the load generator shares the two cores with the system it measures;
 * undici's fetch cost ≈ 1.6 ms of CPU per request here, this about half of that.
 */
import { Agent, request } from 'node:http';

export interface Answer {
  status: number;
  text: string;
  ms: number;
}

/** An answer that must have `expect` as its status, with its JSON body and how long it took. */
export async function expectStatus(answer: Promise<Answer>, expect: number): Promise<{ ms: number; body: any }> {
  const { status, text, ms } = await answer;
  if (status !== expect) throw new Error(`unexpected ${status}: ${text.slice(0, 200)}`);
  return { ms, body: text ? JSON.parse(text) : null };
}

export class BenchClient {
  private readonly agent: Agent;

  constructor(private readonly base: string, sockets: number) {
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets });
  }

  post(path: string, token: string | undefined, body: unknown, idempotencyKey?: string): Promise<Answer> {
    const payload = Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = { 'Content-Type': 'application/json', 'Content-Length': payload.length };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    return this.send('POST', path, headers, payload);
  }

  get(path: string, token: string): Promise<Answer> {
    return this.send('GET', path, { Authorization: `Bearer ${token}` });
  }

  close(): void {
    this.agent.destroy();
  }

  private send(method: string, path: string, headers: Record<string, string | number>, payload?: Buffer): Promise<Answer> {
    const t0 = process.hrtime.bigint();
    return new Promise((resolve, reject) => {
      const req = request(`${this.base}${path}`, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }
}
