import { DataSource } from 'typeorm';
import { initialTransition } from 'xstate';
import type { Principal } from '@app/access';
import { SYSTEM_PRINCIPAL, findUserByUsername } from '@app/access';
import { appendAudit, caseChain, actorChain } from '@app/audit';
import { Sql, inTransaction } from '@app/db';
import type { PriorCase, ProcessDefinition, RegistryFact } from '@app/processes';
import { ProcessRegistry } from '@app/processes';
import { enqueue, OutboxMessage } from '@app/queues';
import { PiiCipher, maskIdNumber, validateIdNumber } from '@app/registry';
import { CaseRow, Flag, LANE_RANK, withFlags } from './case-row';
import { DomainError, FieldError, forbidden, invalid } from './errors';
import { requestHash, withIdempotency } from './idempotency';
import { JurisdictionDirectory, JurisdictionNode } from './jurisdiction-directory';
import { validateAgainst } from './schema-validator';
import { escalationKind, runClocks } from './sla-clocks';
import { filingRefusal, filingRole } from './filing-rule';
import { EventFacts, EventInput, decideEvent, refusalError, stateIdOf } from './decide/decide-event';
import { writeDecision } from './write/write-decision';
import { CaseQueries, CaseView } from './queries/case-queries';
import { isUuid } from './uuid';
import { LockedCase, insertCase, insertSubjectCase, lockCase, lockVisibleCase, readCase, recentCasesOf, setCaseFlags } from './repositories/cases';
import { auditRefusal } from './queries/refusal-audit';
import { applyStateChange, armNextFiring, armRepeat } from './state-effects';
import { SUBJECT_FILING_SCHEMA, checkedSubject } from './subject-filing';
import { viewersOf } from './visibility';
import { ROLE_TITLES } from './role-titles';
import { RELATIVE_CONFLICT_REASON } from './conflict-of-interest';
import { WorkflowClock } from './workflow-clock';
import { LEVEL_COLUMN } from '@app/access';
import { activeDelegationsFor } from './delegations';
import { declaredRelativeOf } from './conflict-of-interest';

export type { CaseView };

export interface FilingInput {
  processKey: string;
  villageCode: string;
  applicant: { name: string; idNumber: string; phone?: string; householdSize?: number };
  data: Record<string, unknown>;
}

export type { EventInput } from './decide/decide-event';

export const FILING_SCHEMA = {
  type: 'object',
  required: ['processKey', 'villageCode', 'applicant', 'data'],
  additionalProperties: false,
  properties: {
    processKey: { type: 'string', minLength: 1 },
    villageCode: { type: 'string', pattern: '^[0-9]{12}$' },
    applicant: {
      type: 'object',
      required: ['name', 'idNumber'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 50 },
        idNumber: { type: 'string', minLength: 1, maxLength: 32 },
        phone: { type: 'string', pattern: '^[0-9+\\- ]{5,20}$' },
        householdSize: { type: 'integer', minimum: 1, maximum: 30 },
      },
    },
    data: { type: 'object' },
  },
};

export const EVENT_SCHEMA = {
  type: 'object',
  required: ['type'],
  additionalProperties: false,
  properties: {
    type: { type: 'string', minLength: 1, maxLength: 64 },
    payload: { type: 'object' },
    expectedRevision: { type: 'integer', minimum: 1 },
  },
};

/** Outcome of an event sent by the system (a timer or a job): it may find the case has moved on. */
export type SystemApplyResult = { applied: true; state: string } | { applied: false; reason: string };

/**
 * Applies events to cases (ARCHITECTURE.md §2, invariant 1): lock the case, check permission,
 * compute the next snapshot with XState's pure `transition`, then write the case, the audit entry,
 * the tasks, the deadlines, the SLA clocks and the outbox rows in one transaction.
 */
export class CaseEngine {
  constructor(
    private readonly ds: DataSource,
    readonly processes: ProcessRegistry,
    readonly clock: WorkflowClock,
    private readonly cipher: PiiCipher,
    readonly directory: JurisdictionDirectory,
  ) {
    this.queries = new CaseQueries(ds, processes, clock, cipher, directory);
  }

  /** Reads and the ID-number reveal, apart from the commands. */
  readonly queries: CaseQueries;

  // ---------------------------------------------------------------- filing

