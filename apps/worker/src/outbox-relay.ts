import { numericSetting } from '@app/settings';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { inTransaction } from '@app/db';
import { SETTINGS, Settings } from '@app/engine';
import { JOB_OPTIONS, QUEUES, QueueName, markDispatched, outboxJobId, takeUndispatched, undispatchUnfinished } from '@app/queues';

/**
 * Moves outbox rows to BullMQ. Rows are taken with SKIP LOCKED (several workers can relay side by
 * side), added with jobId = outbox id (a re-sent row is deduplicated by BullMQ, and handlers are
 * idempotent anyway) and marked dispatched in the same transaction. While Redis is away the add
 * fails fast, the transaction rolls back and the rows wait: nothing is lost, the API keeps working.
 *
 * A Redis that comes back empty (no persistence, flushed, replaced) has lost the jobs it held. The
 * relay keeps a marker key in Redis; when the marker is gone, every row relayed but not yet done
 * (completed_at, set by QueueJobs) is relayed again.
 *
 * The queues are BullModule's (QueuesModule), whose connection fails fast while Redis is down.
 */
@Injectable()
export class OutboxRelay implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly log = new Logger('OutboxRelay');
  /** Redis backend only: the epoch marker's connection. */
  private readonly connection?: IORedis;
  private readonly queues = new Map<QueueName, Queue>();
  private timer?: NodeJS.Timeout;
  private running = false;
  private stopped = false;
  private redisDownSince: number | null = null;
  readonly pollMs = numericSetting('OUTBOX_POLL_MS');
  /**
   * A batch costs the same five statements and one Redis round trip whether it moves one row or
   * hundreds: under load, going again at once after a part-full batch relayed one or two rows each
   * time (worker 0.42 → 0.26 ms of CPU per event with 50 ms, ADR 0011). A full batch goes again at once.
   */
  readonly gatherMs = numericSetting('OUTBOX_GATHER_MS');
  static readonly BATCH = 500;
  private readonly epochKey: string;

  constructor(private readonly ds: DataSource, @Inject(SETTINGS) settings: Settings, moduleRef: ModuleRef) {
    // The epoch marker's own connection, failing fast like the queues'. With the PostgreSQL backend
    // the jobs live in the outbox's own database: they cannot be lost apart from it.
    if (settings.queueBackend === 'redis') {
      this.connection = new IORedis(settings.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: () => 500 });
      this.connection.on('error', () => undefined);
    }
    this.epochKey = `${settings.queuePrefix}:outbox-epoch`;
    for (const name of Object.values(QUEUES)) {
      const q = moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      q.on('error', () => undefined);
      this.queues.set(name, q);
    }
  }

  onModuleInit() {
    const tick = async () => {
      if (this.stopped) return;
      const moved = await this.relayOnce().catch(() => -1);
      if (!this.stopped) this.timer = setTimeout(tick, moved >= OutboxRelay.BATCH ? 0 : moved > 0 ? this.gatherMs : moved < 0 ? 1000 : this.pollMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  /** One batch; returns rows moved, or -1 when Redis refused. */
  async relayOnce(batch = OutboxRelay.BATCH): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      await this.redeliverIfRedisWasEmptied();
      return await inTransaction(this.ds, async (tx) => {
        const rows = await takeUndispatched(tx, batch);
        if (rows.length === 0) return 0;
        const byQueue = new Map<QueueName, any[]>();
        const now = Date.now();
        for (const r of rows) {
          const list = byQueue.get(r.queue) ?? [];
          list.push({
            name: r.name,
            data: r.payload,
            opts: { ...JOB_OPTIONS[r.queue], jobId: outboxJobId(r.id), delay: Math.max(0, new Date(r.available_at).getTime() - now) },
          });
          byQueue.set(r.queue, list);
        }
        try {
          for (const [queue, jobs] of byQueue) await this.queues.get(queue)!.addBulk(jobs);
        } catch (err) {
          if (this.redisDownSince === null) {
            this.redisDownSince = Date.now();
            this.log.warn(`Redis unavailable, ${rows.length}+ outbox rows wait: ${(err as Error).message}`);
          }
          throw err;
        }
        if (this.redisDownSince !== null) {
          this.log.log(`Redis back after ${Math.round((Date.now() - this.redisDownSince) / 1000)} s; relaying the backlog`);
          this.redisDownSince = null;
        }
        await markDispatched(tx, rows.map((r) => r.id));
        return rows.length;
      });
    } finally {
      this.running = false;
    }
  }

  /** Throws while Redis is down (the tick backs off); returns the rows handed back, if any. */
  private async redeliverIfRedisWasEmptied(): Promise<number> {
    if (!this.connection || (await this.connection.get(this.epochKey))) return 0;
    const again = await undispatchUnfinished(this.ds);
    await this.connection.set(this.epochKey, new Date().toISOString(), 'NX');
    if (again) this.log.warn(`Redis holds no jobs of ours (restarted empty?): relaying ${again} unfinished outbox rows again`);
    return again;
  }

  /** Stops relaying before the queues close (BullModule closes them in onApplicationShutdown). */
  async beforeApplicationShutdown() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    // A batch in flight finishes (or fails fast, Redis down) before the queues close under it.
    for (const until = Date.now() + 5000; this.running && Date.now() < until; ) await new Promise((r) => setTimeout(r, 10));
  }

  onApplicationShutdown() {
    this.connection?.disconnect();
  }
}
