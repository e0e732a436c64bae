import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { appendAudit, actorChain, caseChain } from '@app/audit';
import { CteStatement, Sql, inTransaction } from '@app/db';
import { ProcessRegistry } from '@app/processes';
import { PiiCipher, scrubPii } from '@app/registry';
import { CASE_WITH_PARTS_SQL, CaseRowWithParts, casePartsColumns, caseView, revealRefusal, seesRelativeDetails } from '../case-view';
import { RELATIVE_ENTRY_ACTIONS, RELATIVE_FLAG } from '../conflict-of-interest';
import { OnBehalfOf, activeDelegationsSql, delegationParams, onBehalfOf } from '../delegations';
import { DomainError, forbidden, notFound } from '../errors';
import { JurisdictionDirectory } from '../jurisdiction-directory';
import { isUuid } from '../uuid';
import { isVisibleTo } from '../visibility';
import { WorkflowClock } from '../workflow-clock';
import { auditRefusal } from './refusal-audit';

export type CaseView = ReturnType<typeof caseView>;

/**
 * Reads of a case and the ID-number reveal, apart from the commands (issue 14): the case view with
 * what the viewer may do, its history, and the audited decryption of the applicant's ID number.
 */
export class CaseQueries {
  constructor(
    private readonly ds: DataSource,
    private readonly processes: ProcessRegistry,
    private readonly clock: WorkflowClock,
    private readonly cipher: PiiCipher,
    private readonly directory: JurisdictionDirectory,
  ) {}

  async view(p: Principal, caseId: string): Promise<CaseView> {
    return this.viewInTx(this.ds, p, caseId);
  }

  async viewInTx(sql: Sql, p: Principal, caseId: string): Promise<CaseView> {
    if (!isUuid(caseId)) throw notFound();
    // The viewer's delegations decide what the view offers them: read in the same round trip.
    const [c] = (p.system
      ? await sql.query(CASE_WITH_PARTS_SQL, [caseId])
      : await sql.query(CASE_AND_VIEWER_DELEGATIONS_SQL, [caseId, ...delegationParams(p)])) as ViewRow[];
    if (!c) throw notFound();
    return this.viewOf(p, c);
  }

  /** The view of a row read with its parts (here, or by an event's write statement: decidedViewColumns). */
  viewOf(p: Principal, c: ViewRow): CaseView {
    if (!isVisibleTo(p, c)) throw notFound();
    return caseView(
      p, this.processes.get(c.process_key, c.process_version), c, this.directory, (c.viewer_delegations ?? []).map(onBehalfOf),
      (row) => this.processes.latest(row.process_key),
    );
  }

  async history(p: Principal, caseId: string) {
    await this.view(p, caseId);
    const rows = await this.ds.query(
      `SELECT e.seq, e.at, e.actor_username, u.display_name, e.actor_role, e.jurisdiction_code, e.action, e.outcome,
         e.from_state, e.to_state, e.payload, e.prev_hash, e.hash
       FROM audit_entries e LEFT JOIN users u ON u.id = e.actor_id WHERE e.chain_id = $1 ORDER BY e.seq`,
      [caseChain(caseId)],
    );
    const reviewer = seesRelativeDetails(p);
    return {
      caseId,
      items: rows.map((r: any) => {
        // Who declared a relative is for discipline reviewers only: others see that it happened.
        if (!reviewer && RELATIVE_ENTRY_ACTIONS.includes(r.action)) {
          return {
            seq: r.seq, at: new Date(r.at).toISOString(), actor: { username: null, displayName: '近亲属备案（备案人仅纪检监察可见）' }, onBehalfOf: null,
            role: null, jurisdictionCode: null, action: r.action, outcome: r.outcome, fromState: r.from_state, toState: r.to_state,
            payload: { flag: RELATIVE_FLAG }, redacted: true, prevHash: r.prev_hash, hash: r.hash,
          };
        }
        // Full ID numbers typed into free text are masked; entries written before issue 19 lose their keyed index.
        const payload = scrubPii(r.payload);
        return {
          seq: r.seq, at: new Date(r.at).toISOString(), actor: { username: r.actor_username, displayName: r.display_name ?? r.actor_username },
          onBehalfOf: r.payload?._onBehalfOf ?? null,
          role: r.actor_role, jurisdictionCode: r.jurisdiction_code, action: r.action, outcome: r.outcome,
          fromState: r.from_state, toState: r.to_state, payload, ...(payload !== r.payload ? { redacted: true } : {}), prevHash: r.prev_hash, hash: r.hash,
        };
      }),
    };
  }