  async file(p: Principal, body: unknown, idempotencyKey?: string): Promise<{ status: number; body: CaseView }> {
    const key = body && typeof body === 'object' ? (body as { processKey?: unknown }).processKey : undefined;
    const about = typeof key === 'string' ? this.processes.latest(key) : undefined;
    if (about?.subject) return this.fileAboutSubject(p, about, body, idempotencyKey);
    const errors = validateAgainst(FILING_SCHEMA, body, '');
    if (errors.length) throw invalid(errors);
    const input = body as FilingInput;
    const def = this.processes.latest(input.processKey);
    if (!def) throw invalid([{ field: 'processKey', message: `未知流程，可选：${this.processes.keys().join('、')}` }]);
    const id = validateIdNumber(input.applicant.idNumber);
    const fieldErrors: FieldError[] = [];
    if (!id.ok) fieldErrors.push({ field: 'applicant.idNumber', message: id.reason });
    fieldErrors.push(...validateAgainst(def.filing, input.data, 'data'));
    const village = await this.directory.find(input.villageCode);
    if (!village || village.level !== 'village') fieldErrors.push({ field: 'villageCode', message: '村（社区）代码不存在' });
    if (fieldErrors.length) throw invalid(fieldErrors);
    // Who may file comes from the definition (filedBy: roles and level).
    const filerRole = filingRole(p, def.filedBy, village!);
    if (!filerRole) {
      const err = forbidden(filingRefusal(def.filedBy));
      // A refused filing is evidence too (issue 17): on the caller's chain, the applicant masked as in FILE.
      await inTransaction(this.ds, (tx) => appendAudit(tx, {
        chainId: actorChain(p.id), caseId: null, at: this.clock.now(), actorId: p.id, actorUsername: p.username,
        actorRole: p.roles.join(','), jurisdictionCode: p.jurisdiction.code, action: 'FILE', outcome: 'refused', fromState: null, toState: null,
        payload: {
          status: err.status, reason: err.message, processKey: def.key, villageCode: input.villageCode,
          applicant: { name: input.applicant.name, idNumberMasked: maskIdNumber((id as { ok: true; value: string }).value) },
        },
      })).catch(() => undefined);
      throw err;
    }
    const idNumber = (id as { ok: true; value: string }).value;
    const hash = requestHash({ op: 'file', body: { ...input, applicant: { ...input.applicant, idNumber } } });

    return inTransaction(this.ds, (tx) => withIdempotency(tx, p, idempotencyKey, hash, async () => {
      const now = this.clock.now();
      const idIndex = this.cipher.indexOf(idNumber);
      const [registry] = await tx.query(`SELECT household_id FROM registry_entries WHERE id_index = $1`, [idIndex]);
      const householdKey = registry ? `hh:${registry.household_id}` : `id:${idIndex}`;

      const [snapshot] = initialTransition(def.machine, { data: input.data });
      const state = stateIdOf(snapshot.value);
      const context = snapshot.context as Record<string, any>;
      const lane = def.laneOf ? def.laneOf(context) : 'normal';

      const flags = await this.filingFlags(tx, def, idIndex, householdKey, village!, input.data, now);
      const row = await insertCase(tx, {
        processKey: def.key, processVersion: def.version, state, context, lane, village: village!, applicantName: input.applicant.name,
        idCipher: this.cipher.encrypt(idNumber), idIndex, idMasked: maskIdNumber(idNumber), phone: input.applicant.phone ?? null,
        householdSize: input.applicant.householdSize ?? null, householdKey, data: input.data, flags: withFlags([], flags, now), filedBy: p.id, now,
      });

      await appendAudit(tx, {
        chainId: caseChain(row.id), caseId: row.id, at: now, actorId: p.id, actorUsername: p.username,
        actorRole: filerRole, jurisdictionCode: p.jurisdiction.code, action: 'FILE', outcome: 'ok',
        fromState: null, toState: state,
        payload: {
          processKey: def.key, processVersion: def.version, villageCode: row.village_code, lane,
          // Never the keyed index (issue 19): with PII_KEY it gives the number back from its masked form.
          applicant: { name: row.applicant_name, idNumberMasked: row.applicant_id_masked },
          data: input.data, flags: flags.map((f) => f.code),
        },
      });
      const clockJobs = await runClocks(tx, this.clock, def, row, 'filing', now);
      await applyStateChange(tx, this.clock, def, row, null, p.id, now, clockJobs);
      return { status: 201, body: await this.viewInTx(tx, p, row.id) };
    }));
  }

