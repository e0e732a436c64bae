import { Provider } from '@nestjs/common';
import { AuditSigningKey, loadAuditSigningKey } from '@app/audit';

/** The checkpoint signing key (libs/audit/src/signing-key.ts); the api refuses to start without it. */
export const AUDIT_KEY = Symbol('AUDIT_KEY');

export const auditKeyProvider: Provider = {
  provide: AUDIT_KEY,
  useFactory: (): AuditSigningKey => loadAuditSigningKey(),
};
