/**
 * The soak's load: a handful of clients, each in a loop of filing, walking a case one human step
 * on, claiming and releasing a task, or reading an inbox or a case list. Every answer is tallied by
 * what was asked and how it was answered; accepted events are also counted per event type so the
 * ledger can match each to its audit entry. Clients pick cases at random, so two may send the next
 * step of one case at once: the loser's 409/422 is a refusal, not an error.
 */
import { Answer, BenchClient } from './http-client';
import { CLAIMERS, CasePlan, isFinal, newCase, nextStep } from './soak-cases';

export type RequestKind = 'file' | 'event' | 'claim' | 'release' | 'read';

export interface Tally {
  accepted: number;
  refused: number;
  serverErrors: number;
  noAnswer: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)];

export class SoakLoad {
  readonly tally: Record<RequestKind, Tally> = {
    file: empty(), event: empty(), claim: empty(), release: empty(), read: empty(),
  };
  /** 2xx answers per audit action (FILE and event types), for the durability check. */
  readonly acceptedByAction = new Map<string, number>();
  /** Filings and events that got no answer (stored or not, nobody knows). */
  readonly unansweredByAction = new Map<string, number>();
  /** Refusals by kind, action and status, with one answer each to judge them by. */
  readonly refusals = new Map<string, { n: number; sample: string }>();
  readonly errorSamples: string[] = [];
  /** Set while Redis is down: filings and events accepted then are counted apart. */
  redisDown = false;
  acceptedWhileRedisDown = 0;
  /** Cases not yet final, with the path each is meant to take. */
  readonly open = new Map<string, CasePlan>();
  private filed = 0;

  constructor(
    private readonly http: BenchClient,
    private readonly tokens: Record<string, string>,
    private readonly opts: { clients: number; thinkMs: number; maxOpen: number },
  ) {}

  get casesFiled(): number {
    return this.filed;
  }

  async run(until: number): Promise<void> {
    await Promise.all(Array.from({ length: this.opts.clients }, async () => {
      while (Date.now() < until) {
        const r = Math.random();
        if ((r < 0.2 || this.open.size < this.opts.clients) && this.open.size < this.opts.maxOpen) await this.file();
        else if (r < 0.75) await this.advance();
        else if (r < 0.85) await this.claimAndRelease();
        else await this.read();
        await sleep(this.opts.thinkMs * (0.5 + Math.random()));
      }
    }));
  }

  private async file(): Promise<void> {
    const { body, plan } = newCase(this.filed++);
    const res = await this.ask('file', 'FILE', () => this.http.post('/api/cases', this.tokens['cun.yannali'], body));
    if (res?.status === 201) this.open.set(JSON.parse(res.text).id, plan);
  }

  /** One human step of a random open case; a case waiting for a job or a deadline is left alone. */
  private async advance(): Promise<void> {
    const ids = [...this.open.keys()];
    if (ids.length === 0) return;
    const id = pick(ids);
    const seen = await this.ask('read', 'view', () => this.http.get(`/api/cases/${id}`, this.tokens['jijian.shi']));
    if (seen?.status !== 200) return;
    const c = JSON.parse(seen.text);
    const plan = this.open.get(id);
    if (!plan) return;
    if (isFinal(c.state)) {
      this.open.delete(id);
      return;
    }
    const step = nextStep(plan, c);
    if (!step) return;
    step.done?.(plan);
    await this.ask('event', step.type, () => this.http.post(`/api/cases/${id}/events`, this.tokens[step.user], { type: step.type, payload: step.payload }));
  }

  private async claimAndRelease(): Promise<void> {
    const user = pick(CLAIMERS);
    const inbox = await this.ask('read', 'inbox', () => this.http.get('/api/tasks?limit=20&claimed=false', this.tokens[user]));
    if (inbox?.status !== 200) return;
    const items = JSON.parse(inbox.text).items as Array<{ id: string }>;
    if (items.length === 0) return;
    const task = pick(items);
    const claimed = await this.ask('claim', 'claim', () => this.http.post(`/api/tasks/${task.id}/claim`, this.tokens[user], {}));
    // Released at once: a claimed task left for the idle-claim releaser would only slow the walk.
    if (claimed?.status === 200) await this.ask('release', 'release', () => this.http.post(`/api/tasks/${task.id}/release`, this.tokens[user], {}));
  }

  private async read(): Promise<void> {
    const [user, path] = pick([
      ['zhen.xiaolukou', '/api/tasks?limit=50'],
      ['xian.liangshan.fayuan', '/api/tasks?limit=50&processKey=legal-aid'],
      ['xian.liangshan.minzheng', '/api/tasks?limit=50&lane=emergency'],
      ['xian.liangshan.minzheng', '/api/cases?limit=50&processKey=temporary-assistance'],
      ['xian.liangshan.zhujian', '/api/cases?limit=50&processKey=housing-renovation'],
      ['jijian.shi', '/api/cases?limit=50'],
    ] as const);
    await this.ask('read', 'list', () => this.http.get(path, this.tokens[user]));
  }

  private async ask(kind: RequestKind, action: string, call: () => Promise<Answer>): Promise<Answer | undefined> {
    const t = this.tally[kind];
    let res: Answer;
    try {
      res = await call();
    } catch (e) {
      t.noAnswer++;
      if (kind === 'file' || kind === 'event') this.unansweredByAction.set(action, (this.unansweredByAction.get(action) ?? 0) + 1);
      this.sample(`${kind} ${action}: no answer (${(e as Error).message})`);
      return undefined;
    }
    if (res.status >= 200 && res.status < 300) {
      t.accepted++;
      if (kind === 'file' || kind === 'event') {
        this.acceptedByAction.set(action, (this.acceptedByAction.get(action) ?? 0) + 1);
        if (this.redisDown) this.acceptedWhileRedisDown++;
      }
    } else if (res.status >= 400 && res.status < 500) {
      t.refused++;
      const key = `${kind} ${action} ${res.status}`;
      const r = this.refusals.get(key) ?? { n: 0, sample: res.text.slice(0, 160) };
      r.n++;
      this.refusals.set(key, r);
    } else {
      t.serverErrors++;
      this.sample(`${kind} ${action}: ${res.status} ${res.text.slice(0, 200)}`);
    }
    return res;
  }

  private sample(text: string): void {
    if (this.errorSamples.length < 20) this.errorSamples.push(text);
  }
}

function empty(): Tally {
  return { accepted: 0, refused: 0, serverErrors: 0, noAnswer: 0 };
}