  /**
   * A case about another case (ProcessDeclarations.subject, subject-filing.ts): no applicant, placed
   * at the subject's path, visible as the definition declares. Refusals (403, 422) are audited on the
   * caller's chain like any refused filing.
   */
  private async fileAboutSubject(p: Principal, def: ProcessDefinition, body: unknown, idempotencyKey?: string): Promise<{ status: number; body: CaseView }> {
    const errors = validateAgainst(SUBJECT_FILING_SCHEMA, body, '');
    if (errors.length) throw invalid(errors);
    const input = body as { processKey: string; data: Record<string, any> };
    const dataErrors = validateAgainst(def.filing, input.data, 'data');
    if (dataErrors.length) throw invalid(dataErrors);
    const filerRole = def.filedBy.roles.find((r) => p.roles.includes(r));
    const refused = (err: DomainError) =>
      inTransaction(this.ds, (tx) => appendAudit(tx, {
        chainId: actorChain(p.id), caseId: null, at: this.clock.now(), actorId: p.id, actorUsername: p.username,
        actorRole: p.roles.join(','), jurisdictionCode: p.jurisdiction.code, action: 'FILE', outcome: 'refused', fromState: null, toState: null,
        payload: { status: err.status, reason: err.message, processKey: def.key, data: input.data },
      })).catch(() => undefined);
    if (!filerRole) {
      const err = forbidden(`只有${def.filedBy.roles.map((r) => ROLE_TITLES[r]).join('或')}可以登记「${def.title.zh}」`);
      await refused(err);
      throw err;
    }
    const hash = requestHash({ op: 'file', body: input });
    try {
      return await inTransaction(this.ds, (tx) => withIdempotency(tx, p, idempotencyKey, hash, async () => {
        const now = this.clock.now();
        const { subject, facts } = await checkedSubject(tx, this.processes, def, def.subject!, p, input.data);
        const [related] = await tx.query(
          `SELECT 1 FROM staff_relatives WHERE user_id = $1 AND id_index = $2 AND withdrawn_at IS NULL`, [p.id, subject.applicant_id_index],
        );
        if (related) throw forbidden(RELATIVE_CONFLICT_REASON);
        const [snapshot] = initialTransition(def.machine, { data: input.data, subject: facts });
        const state = stateIdOf(snapshot.value);
        const context = snapshot.context as Record<string, any>;
        const lane = def.laneOf ? def.laneOf(context) : 'normal';
        const flags = def.flagsOf ? withFlags([], def.flagsOf(context), now) : [];
        const row = await insertSubjectCase(tx, {
          processKey: def.key, processVersion: def.version, state, context, lane, subject, viewers: viewersOf(def, context),
          data: input.data, flags, filedBy: p.id, now,
        });
        await appendAudit(tx, {
          chainId: caseChain(row.id), caseId: row.id, at: now, actorId: p.id, actorUsername: p.username,
          actorRole: filerRole, jurisdictionCode: p.jurisdiction.code, action: 'FILE', outcome: 'ok', fromState: null, toState: state,
          // The subject facts are the machine's input too: recorded, so the history replays from the audit alone.
          payload: { processKey: def.key, processVersion: def.version, subjectCaseId: subject.id, villageCode: row.village_code, lane, data: input.data, subject: facts, flags: flags.map((f) => f.code) },
        });
        const clockJobs = await runClocks(tx, this.clock, def, row, 'filing', now);
        await applyStateChange(tx, this.clock, def, row, null, p.id, now, clockJobs);
        return { status: 201, body: await this.viewInTx(tx, p, row.id) };
      }));
    } catch (err) {
      if (err instanceof DomainError && (err.status === 403 || err.status === 422)) await refused(err);
      throw err;
    }
  }

