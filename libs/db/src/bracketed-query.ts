import { Query } from 'pg';
// pg's own value mapping for Bind (Dates, Buffers, arrays, JSON), as its Query uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (v: unknown) => unknown };

/** The parts of pg's Connection a query writes to (pg's Query uses the same). */
interface WireConnection {
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
  addFields(fields: unknown[]): void;
  addCommandComplete(msg: unknown): void;
  rows: any[];
  command: string;
  rowCount: number | null;
}

export interface StatementResult {
  rows: any[];
  command: string;
  rowCount: number | null;
}

/**
 * A statement sent with BEGIN before it and/or COMMIT after it in one batch of PostgreSQL's extended
 * protocol, up to one Sync: one round trip where there were two or three (issue 21: each round trip
 * costs the api and PostgreSQL a socket write, a wakeup and a read on both sides). PostgreSQL runs
 * the messages in order and after an error skips the rest up to the Sync, so a failed statement is
 * never followed by its COMMIT: the transaction is left aborted for the caller to roll back. The
 * answer is the statement's own result.
 *
 * The order is Parse (a named statement this connection has not prepared yet), BEGIN, Parse (an
 * unnamed statement), Bind, Describe, Execute, COMMIT, Sync. A named statement's Parse goes first
 * because pg's client marks it prepared at the first ParseComplete it receives in the batch.
 */
export class BracketedQuery extends Query {
  private settled = false;
  /** Which command's answer comes next: BEGIN's, the statement's own, then COMMIT's. */
  private answering: 'begin' | 'own' | 'after';
  private describedIn?: { connection: WireConnection; name: string };

  constructor(
    config: { text: string; values: unknown[]; name?: string },
    private readonly bracket: { begin: boolean; commit: boolean },
    done: (err: Error | null, result?: StatementResult) => void,
  ) {
    super({
      ...config,
      queryMode: 'extended',
      callback: (err: Error | null) => {
        // pg calls back again at ReadyForQuery after a Bind that failed in the client: answer once.
        if (this.settled) return;
        this.settled = true;
        if (err) return done(err);
        const own = this.result;
        done(null, { rows: own.rows, command: own.command, rowCount: own.rowCount });
      },
    } as any);
    this.answering = bracket.begin ? 'begin' : 'own';
  }

  private get result(): PgResult {
    return (this as unknown as { _result: PgResult })._result;
  }

  /** Replaces pg's prepare (Parse once per named statement, Bind, Describe, Execute, Sync) with the bracketed batch. */
  prepare(connection: WireConnection): void {
    const q = this as unknown as { name?: string; text: string; values: unknown[]; portal: string; handleError(e: Error, c: unknown): void };
    const parsed = !!q.name && (q.name in connection.parsedStatements || q.name in connection.submittedNamedStatements);
    if (q.name && !parsed) {
      connection.parse({ text: q.text, name: q.name });
      connection.submittedNamedStatements[q.name] = q.text;
    }
    if (this.bracket.begin) this.unnamed(connection, 'BEGIN');
    // An unnamed statement after BEGIN: BEGIN's own Parse replaces the unnamed statement.
    if (!q.name) connection.parse({ text: q.text });
    try {
      connection.bind({ portal: q.portal, statement: q.name, values: q.values, valueMapper: prepareValue });
    } catch (err) {
      if (q.name && !parsed) connection.close({ type: 'S', name: q.name });
      connection.sync();
      q.handleError(err as Error, connection);
      return;
    }
    const known = parsed ? describedOn.get(connection)?.get(q.name!) : undefined;
    if (known) this.prime(known);
    else {
      if (q.name) this.describedIn = { connection, name: q.name };
      connection.describe({ type: 'P', name: q.portal || '' });
    }
    connection.execute({ portal: q.portal });
    if (this.bracket.commit) this.unnamed(connection, 'COMMIT');
    connection.sync();
  }

  handleRowDescription(msg: { fields: unknown[] }): void {
    const r = this.result;
    r.addFields(msg.fields);
    (this as unknown as { _accumulateRows: boolean })._accumulateRows = true;
    if (this.describedIn) {
      const { connection, name } = this.describedIn;
      let known = describedOn.get(connection);
      if (!known) describedOn.set(connection, (known = new Map()));
      known.set(name, { fields: r.fields, parsers: r._parsers, empty: r._prebuiltEmptyResultObject });
    }
  }

  handleCommandComplete(msg: unknown): void {
    if (this.answering === 'begin') this.answering = 'own';
    else if (this.answering === 'own') {
      this.result.addCommandComplete(msg);
      this.answering = 'after';
      // A statement that returns no rows answers Describe with NoData, not a row description.
      if (this.describedIn && !this.result.fields.length) this.handleRowDescription({ fields: [] });
    }
  }

  private prime(known: Described): void {
    const r = this.result;
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

/** Sends one statement (bracketed or not) on `client` and answers its own result. */
export function sendBracketed(
  client: { query(q: BracketedQuery): unknown },
  config: { text: string; values: unknown[]; name?: string },
  bracket: { begin: boolean; commit: boolean },
): Promise<StatementResult> {
  return new Promise((resolve, reject) => {
    client.query(new BracketedQuery(config, bracket, (err, r) => (err ? reject(err) : resolve(r!))));
  });
}
