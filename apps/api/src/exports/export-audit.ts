import type { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { actorChain, appendAudit } from '@app/audit';
import { inTransaction } from '@app/db';

/**
 * A list taken away as a file is on the caller's chain (which list, under which filters, how many
 * rows), like the audit and 月调度 exports: the lists carry applicants' names.
 */
export function recordListExport(ds: DataSource, p: Principal, list: string, filters: Record<string, unknown>, rows: number) {
  const used = Object.fromEntries(Object.entries(filters).filter(([k, v]) => typeof v === 'string' && v !== '' && k !== 'cursor' && k !== 'limit'));
  return inTransaction(ds, (tx) =>
    appendAudit(tx, {
      chainId: actorChain(p.id), caseId: null, at: new Date(), actorId: p.id, actorUsername: p.username, actorRole: p.roles.join(','),
      jurisdictionCode: p.jurisdiction.code, action: 'EXPORT_LIST', outcome: 'ok', fromState: null, toState: null,
      payload: { list, format: 'xlsx', filters: used, rows, scope: p.jurisdiction.code },
    }),
  );
}
