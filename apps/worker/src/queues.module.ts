import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { EngineModule, SETTINGS, Settings } from '@app/engine';
import { QUEUES } from '@app/queues';

/**
 * BullMQ through @nestjs/bullmq: one connection setting and key prefix (QUEUE_PREFIX) for every
 * queue, and every queue of libs/queues registered, so OutboxRelay can add to any of them.
 * The queues' connection fails fast while Redis is down instead of buffering adds in memory: the
 * relay's transaction rolls back and the outbox rows wait (invariant 4).
 */
@Module({
  imports: [
    BullModule.forRootAsync({
      imports: [EngineModule],
      inject: [SETTINGS],
      useFactory: (settings: Settings) => ({
        connection: { url: settings.redisUrl, enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: () => 500 },
        prefix: settings.queuePrefix,
      }),
    }),
    BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name }))),
  ],
  exports: [BullModule],
})
export class QueuesModule {}
