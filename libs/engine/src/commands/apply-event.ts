import type { Principal, SessionToConfirm } from '@app/access';
import { SYSTEM_PRINCIPAL, findUserByUsername } from '@app/access';
import { Sql, inTransaction } from '@app/db';
import type { CaseView, ViewAnswer, ViewRow } from '../queries/case-queries';
import { CaseRow } from '../case-row';
import { declaredRelativeOf } from '../conflict-of-interest';
import { EventFacts, EventInput, decideEvent, refusalError } from '../decide/decide-event';
import { activeDelegationsFor } from '../delegations';
import { DomainError, invalid } from '../errors';
import { withIdempotency } from '../idempotency';
import { auditRefusal } from '../queries/refusal-audit';
import { LockedCase, lockCase, lockVisibleCase, listedInAnotherCase } from '../repositories/cases';
import { validateAgainst } from '../schema-validator';
import { writeDecision } from '../write/write-decision';
import { EngineParts, SystemApplyResult } from './engine-parts';

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

/**
 * An event sent by a person over HTTP. Refusals (403/422) are audited after the rollback. With
 * `toConfirm`, the lock also confirms the caller's remembered session (ADR 0013).
 */
export async function applyEvent(
  parts: EngineParts,
  p: Principal,
  caseId: string,
  body: unknown,
  idempotencyKey?: string,
  toConfirm?: SessionToConfirm,
): Promise<{ status: number; body: CaseView }> {
  const errors = validateAgainst(EVENT_SCHEMA, body, '');
  if (errors.length) throw invalid(errors);
  const input: EventInput = { ...(body as EventInput), payload: (body as EventInput).payload ?? {} };
  try {
    const request = { op: 'event', caseId, ...input };
    return await inTransaction(parts.ds, (tx) => withIdempotency(tx, p, idempotencyKey, request, async (c) => {
      // The answer is read by the write statement itself when it can be (write-decision.ts): one round
      // trip fewer; without a key to store the answer under, that statement may also carry the COMMIT.
      const { viewRow } = await applyLocked(parts, tx, p, c, input, { answer: { viewer: p, endsTransaction: !idempotencyKey } });
      return { status: 200, body: viewRow ? parts.queries.viewOf(p, viewRow) : await parts.queries.viewInTx(tx, p, caseId) };
    }, () => lockVisibleCase(tx, p, caseId, toConfirm)));
  } catch (err) {
    if (err instanceof DomainError && (err.status === 403 || err.status === 422)) {
      // A refused action is evidence (PROCESSES.md §5): on the actor's chain, outside the failed transaction.
      await auditRefusal(parts.ds, parts.clock, p, caseId, input, err).catch(() => undefined);
    }
    throw err;
  }
}

/** An event sent by the system (timer, job). Idempotent by key; a case that moved on is not an error. */
export async function applySystemEvent(
  parts: EngineParts,
  caseId: string,
  type: string,
  payload: Record<string, unknown>,
  idempotencyKey: string,
): Promise<SystemApplyResult> {
  try {
    const request = { caseId, type, payload };
    const response = await inTransaction(parts.ds, (tx) => withIdempotency(tx, SYSTEM_PRINCIPAL, idempotencyKey, request, async (c) => {
      // Not stored, as before: the key stays claimed without a response.
      if (!c) return { status: 200, body: { applied: false, reason: 'case not found' } as SystemApplyResult, store: false as const };
      const updated = await applyLocked(parts, tx, SYSTEM_PRINCIPAL, c, { type, payload });
      return { status: 200, body: { applied: true, state: updated.state } as SystemApplyResult };
    }, () => lockCase(tx, caseId)));
    return response.body;
  } catch (err) {
    if (err instanceof DomainError && err.status === 422) return { applied: false, reason: err.message };
    throw err;
  }
}

/** The heart of the engine: one event on a locked case — read the facts, decide, write. */
export async function applyLocked(
  parts: EngineParts,
  tx: Sql,
  p: Principal,
  c: LockedCase,
  input: EventInput,
  extra?: { timerId?: string; answer?: ViewAnswer },
): Promise<CaseRow & { viewRow?: ViewRow }> {
  const def = parts.processes.get(c.process_key, c.process_version);
  const now = parts.clock.now();
  const decision = await decideEvent(def, factsFor(parts, tx, p, c, extra?.timerId), p, input, now);
  if (!decision.ok) throw refusalError(decision);
  return writeDecision(tx, parts.clock, def, c, decision, now, extra?.answer);
}

/** What a decision reads: the locked row, and the lookups it may ask for, answered in this transaction. */
function factsFor(parts: EngineParts, tx: Sql, p: Principal, c: LockedCase, timerId?: string): EventFacts {
  return {
    case: c,
    actorDeclaredRelative: c.actor_declared_relative,
    delegations: () => activeDelegationsFor(tx, p),
    declaredRelative: (userIds) => declaredRelativeOf(tx, userIds, c.applicant_id_index),
    findUser: async (username: string) => {
      const u = await findUserByUsername(tx, username);
      return u && u.active ? { username: u.username, roles: u.roles, jurisdictionCode: u.jurisdiction.code } : undefined;
    },
    clock: parts.clock,
    ruleNow: new Date(),
    timerId,
    takenElsewhere: (field, entry) => listedInAnotherCase(tx, c, field, entry),
  };
}
