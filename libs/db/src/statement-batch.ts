import { Query } from 'pg';
// pg's own value mapping for Bind (Dates, Buffers, arrays, JSON) and its Result, as its Query uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (v: unknown) => unknown };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Result = require('pg/lib/result') as new (rowMode: unknown, types: unknown) => PgResult;

/** The parts of pg's Connection a query writes to (pg's Query uses the same). */
export interface WireConnection {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  parse(m: { text: string; name?: string }): void;
  bind(m: { portal?: string; statement?: string; values?: unknown[]; valueMapper?: (v: unknown) => unknown }): void;
  describe(m: { type: 'P'; name: string }): void;
  execute(m: { portal?: string }): void;
  close(m: { type: 'S'; name: string }): void;
  sync(): void;
}

/**
 * What PostgreSQL answered to Describe for a statement prepared on a connection, and pg's parsers
 * for it: the same for every execution of that prepared statement, so Describe is sent once per
 * statement and connection instead of once per execution (issue 21: the answer's row description
 * of ~40 columns was parsed and its parsers looked up on every event).
 */
interface Described {
  fields: unknown[];
  parsers: unknown[] | undefined;
  empty: Record<string, null> | null;
}
const describedOn = new WeakMap<WireConnection, Map<string, Described>>();

/** pg's Result, whose row parsing a known description primes. */
interface PgResult {
  fields: unknown[];
  _parsers: unknown[] | undefined;
  _prebuiltEmptyResultObject: Record<string, null> | null;
  _types: unknown;
  addFields(fields: unknown[]): void;
  addCommandComplete(msg: unknown): void;
  rows: any[];
  command: string;
  rowCount: number | null;
}

export interface BatchStatement {
  text: string;
  values: unknown[];
  /** A prepared statement's name on its connection; none: parsed with this batch. */
  name?: string;
}

export interface StatementResult {
  rows: any[];
  command: string;
  rowCount: number | null;
}

/** Whether `connection` has prepared the named statement (pg's own bookkeeping). */
export const isPrepared = (connection: WireConnection, name: string) => name in connection.parsedStatements || name in connection.submittedNamedStatements;

/**
 * Statements sent in one batch of PostgreSQL's extended protocol up to one Sync, with BEGIN before
 * them and/or COMMIT after them: one round trip where there were several (issue 21: each round trip
 * costs the api and PostgreSQL a socket write, a wakeup and a read on both sides). PostgreSQL runs
 * the messages in order and after an error skips the rest up to the Sync, so nothing after a failed
 * statement runs, its COMMIT included: the transaction is left aborted for the caller to roll back.
 * The answer is each statement's own result; a statement skipped after an earlier one failed is
 * answered with that failure.
 *
 * The order is Parse (the first statement, if named and not prepared on this connection yet), BEGIN,
 * then per statement Parse (unnamed only), Bind, Describe (first execution on this connection only),
 * Execute; COMMIT, Sync. pg's client marks the first statement's name as prepared at the first
 * ParseComplete it receives in the batch, so that statement is parsed first; every later statement
 * of a batch must be prepared already or unnamed (TransactionStatements sends it alone otherwise).
 */
export class StatementBatch extends Query {
  private settled = false;
  private readonly results: PgResult[];
  /** The statement whose answer comes next (-1: BEGIN's; statements.length: COMMIT's). */
  private answering: number;
  private readonly toDescribe = new Map<number, { connection: WireConnection; name: string }>();

  constructor(
    private readonly statements: BatchStatement[],
    private readonly bracket: { begin: boolean; commit: boolean },
    done: (err: Error | null, results?: StatementResult[]) => void,
  ) {
    super({
      ...statements[0],
      queryMode: 'extended',
      callback: (err: Error | null) => {
        // pg calls back again at ReadyForQuery after a Bind that failed in the client: answer once.
        if (this.settled) return;
        this.settled = true;
        if (err) return done(err);
        done(null, this.results.map((r) => ({ rows: r.rows, command: r.command, rowCount: r.rowCount })));
      },
    } as any);
    const first = this.result;
    this.results = statements.map((_, i) => (i === 0 ? first : new Result(undefined, first._types)));
    this.answering = bracket.begin ? -1 : 0;
  }

