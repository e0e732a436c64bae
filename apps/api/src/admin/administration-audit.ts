import type { Principal } from '@app/access';
import { appendAudit } from '@app/audit';
import { Sql } from '@app/db';

/**
 * Every administrative act is an entry on the administration chain of the administrator's node
 * (`administration:<code>`): who did what to whom, with before and after (roles, jurisdiction,
 * disabled, names) — never a password or a hash. Reviewers find them with GET /api/audit?action=….
 */
export const administrationChain = (jurisdictionCode: string) => `administration:${jurisdictionCode}`;

export type AdministrationAction =
  | 'ADMIN_BOOTSTRAP' | 'USER_CREATED' | 'USER_UPDATED' | 'USER_PASSWORD_RESET' | 'JURISDICTIONS_IMPORTED';

export function auditAdministration(
  tx: Sql,
  actor: Principal | { bootstrap: true; jurisdictionCode: string },
  action: AdministrationAction,
  payload: Record<string, unknown>,
) {
  const person = 'bootstrap' in actor ? undefined : actor;
  const code = person ? person.jurisdiction.code : (actor as { jurisdictionCode: string }).jurisdictionCode;
  return appendAudit(tx, {
    chainId: administrationChain(code), caseId: null, at: new Date(), actorId: person?.id ?? null,
    actorUsername: person?.username ?? 'admin:bootstrap', actorRole: person ? person.roles.join(',') : 'system',
    jurisdictionCode: code, action, outcome: 'ok', fromState: null, toState: null, payload,
  });
}
