import { numericSetting } from '@app/settings';
import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditSigningKey, CheckpointOutcome, loadAuditSigningKey, writeCheckpoint } from '@app/audit';
import { ClusterSweep } from './cluster-sweep';

/**
 * Writes a signed audit checkpoint every AUDIT_CHECKPOINT_INTERVAL_MS (default 10 minutes): the
 * Merkle root over every chain head, the chain and entry counts, the time, signed with Ed25519
 * (libs/audit/src/checkpoints.ts). A sweep like the reconciler rather than a queue: nothing to
 * retry — a missed run is covered by the next one. One run per interval across all workers
 * (ClusterSweep `audit-checkpoint`, ADR 0007); the advisory lock in writeCheckpoint still keeps a
 * direct call (tests, an overlapping run) from writing twice. The key is loaded at start:
 * production refuses to start without it.
 */
@Injectable()
export class AuditCheckpointer implements OnModuleInit, BeforeApplicationShutdown {
  private readonly log = new Logger('AuditCheckpointer');
  private readonly key: AuditSigningKey = loadAuditSigningKey();
  private sweep?: ClusterSweep;
  private running = false;
  /** At least 1000 (the schema's minimum). */
  readonly intervalMs = numericSetting('AUDIT_CHECKPOINT_INTERVAL_MS');

  constructor(private readonly ds: DataSource) {}

  onModuleInit() {
    this.sweep = new ClusterSweep(this.ds, {
      name: 'audit-checkpoint',
      intervalMs: this.intervalMs,
      run: async () => {
        const out = await this.runOnce();
        return out.written ? { written: out.written.id, chains: out.written.chains, entries: out.written.entries } : { written: null, reason: out.reason };
      },
    });
    this.sweep.start();
  }

  async runOnce(): Promise<CheckpointOutcome | { written: null; reason: 'running' }> {
    if (this.running) return { written: null, reason: 'running' };
    this.running = true;
    try {
      const out = await writeCheckpoint(this.ds, this.key);
      if (out.written) this.log.log(`checkpoint #${out.written.id}: ${out.written.chains} chains, ${out.written.entries} entries, root ${out.written.root.slice(0, 16)}…`);
      if (!out.written && out.reason === 'inconsistent') {
        this.log.error(`audit trail no longer holds what the last checkpoint pinned (${out.problem.chainId} seq ${out.problem.seq}: ${out.problem.reason}); no new checkpoint written`);
      }
      return out;
    } finally {
      this.running = false;
    }
  }

  async beforeApplicationShutdown() {
    await this.sweep?.stop();
  }
}
