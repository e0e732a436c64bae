import { DataSource } from 'typeorm';
import type { ProcessRegistry } from '@app/processes';
import type { PiiCipher } from '@app/registry';
import type { JurisdictionDirectory } from '../jurisdiction-directory';
import type { CaseQueries } from '../queries/case-queries';
import type { WorkflowClock } from '../workflow-clock';

/** What the commands work with: the database, the definitions, time, the ID-number cipher, the tree, and the reads for their answers. */
export interface EngineParts {
  ds: DataSource;
  processes: ProcessRegistry;
  clock: WorkflowClock;
  cipher: PiiCipher;
  directory: JurisdictionDirectory;
  queries: CaseQueries;
}

/** Outcome of an event sent by the system (a timer or a job): it may find the case has moved on. */
export type SystemApplyResult = { applied: true; state: string } | { applied: false; reason: string };
