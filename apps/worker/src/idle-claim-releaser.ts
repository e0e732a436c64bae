import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { TaskSupervision, WORK_QUEUE_SETTINGS, WorkQueueSettings } from '@app/engine';

/**
 * Returns claims left idle past CLAIM_IDLE_MINUTES to the queue (see TaskSupervision): a periodic
 * sweep like the TimerReconciler, safe to run in every worker replica (each release locks its case
 * and re-checks the claim, so a claim is released and audited once).
 */
@Injectable()
export class IdleClaimReleaser implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('IdleClaimReleaser');
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(private readonly supervision: TaskSupervision, @Inject(WORK_QUEUE_SETTINGS) private readonly settings: WorkQueueSettings) {}

  onModuleInit() {
    this.timer = setInterval(() => void this.runOnce().catch((e) => this.log.warn(e.message)), this.settings.claimSweepIntervalMs);
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

  onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
  }
}
