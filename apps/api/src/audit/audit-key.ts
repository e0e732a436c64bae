import { Logger, Provider } from '@nestjs/common';
import { AuditSigningKey, loadAuditSigningKey } from '@app/audit';

/** The checkpoint signing key (libs/audit/src/signing-key.ts); production refuses to start without it. */
export const AUDIT_KEY = Symbol('AUDIT_KEY');

export const auditKeyProvider: Provider = {
  provide: AUDIT_KEY,
  useFactory: (): AuditSigningKey => {
    const key = loadAuditSigningKey();
    if (key.development) new Logger('AuditKey').warn(`AUDIT_SIGNING_KEY not set: checkpoints use the public development key ${key.keyId} (never in production)`);
    return key;
  },
};
