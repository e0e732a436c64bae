import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { BackendFactory, ConnectionOptions, PostgresConnectionOptions, QueueBaseOptions, createPostgresBackend, createRedisBackend, setDefaultBackendFactory } from 'bullmq';
import { EngineModule, SETTINGS, Settings } from '@app/engine';
import { QUEUES } from '@app/queues';

/** BullMQ's tables in PostgreSQL (QUEUE_BACKEND=postgres), beside the application's own. */
export const POSTGRES_QUEUE_SCHEMA = 'bullmq';

type QueueSettings = Pick<Settings, 'queueBackend' | 'redisUrl' | 'databaseUrl'>;

/**
 * The connection of a queue (a producer: OutboxRelay adds jobs) or of a worker.
 * Redis: the queues fail fast while Redis is down instead of buffering adds in memory (the relay's
 * transaction rolls back and the outbox rows wait, invariant 4); a worker waits for Redis (BullMQ
 * requires maxRetriesPerRequest null on its blocking connection).
 * PostgreSQL: BullMQ's own small pool per queue or worker in DATABASE_URL, its schema migrated on
 * connect (the first one takes BullMQ's advisory lock, the others wait and find it done).
 */
export function queueConnection(settings: QueueSettings, role: 'producer' | 'worker'): ConnectionOptions {
  if (settings.queueBackend === 'postgres') {
    return { connectionString: settings.databaseUrl, schema: POSTGRES_QUEUE_SCHEMA, migrate: true, max: role === 'worker' ? 3 : 2 } as ConnectionOptions;
  }
  return role === 'worker'
    ? { url: settings.redisUrl, maxRetriesPerRequest: null, retryStrategy: (n: number) => Math.min(n * 200, 2000) }
    : { url: settings.redisUrl, enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: () => 500 };
}

/**
 * Each queue and worker gets the backend its connection names, so one process could hold both.
 * @nestjs/bullmq builds queues and workers without a backend argument: this becomes BullMQ's default.
 */
const backendOfConnection: BackendFactory = (name, opts, factoryOpts) =>
  typeof opts.connection === 'object' && opts.connection !== null && 'connectionString' in opts.connection
    ? createPostgresBackend(name, opts as unknown as QueueBaseOptions<PostgresConnectionOptions>, factoryOpts)
    : createRedisBackend(name, opts, factoryOpts);
setDefaultBackendFactory(backendOfConnection);

/**
 * BullMQ through @nestjs/bullmq: one connection setting and key prefix (QUEUE_PREFIX) for every
 * queue, and every queue of libs/queues registered, so OutboxRelay can add to any of them.
 */
@Module({
  imports: [
    BullModule.forRootAsync({
      imports: [EngineModule],
      inject: [SETTINGS],
      useFactory: (settings: Settings) => ({ connection: queueConnection(settings, 'producer'), prefix: settings.queuePrefix }),
    }),
    BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name }))),
  ],
  exports: [BullModule],
})
export class QueuesModule {}
