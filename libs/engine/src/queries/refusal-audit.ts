import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { appendAudit, actorChain } from '@app/audit';
import { inTransaction } from '@app/db';
import { DomainError } from '../errors';
import { isUuid } from '../uuid';
import { isVisibleTo } from '../visibility';
import { WorkflowClock } from '../workflow-clock';

/** A refused action is evidence (PROCESSES.md §5): recorded on the actor's chain, outside the failed transaction. */
export async function auditRefusal(
  ds: DataSource, clock: WorkflowClock, p: Principal, caseId: string, input: { type: string; payload?: Record<string, unknown> }, err: DomainError,
): Promise<void> {
  if (p.system || !isUuid(caseId)) return;
  await inTransaction(ds, async (tx) => {
    const [c] = await tx.query(`SELECT state, village_code, township_code, county_code, city_code, viewers FROM cases WHERE id = $1`, [caseId]);
    if (!c || !isVisibleTo(p, c)) return;
    await appendAudit(tx, {
      chainId: actorChain(p.id), caseId, at: clock.now(), actorId: p.id, actorUsername: p.username,
      actorRole: p.roles.join(','), jurisdictionCode: p.jurisdiction.code, action: input.type, outcome: 'refused',
      fromState: c.state, toState: c.state,
      payload: { status: err.status, reason: err.message, payload: input.payload ?? {} },
    });
  });
}
