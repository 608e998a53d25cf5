import { AppConfig } from '@app/config';
import { REDIS_CLIENT, workerHeartbeatKey } from '@app/queue';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { hostname } from 'node:os';
import { WorkerSettings } from './worker-settings';

/**
 * Tells the api's health check that a worker runs: a beat every few seconds in a sorted set
 * under REDIS_PREFIX; a clean stop removes it, a crash leaves it to go stale.
 */
@Injectable()
export class WorkerHeartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly id = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly config: AppConfig,
    private readonly settings: WorkerSettings,
  ) {}

  private get key(): string {
    return workerHeartbeatKey(this.config.REDIS_PREFIX);
  }

  async beat(): Promise<void> {
    const now = Date.now();
    await this.redis
      .multi()
      .zadd(this.key, now, this.id)
      // Forget workers gone for a day; a recent stale one still shows as "down".
      .zremrangebyscore(this.key, 0, now - 24 * 3600_000)
      .exec();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.beat().catch(() => undefined);
    this.timer = setInterval(() => void this.beat().catch(() => undefined), this.settings.heartbeatMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.zrem(this.key, this.id).catch(() => undefined);
  }
}
