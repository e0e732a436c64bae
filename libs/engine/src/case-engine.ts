import { DataSource } from 'typeorm';
import type { Principal, SessionToConfirm } from '@app/access';
import { inTransaction } from '@app/db';
import type { ProcessDefinition, RegistryFact } from '@app/processes';
import { ProcessRegistry } from '@app/processes';
import { OutboxMessage } from '@app/queues';
import { PiiCipher } from '@app/registry';
import { CaseRow } from './case-row';
import { applyEvent, applySystemEvent } from './commands/apply-event';
import { EngineParts, SystemApplyResult } from './commands/engine-parts';
import { fileCase } from './commands/file-case';
import { changeSetting, readSettings } from './commands/change-setting';
import { fireClock } from './commands/fire-clock';
import { fireTimer } from './commands/fire-timer';
import { JurisdictionDirectory } from './jurisdiction-directory';
import { CaseQueries, CaseView } from './queries/case-queries';
import { registryFactOf } from './queries/registry-facts';
import { coveredByOpenCase } from './registry-membership';
import { readCase } from './repositories/cases';
import { queueMessages } from './repositories/outbox';
import { WorkflowClock } from './workflow-clock';

export type { CaseView, SystemApplyResult };
export type { EventInput } from './decide/decide-event';
export { EVENT_SCHEMA } from './commands/apply-event';
export { FILING_SCHEMA } from './commands/file-case';
export type { FilingInput } from './commands/file-case';

/**
 * The engine's front (ARCHITECTURE.md §2, invariant 1), one method per command, each in its own
 * file under commands/: lock the case through its repository, decide with a pure function
 * (decide/), persist the decision through a writer (write/) in one transaction. Reads and the
 * ID-number reveal are in queries/.
 */
export class CaseEngine {
  constructor(
    private readonly ds: DataSource,
    readonly processes: ProcessRegistry,
    readonly clock: WorkflowClock,
    cipher: PiiCipher,
    readonly directory: JurisdictionDirectory,
  ) {
    this.queries = new CaseQueries(ds, processes, clock, cipher, directory);
    this.parts = { ds, processes, clock, cipher, directory, queries: this.queries };
  }

  /** Reads and the ID-number reveal, apart from the commands. */
  readonly queries: CaseQueries;
  private readonly parts: EngineParts;

  /** The values of a jurisdiction setting at the caller's nodes of its level (commands/change-setting.ts). */
  readSettings(p: Principal, processKey: string, name: string) {
    return readSettings(this.parts, p, processKey, name);
  }

  /** Changes a jurisdiction setting at one node, audited, and notifies the node's cases (commands/change-setting.ts). */
  changeSetting(p: Principal, processKey: string, name: string, jurisdictionCode: string, body: unknown) {
    return changeSetting(this.parts, p, processKey, name, jurisdictionCode, body);
  }

  /** Files a case (commands/file-case.ts); `toConfirm`: a remembered session its first reads confirm. */
  file(p: Principal, body: unknown, idempotencyKey?: string, toConfirm?: SessionToConfirm): Promise<{ status: number; body: CaseView }> {
    return fileCase(this.parts, p, body, idempotencyKey, toConfirm);
  }

  /** An event sent by a person over HTTP (commands/apply-event.ts); `toConfirm`: a remembered session its lock confirms. */
  apply(p: Principal, caseId: string, body: unknown, idempotencyKey?: string, toConfirm?: SessionToConfirm): Promise<{ status: number; body: CaseView }> {
    return applyEvent(this.parts, p, caseId, body, idempotencyKey, toConfirm);
  }

  /** An event sent by the system (timer, job). Idempotent by key; a case that moved on is not an error. */
  applySystem(caseId: string, type: string, payload: Record<string, unknown>, idempotencyKey: string): Promise<SystemApplyResult> {
    return applySystemEvent(this.parts, caseId, type, payload, idempotencyKey);
  }

  /** A deadline fired (commands/fire-timer.ts). */
  fireTimer(timerId: string): Promise<SystemApplyResult> {
    return fireTimer(this.parts, timerId);
  }

  /** An SLA clock reached its warning or due time (commands/fire-clock.ts). */
  fireClockPhase(clockId: string, phase: 'warn' | 'breach', armedFor?: string): Promise<{ changed: boolean }> {
    return fireClock(this.parts, clockId, phase, armedFor);
  }

  /** Registry lookup for a case (identity check, fast-lane eligibility): the process decides the event. */
  async registryFactFor(caseId: string): Promise<{ def: ProcessDefinition; c: CaseRow; fact: RegistryFact | null } | undefined> {
    const c = await readCase(this.ds, caseId);
    if (!c) return undefined;
    // The imported registry first; else a paying case of a process with registryMembership (低保).
    const fact = (await registryFactOf(this.ds, c.applicant_id_index)) ?? (await coveredByOpenCase(this.ds, this.processes.all(), c.applicant_id_index, c.id));
    return { def: this.processes.get(c.process_key, c.process_version), c, fact };
  }

  // ---------------------------------------------------------------- reads (queries/case-queries.ts)

  view(p: Principal, caseId: string): Promise<CaseView> {
    return this.queries.view(p, caseId);
  }

  history(p: Principal, caseId: string) {
    return this.queries.history(p, caseId);
  }

  revealIdNumber(p: Principal, caseId: string): Promise<{ idNumber: string }> {
    return this.queries.revealIdNumber(p, caseId);
  }

  /** Queues extra outbox messages for a case outside an event (used by maintenance jobs). */
  async enqueueFor(messages: OutboxMessage[]): Promise<void> {
    await inTransaction(this.ds, (tx) => queueMessages(tx, messages));
  }
}

export { isUuid } from './uuid';