  /**
   * Conflict of interest and the process's anti-fraud checks over the applicant's earlier cases. A
   * declaration counts only where its declarer could act: the case lies inside the declarer's
   * jurisdiction (their node is the case's village, township, county or city); withdrawn ones never.
   */
  private async filingFlags(
    tx: Sql, def: ProcessDefinition, idIndex: string, householdKey: string, village: JurisdictionNode, data: Record<string, unknown>, now: Date,
  ) {
    const flags: Array<{ code: string; detail: Record<string, unknown> }> = [];
    const relatives = await tx.query(
      `SELECT r.user_id, u.username, r.relation FROM staff_relatives r JOIN users u ON u.id = r.user_id
       WHERE r.id_index = $1 AND r.withdrawn_at IS NULL AND u.jurisdiction_code = ANY($2::text[])
       ORDER BY r.created_at, r.id`,
      [idIndex, [village.code, village.townshipCode, village.countyCode, village.cityCode].filter(Boolean)],
    );
    if (relatives.length > 0) {
      flags.push({
        code: 'relative_filed',
        detail: { userIds: relatives.map((r: any) => r.user_id), usernames: relatives.map((r: any) => r.username), relations: relatives.map((r: any) => r.relation) },
      });
    }
    if (def.filingChecks) {
      const rows = await recentCasesOf(tx, idIndex, householdKey, now);
      const prior: PriorCase[] = rows.map((r: any) => ({
        caseId: r.id, processKey: r.process_key, filedAt: new Date(r.filed_at), sameApplicant: r.applicant_id_index === idIndex,
        sameHousehold: r.household_key === householdKey, state: r.state, data: r.data, context: r.context,
      }));
      flags.push(...def.filingChecks({ data, now, config: def.config, prior }));
    }
    return flags;
  }

  // ---------------------------------------------------------------- events

  /** An event sent by a person over HTTP. Refusals (403/422) are audited after the rollback. */
  async apply(p: Principal, caseId: string, body: unknown, idempotencyKey?: string): Promise<{ status: number; body: CaseView }> {
    const errors = validateAgainst(EVENT_SCHEMA, body, '');
    if (errors.length) throw invalid(errors);
    const input: EventInput = { ...(body as EventInput), payload: (body as EventInput).payload ?? {} };
    try {
      const hash = requestHash({ op: 'event', caseId, ...input });
      return await inTransaction(this.ds, (tx) => withIdempotency(tx, p, idempotencyKey, hash, async () => {
        const c = await lockVisibleCase(tx, p, caseId);
        await this.applyLocked(tx, p, c, input);
        return { status: 200, body: await this.viewInTx(tx, p, caseId) };
      }));
    } catch (err) {
      if (err instanceof DomainError && (err.status === 403 || err.status === 422)) {
        await this.auditRefusal(p, caseId, input, err).catch(() => undefined);
      }
      throw err;
    }
  }

  /** An event sent by the system (timer, job). Idempotent by key; a case that moved on is not an error. */
  async applySystem(caseId: string, type: string, payload: Record<string, unknown>, idempotencyKey: string): Promise<SystemApplyResult> {
    try {
      const hash = requestHash({ caseId, type, payload });
      const response = await inTransaction(this.ds, (tx) => withIdempotency(tx, SYSTEM_PRINCIPAL, idempotencyKey, hash, async () => {
        const c = await lockCase(tx, caseId);
        // Not stored, as before: the key stays claimed without a response.
        if (!c) return { status: 200, body: { applied: false, reason: 'case not found' } as SystemApplyResult, store: false as const };
        const updated = await this.applyLocked(tx, SYSTEM_PRINCIPAL, c, { type, payload });
        return { status: 200, body: { applied: true, state: updated.state } as SystemApplyResult };
      }));
      return response.body;
    } catch (err) {
      if (err instanceof DomainError && err.status === 422) return { applied: false, reason: err.message };
      throw err;
    }
  }

  /** The heart of the engine: one event on a locked case — read the facts, decide, write. */
  private async applyLocked(tx: Sql, p: Principal, c: LockedCase, input: EventInput, extra?: { timerId?: string }): Promise<CaseRow> {
    const def = this.processes.get(c.process_key, c.process_version);
    const now = this.clock.now();
    const decision = await decideEvent(def, this.factsFor(tx, p, c, extra?.timerId), p, input, now);
    if (!decision.ok) throw refusalError(decision);
    return writeDecision(tx, this.clock, def, c.id, decision, now);
  }