  private get result(): PgResult {
    return (this as unknown as { _result: PgResult })._result;
  }

  /** Replaces pg's prepare (Parse once per named statement, Bind, Describe, Execute, Sync) with the batch. */
  prepare(connection: WireConnection): void {
    const q = this as unknown as { portal: string; handleError(e: Error, c: unknown): void };
    const first = this.statements[0];
    const firstParsed = !!first.name && isPrepared(connection, first.name);
    if (first.name && !firstParsed) {
      connection.parse({ text: first.text, name: first.name });
      connection.submittedNamedStatements[first.name] = first.text;
    }
    if (this.bracket.begin) this.unnamed(connection, 'BEGIN');
    for (const [i, s] of this.statements.entries()) {
      // An unnamed statement right before its Bind: any other Parse (BEGIN's too) replaces it.
      if (!s.name) connection.parse({ text: s.text });
      try {
        connection.bind({ portal: q.portal, statement: s.name, values: s.values, valueMapper: prepareValue });
      } catch (err) {
        if (i === 0 && first.name && !firstParsed) connection.close({ type: 'S', name: first.name });
        connection.sync();
        q.handleError(err as Error, connection);
        return;
      }
      const known = s.name && (i > 0 || firstParsed) ? describedOn.get(connection)?.get(s.name) : undefined;
      if (known) this.prime(this.results[i], known);
      else {
        if (s.name) this.toDescribe.set(i, { connection, name: s.name });
        connection.describe({ type: 'P', name: q.portal || '' });
      }
      connection.execute({ portal: q.portal });
    }
    if (this.bracket.commit) this.unnamed(connection, 'COMMIT');
    connection.sync();
  }

  handleRowDescription(msg: { fields: unknown[] }): void {
    this.described(this.answering, msg.fields);
  }

  /** Statement `i`'s row description arrived (or NoData: no fields): parse its rows by it, keep it for later executions. */
  private described(i: number, fields: unknown[]): void {
    const r = this.result;
    r.addFields(fields);
    (this as unknown as { _accumulateRows: boolean })._accumulateRows = true;
    const describing = this.toDescribe.get(i);
    if (describing) {
      let known = describedOn.get(describing.connection);
      if (!known) describedOn.set(describing.connection, (known = new Map()));
      known.set(describing.name, { fields: r.fields, parsers: r._parsers, empty: r._prebuiltEmptyResultObject });
    }
  }

  handleCommandComplete(msg: unknown): void {
    const i = this.answering++;
    if (i < 0 || i >= this.statements.length) return;
    this.result.addCommandComplete(msg);
    // A statement that returns no rows answers Describe with NoData, not a row description.
    if (this.toDescribe.has(i) && !this.result.fields.length) this.described(i, []);
    // pg's Query parses every row into its `_result`: from here on, the next statement's.
    if (i + 1 < this.statements.length) (this as unknown as { _result: PgResult })._result = this.results[i + 1];
  }

  private prime(r: PgResult, known: Described): void {
    r.fields = known.fields;
    r._parsers = known.parsers;
    r._prebuiltEmptyResultObject = known.empty;
    (this as unknown as { _accumulateRows: boolean })._accumulateRows = true;
  }

  private unnamed(connection: WireConnection, text: string): void {
    connection.parse({ text });
    connection.bind({});
    connection.execute({});
  }
}

/** Sends statements as one batch (bracketed or not) on `client` and answers their own results. */
export function sendBatch(
  client: { query(q: StatementBatch): unknown },
  statements: BatchStatement[],
  bracket: { begin: boolean; commit: boolean },
): Promise<StatementResult[]> {
  return new Promise((resolve, reject) => {
    client.query(new StatementBatch(statements, bracket, (err, r) => (err ? reject(err) : resolve(r!))));
  });
}
