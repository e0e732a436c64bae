import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TaskSupervision, WORK_QUEUE_SETTINGS, WorkQueueSettings } from '@app/engine';
import { ClusterSweep } from './cluster-sweep';

/**
 * Returns claims left idle past CLAIM_IDLE_MINUTES to the queue (see TaskSupervision): a periodic
 * sweep like the TimerReconciler, run once per CLAIM_SWEEP_INTERVAL_MS across all workers
 * (ClusterSweep `release-idle-claims`, ADR 0007). Each release also locks its case and re-checks
 * the claim, so a claim is released and audited once even if two runs ever overlapped.
 */
@Injectable()
export class IdleClaimReleaser implements OnModuleInit, BeforeApplicationShutdown {
  private readonly log = new Logger('IdleClaimReleaser');
  private sweep?: ClusterSweep;
  private running = false;

  constructor(
    private readonly ds: DataSource,
    private readonly supervision: TaskSupervision,
    @Inject(WORK_QUEUE_SETTINGS) private readonly settings: WorkQueueSettings,
  ) {}

  onModuleInit() {
    this.sweep = new ClusterSweep(this.ds, {
      name: 'release-idle-claims',
      intervalMs: this.settings.claimSweepIntervalMs,
      run: async () => ({ released: await this.runOnce() }),
    });
    this.sweep.start();
  }

  async runOnce(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const released = await this.supervision.releaseIdleClaims();
      if (released) this.log.log(`released ${released} claims idle for more than ${this.settings.claimIdleMinutes} minutes`);
      return released;
    } finally {
      this.running = false;
    }
  }

  async beforeApplicationShutdown() {
    await this.sweep?.stop();
  }
}
