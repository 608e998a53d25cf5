import { AppConfig } from '@app/config';
import { redisConnection, workerHeartbeatKey, workerStoppedKey } from '@app/queue';
import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { hostname } from 'node:os';
import { WorkerSettings } from './worker-settings';
import { within } from './within';

const FORGOTTEN_AFTER_MS = 24 * 3600_000;

/**
 * Tells the api's health check that a worker runs: a beat every few seconds in a sorted set
 * under REDIS_PREFIX; a clean stop moves it to the stopped workers, a crash leaves it to go stale.
 * Either way health says `down` with when it was last seen, until a worker beats again.
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

  private get stoppedKey(): string {
    return workerStoppedKey(this.config.REDIS_PREFIX);
  }

  async beat(): Promise<void> {
    // While Redis is away, skip beats instead of piling them up in the offline queue.
    if (this.redis.status !== 'ready') return;
    const now = Date.now();
    await this.redis
      .multi()
      .zadd(this.key, now, this.id)
      // Forget workers gone for a day, stale or stopped; a recent one still shows as "down".
      .zremrangebyscore(this.key, 0, now - FORGOTTEN_AFTER_MS)
      .zremrangebyscore(this.stoppedKey, 0, now - FORGOTTEN_AFTER_MS)
      .exec();
  }

  private async stop(): Promise<void> {
    const now = Date.now();
    await this.redis
      .multi()
      .zrem(this.key, this.id)
      .zadd(this.stoppedKey, now, this.id)
      .zremrangebyscore(this.stoppedKey, 0, now - FORGOTTEN_AFTER_MS)
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
    // One that never started (it failed to) was never seen: it is not recorded as stopped.
    if (this.timer && this.redis.status === 'ready') await within(1_000, this.stop());
    this.redis.disconnect();
  }
}
