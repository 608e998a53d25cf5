import { AppConfig } from '@app/config';
import { redisConnection, workerHeartbeatKey } from '@app/queue';
import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { hostname } from 'node:os';
import { WorkerSettings } from './worker-settings';
import { within } from './within';

/**
 * Tells the api's health check that a worker runs: a beat every few seconds in a sorted set
 * under REDIS_PREFIX; a clean stop removes it, a crash leaves it to go stale.
 */
@Injectable()
export class WorkerHeartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly id = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  private timer?: NodeJS.Timeout;
  // Its own connection that queues commands while (re)connecting: the shared command client
  // fails fast, which would drop the first beat at start-up.
  private readonly redis: Redis;

  constructor(
    private readonly config: AppConfig,
    private readonly settings: WorkerSettings,
  ) {
    this.redis = redisConnection(config.REDIS_URL, 'bullmq');
  }

  private get key(): string {
    return workerHeartbeatKey(this.config.REDIS_PREFIX);
  }

  async beat(): Promise<void> {
    // While Redis is away, skip beats instead of piling them up in the offline queue.
    if (this.redis.status !== 'ready') return;
    const now = Date.now();
    await this.redis
      .multi()
      .zadd(this.key, now, this.id)
      // Forget workers gone for a day; a recent stale one still shows as "down".
      .zremrangebyscore(this.key, 0, now - 24 * 3600_000)
      .exec();
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.redis.status !== 'ready')
      await within(5_000, new Promise((resolve) => this.redis.once('ready', resolve)));
    await this.beat().catch(() => undefined);
    this.timer = setInterval(() => void this.beat().catch(() => undefined), this.settings.heartbeatMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    if (this.redis.status === 'ready') await within(1_000, this.redis.zrem(this.key, this.id));
    this.redis.disconnect();
  }
}
