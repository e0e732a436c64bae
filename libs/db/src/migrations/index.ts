/** Every migration, in order. Add a new one at the end; never edit one that has shipped. */
import { InitialSchema1764300000000 } from './1764300000000-initial-schema';
import { WorkQueues1764700000005 } from './1764700000005-work-queues';
import { AuditCheckpoints1764800000006 } from './1764800000006-audit-checkpoints';
import { InboxIndexOnly1764900000007 } from './1764900000007-inbox-index-only';
import { OutboxCompleted1765000000008 } from './1765000000008-outbox-completed';
import { Administration1765100000009 } from './1765100000009-administration';
import { RelativesWithdrawal1765200000010 } from './1765200000010-relatives-withdrawal';
import { DelegationEnd1765300000011 } from './1765300000011-delegation-end';
import { SweepRuns1765400000012 } from './1765400000012-sweep-runs';
import { PausedClocks1765550000014 } from './1765550000014-paused-clocks';
import { RecurringTimers1765580000014 } from './1765580000014-recurring-timers';
import { PaymentSchedules1765600000014 } from './1765600000014-payment-schedules';
import { HouseholdPersons1765700000015 } from './1765700000015-household-persons';
import { SubjectCases1765700000016 } from './1765700000016-subject-cases';
import { Attachments1765700000020 } from './1765700000020-attachments';
import { EntryTasks1765800000100 } from './1765800000100-entry-tasks';
import { JurisdictionSettings1765800000101 } from './1765800000101-jurisdiction-settings';
import { TaskUrges1765800000500 } from './1765800000500-task-urges';
import { CaseTimersByCaseAndStatus1765900000200 } from './1765900000200-case-timers-by-case-and-status';
import { KeptDispatchTownships1765900000300 } from './1765900000300-kept-dispatch-townships';

export const MIGRATIONS = [InitialSchema1764300000000, WorkQueues1764700000005, AuditCheckpoints1764800000006, InboxIndexOnly1764900000007, OutboxCompleted1765000000008, Administration1765100000009, RelativesWithdrawal1765200000010, DelegationEnd1765300000011, SweepRuns1765400000012, PausedClocks1765550000014, RecurringTimers1765580000014, PaymentSchedules1765600000014, HouseholdPersons1765700000015, SubjectCases1765700000016, Attachments1765700000020, EntryTasks1765800000100, JurisdictionSettings1765800000101, TaskUrges1765800000500, CaseTimersByCaseAndStatus1765900000200, KeptDispatchTownships1765900000300];
