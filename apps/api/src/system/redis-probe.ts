import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import IORedis from 'ioredis';
import { SETTINGS, Settings } from '@app/engine';

/**
 * A Redis connection used only to answer "is Redis up?": it fails fast instead of queueing commands.
 * None with QUEUE_BACKEND=postgres (nothing uses Redis then).
 */
@Injectable()
export class RedisProbe implements OnApplicationShutdown {
  private readonly redis?: IORedis;

  constructor(@Inject(SETTINGS) settings: Settings) {
    if (settings.queueBackend !== 'redis') return;
    this.redis = new IORedis(settings.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 1000,
      lazyConnect: false,
      retryStrategy: () => 1000,
    });
    this.redis.on('error', () => undefined);
  }

  async up(): Promise<boolean> {
    if (!this.redis) return false;
    try {
      return (await Promise.race([this.redis.ping(), new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), 1000))])) === 'PONG';
    } catch {
      return false;
    }
  }

  async onApplicationShutdown() {
    this.redis?.disconnect();
  }
}