  /** What a decision reads: the locked row, and the lookups it may ask for, answered in this transaction. */
  private factsFor(tx: Sql, p: Principal, c: LockedCase, timerId?: string): EventFacts {
    return {
      case: c,
      actorDeclaredRelative: c.actor_declared_relative,
      delegations: () => activeDelegationsFor(tx, p),
      declaredRelative: (userIds) => declaredRelativeOf(tx, userIds, c.applicant_id_index),
      findUser: async (username: string) => {
        const u = await findUserByUsername(tx, username);
        return u && u.active ? { username: u.username, roles: u.roles, jurisdictionCode: u.jurisdiction.code } : undefined;
      },
      clock: this.clock,
      ruleNow: new Date(),
      timerId,
      takenElsewhere: async (field, entry) =>
        // Serialised per value: two cases registering the same receipt at once cannot both pass.
        (await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${c.process_key}:${field}:${JSON.stringify(entry)}`]),
        await tx.query(`SELECT 1 FROM cases WHERE process_key = $1 AND id <> $2 AND context->$3 @> $4::jsonb LIMIT 1`, [
          c.process_key, c.id, field, JSON.stringify([entry]),
        ])).length > 0,
    };
  }

  /** A refused action is evidence (PROCESSES.md §5): recorded on the actor's chain, outside the failed transaction. */
  private auditRefusal(p: Principal, caseId: string, input: EventInput, err: DomainError): Promise<void> {
    return auditRefusal(this.ds, this.clock, p, caseId, input, err);
  }

  // ---------------------------------------------------------------- timers and clocks

  /**
   * A deadline fired. Stale (the case moved on, it was cancelled, or this period already fired: a
   * duplicate job or a reconciler re-fire) → nothing happens.
   */
  async fireTimer(timerId: string): Promise<SystemApplyResult> {
    if (!isUuid(timerId)) return { applied: false, reason: 'bad timer id' };
    return inTransaction(this.ds, async (tx) => {
      const [timer] = await tx.query(`SELECT * FROM case_timers WHERE id = $1`, [timerId]);
      if (!timer) return { applied: false, reason: 'timer not found' };
      const c = await lockCase(tx, timer.case_id);
      const [fresh] = await tx.query(`SELECT status FROM case_timers WHERE id = $1`, [timerId]);
      if (!c || fresh.status !== 'armed' || c.state !== timer.state) return { applied: false, reason: 'stale timer' };
      await tx.query(`UPDATE case_timers SET status = 'fired', closed_at = now() WHERE id = $1`, [timerId]);
      // A recurring timer's firing carries its period; the next period is armed in this transaction.
      const payload = timer.series_id ? { period: timer.period } : {};
      const updated = await this.applyLocked(tx, SYSTEM_PRINCIPAL, c, { type: timer.event_type, payload }, { timerId });
      const def = this.processes.get(c.process_key, c.process_version);
      if (timer.series_id) await armNextFiring(tx, this.clock, def, updated, timer, this.clock.now());
      else await armRepeat(tx, this.clock, def, updated, timer, this.clock.now());
      return { applied: true, state: updated.state };
    });
  }

  /**
   * An SLA clock reached its warning or due time. A stopped or paused clock does nothing, nor does a
   * job armed for a time the clock no longer has (`armedFor`: it was paused and resumed since).
   */
  async fireClockPhase(clockId: string, phase: 'warn' | 'breach', armedFor?: string): Promise<{ changed: boolean }> {
    if (!isUuid(clockId)) return { changed: false };
    return inTransaction(this.ds, async (tx) => {
      const [k0] = await tx.query(`SELECT case_id FROM sla_clocks WHERE id = $1`, [clockId]);
      if (!k0) return { changed: false };
      const c = (await lockCase(tx, k0.case_id))!;
      const [k] = await tx.query(`SELECT * FROM sla_clocks WHERE id = $1`, [clockId]);
      if (k.stopped_at) return { changed: false };
      if (k.paused_at) return { changed: false };
      const current = phase === 'warn' ? k.warn_at : k.due_at;
      if (armedFor !== undefined && (!current || new Date(current).getTime() !== new Date(armedFor).getTime())) return { changed: false };
      if (phase === 'warn' && k.status !== 'running') return { changed: false };
      if (phase === 'breach' && k.status === 'breached') return { changed: false };
      const def = this.processes.get(c.process_key, c.process_version);
      const spec = def.clocks?.find((s) => s.name === k.name);
      if (!spec) return { changed: false };
      const now = this.clock.now();
      const newStatus = phase === 'warn' ? 'warned' : 'breached';
      // A breach that finds no warning on record (the two jobs raced, or the reconciler saw both
      // times pass at once) records the warning too: a breached clock was also past its warning.
      const warnedNow = phase === 'warn' || (k.status === 'running' && k.warn_at !== null);
      await tx.query(
        phase === 'warn'
          ? `UPDATE sla_clocks SET status = $2, warned_at = $3 WHERE id = $1`
          : `UPDATE sla_clocks SET status = $2, breached_at = $3, warned_at = CASE WHEN $4 THEN $3 ELSE warned_at END WHERE id = $1`,
        phase === 'warn' ? [clockId, newStatus, now] : [clockId, newStatus, now, warnedNow],
      );
      const flagCode = phase === 'warn' ? spec.warnFlag : spec.breachFlag;
      const detail = { clock: spec.name, dueAt: new Date(k.due_at).toISOString() };
      const added = [
        ...(phase === 'breach' && warnedNow && spec.warnFlag ? [{ code: spec.warnFlag, detail }] : []),
        ...(flagCode ? [{ code: flagCode, detail }] : []),
      ];
      const flags = added.length ? withFlags(c.flags as Flag[], added, now) : c.flags;
      await setCaseFlags(tx, c.id, flags, now);
      if (spec.escalateTo) {
        await tx.query(
          `INSERT INTO tasks (case_id, process_key, kind, state, role, jurisdiction_code, village_code, township_code, county_code,
             city_code, lane, lane_rank, escalation_of, due_at, status, created_at)
           SELECT $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,
             (SELECT id FROM tasks WHERE case_id = $1 AND status IN ('open','claimed') AND kind NOT LIKE 'escalation:%' ORDER BY created_at DESC LIMIT 1),
             $13,'open',$14
           WHERE NOT EXISTS (SELECT 1 FROM tasks WHERE case_id = $1 AND kind = $3 AND status IN ('open','claimed'))`,
          [
            c.id, c.process_key, escalationKind(spec.name), c.state, spec.escalateTo.role, c[LEVEL_COLUMN[spec.escalateTo.level]],
            c.village_code, c.township_code, c.county_code, c.city_code, c.lane, LANE_RANK[c.lane], k.due_at, now,
          ],
        );
      }
      // The history always reads warning, then breach: a breach that records the warning too writes
      // the SLA_WARNING entry first, in this transaction (issue 17: the breach job ran first once).
      const entry = (action: 'SLA_WARNING' | 'SLA_BREACHED', flag: string | undefined, extra: Record<string, unknown> = {}) => ({
        chainId: caseChain(c.id), caseId: c.id, at: now, actorId: null, actorUsername: 'system', actorRole: null,
        jurisdictionCode: null, action, outcome: 'ok' as const, fromState: c.state, toState: c.state,
        payload: { clock: spec.name, startedAt: new Date(k.started_at).toISOString(), dueAt: new Date(k.due_at).toISOString(), flag: flag ?? null, ...extra },
      });
      if (phase === 'breach' && warnedNow) await appendAudit(tx, entry('SLA_WARNING', spec.warnFlag, { recordedWithBreach: true }));
      await appendAudit(tx, entry(phase === 'warn' ? 'SLA_WARNING' : 'SLA_BREACHED', flagCode));
      return { changed: true };
    });
  }

  /** Registry lookup for a case (identity check, fast-lane eligibility): the process decides the event. */
  async registryFactFor(caseId: string): Promise<{ def: ProcessDefinition; c: CaseRow; fact: RegistryFact | null } | undefined> {
    const c = await readCase(this.ds, caseId);
    if (!c) return undefined;
    const def = this.processes.get(c.process_key, c.process_version);
    const [r] = await this.ds.query(
      `SELECT category, status, village_code, household_id FROM registry_entries WHERE id_index = $1`,
      [c.applicant_id_index],
    );
    const fact: RegistryFact | null = r ? { category: r.category, status: r.status, villageCode: r.village_code, householdId: r.household_id } : null;
    return { def, c, fact };
  }

  // ---------------------------------------------------------------- reads (queries/case-queries.ts)

  async view(p: Principal, caseId: string): Promise<CaseView> {
    return this.queries.view(p, caseId);
  }

  private viewInTx(sql: Sql, p: Principal, caseId: string): Promise<CaseView> {
    return this.queries.viewInTx(sql, p, caseId);
  }

  history(p: Principal, caseId: string) {
    return this.queries.history(p, caseId);
  }

  revealIdNumber(p: Principal, caseId: string): Promise<{ idNumber: string }> {
    return this.queries.revealIdNumber(p, caseId);
  }

  /** Queues extra outbox messages for a case outside an event (used by maintenance jobs). */
  async enqueueFor(messages: OutboxMessage[]): Promise<void> {
    await inTransaction(this.ds, (tx) => enqueue(tx, messages));
  }
}


export { isUuid } from './uuid';
