/** Every migration, in order. Add a new one at the end; never edit one that has shipped. */
import { InitialSchema1764300000000 } from './1764300000000-initial-schema';
import { WorkQueues1764700000005 } from './1764700000005-work-queues';
import { AuditCheckpoints1764800000006 } from './1764800000006-audit-checkpoints';
import { InboxIndexOnly1764900000007 } from './1764900000007-inbox-index-only';
import { OutboxCompleted1765000000008 } from './1765000000008-outbox-completed';

export const MIGRATIONS = [InitialSchema1764300000000, WorkQueues1764700000005, AuditCheckpoints1764800000006, InboxIndexOnly1764900000007, OutboxCompleted1765000000008];