  /**
   * Decrypts the applicant's ID number for someone tied to acting on the case (revealRefusal:
   * filer, assignee, holder of an open task, or with an event they may send now), recording the
   * reveal; a refusal is recorded on the caller's chain.
   */
  async revealIdNumber(p: Principal, caseId: string): Promise<{ idNumber: string }> {
    return inTransaction(this.ds, async (tx) => {
      if (p.system || !isUuid(caseId)) throw notFound();
      const [c] = (await tx.query(CASE_AND_VIEWER_DELEGATIONS_SQL, [caseId, ...delegationParams(p)])) as Array<CaseRowWithParts & { viewer_delegations: any[] }>;
      // A case without an applicant has no number to reveal.
      if (!c || !isVisibleTo(p, c) || !c.applicant_id_cipher) throw notFound();
      const def = this.processes.get(c.process_key, c.process_version);
      const delegations: OnBehalfOf[] = (c.viewer_delegations ?? []).map(onBehalfOf);
      // The declarations themselves, not only the flag (it may lag one committed while the case was filed).
      const related: string[] = (
        await tx.query(`SELECT user_id FROM staff_relatives WHERE user_id = ANY($1::uuid[]) AND id_index = $2 AND withdrawn_at IS NULL`, [
          [p.id, ...delegations.map((d) => d.id)], c.applicant_id_index,
        ])
      ).map((r: any) => r.user_id);
      const refusal = revealRefusal(p, def, c, delegations.filter((d) => !related.includes(d.id)), related.includes(p.id));
      if (refusal) throw forbidden(refusal);
      await appendAudit(tx, {
        chainId: actorChain(p.id), caseId, at: this.clock.now(), actorId: p.id, actorUsername: p.username,
        actorRole: p.roles.join(','), jurisdictionCode: p.jurisdiction.code, action: 'REVEAL_ID_NUMBER', outcome: 'ok',
        fromState: c.state, toState: c.state, payload: { idNumberMasked: c.applicant_id_masked },
      });
      return { idNumber: this.cipher.decrypt(c.applicant_id_cipher) };
    }).catch(async (err) => {
      // A refused reveal is evidence too (PROCESSES.md §5), recorded after the rollback.
      if (err instanceof DomainError && err.status === 403) await auditRefusal(this.ds, this.clock, p, caseId, { type: 'REVEAL_ID_NUMBER', payload: {} }, err).catch(() => undefined);
      throw err;
    });
  }
}

/** A case row with its view's parts and, for a person, their delegations. */
export type ViewRow = CaseRowWithParts & { viewer_delegations?: any[] };

/**
 * What a writer answers with: the case view for `viewer`, read by its write statement; with
 * `endsTransaction` the caller adds nothing after the writer, so that statement may carry the COMMIT.
 */
export interface ViewAnswer {
  viewer: Principal;
  endsTransaction: boolean;
}

/**
 * The case view's columns for the final query of an event's write statement (write-decision.ts), so
 * the answer needs no read of its own (issue 21). Every part of that statement saw the tables as they
 * were before it: the tasks it closed, the timers it cancelled or carried and the clocks it stopped
 * are taken out of what the tables hold and its RETURNING rows put in (the CTE names are the owners':
 * tasks.ts closeWorkCtes and openStateTaskCte, timers.ts armTimersCte and carryRecurringTimersCte).
 * Writes made by earlier statements of the transaction (lane, clocks, payments) are in the tables.
 * `row` is what the writer knows of the row it writes: the context's usernames go in as a parameter
 * and a case about no other case gets no subject-actors subquery.
 */
export function decidedViewColumns(
  b: CteStatement, caseAlias: string, viewer: Principal, row: { context: Record<string, unknown>; subject_case_id?: string | null },
): string {
  const minus = (names: string[]) => names.filter((n) => b.has(n)).map((n) => ` AND x.id NOT IN (SELECT id FROM ${n})`).join('');
  const plus = (names: string[]) => names.filter((n) => b.has(n)).map((n) => ` UNION ALL SELECT * FROM ${n}`).join('');
  const after = (table: string, out: string[], added: string[]) =>
    `(SELECT * FROM ${table} x WHERE x.case_id = ${caseAlias}.id${minus(out)}${plus(added)})`;
  const columns = casePartsColumns(caseAlias, {
    tasks: after('tasks', ['work_closed'], ['task_opened']),
    clocks: after('sla_clocks', ['clocks_stopped'], ['clocks_stopped']),
    timers: after('case_timers', ['timers_cancelled', 'timers_carried'], ['timers_carried', 'timers_armed']),
    // Usernames are strings in a context; the text of other values (numbers, objects) names nobody.
    usernames: `${b.param(Object.values(row.context).filter((v): v is string => typeof v === 'string'))}::text[]`,
    subjectActors: row.subject_case_id === null ? 'NULL::uuid[]' : undefined,
  });
  if (viewer.system) return columns;
  const first = b.paramsFrom(delegationParams(viewer));
  return `${columns}, (SELECT coalesce(json_agg(d), '[]') FROM (${activeDelegationsSql(first)}) d) AS viewer_delegations`;
}

const CASE_AND_VIEWER_DELEGATIONS_SQL = `
  SELECT cp.*, (SELECT coalesce(json_agg(d), '[]') FROM (${activeDelegationsSql(2)}) d) AS viewer_delegations
  FROM (${CASE_WITH_PARTS_SQL}) cp`;
