import { AppConfig } from '@app/config';
import { REDIS_CLIENT, WORKER_HEARTBEAT_STALE_MS, workerHeartbeatKey, workerStoppedKey } from '@app/queue';
import { DomainError } from '@app/domain/shared/domain.error';
import { ErrorCode } from '@app/domain/shared/error-code';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';

type Component = { status: 'up' | 'down'; latencyMs: number };
type WorkerHealth = { status: 'up' | 'down' | 'unknown'; lastSeenAt: string | null };

async function probe(check: () => Promise<unknown>, timeoutMs = 2000): Promise<Component> {
  const started = performance.now();
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { status: 'down', latencyMs: Math.round(performance.now() - started) };
  }
}

/**
 * Asks Postgres and Redis for a round trip each, in parallel, with a short timeout. The worker
 * is reported (from its heartbeat in Redis) but never fails the api's health: the api serves
 * requests without it, and an api-only deployment has none. `down` means a worker was seen
 * but none beats now (it crashed or stopped cleanly; a day later it is forgotten); `unknown` that
 * none has been seen.
 */
@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  async check(): Promise<{ status: 'up'; checks: Record<string, Component>; worker: WorkerHealth }> {
    const [postgres, redis, worker] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.redis.ping()),
      this.worker(),
    ]);
    const checks = { postgres, redis };
    const down = Object.entries(checks)
      .filter(([, c]) => c.status === 'down')
      .map(([name]) => name);
    if (down.length > 0) {
      throw new DomainError(ErrorCode.Unavailable, `Not available: ${down.join(', ')}.`, { checks });
    }
    return { status: 'up', checks, worker };
  }

  private async worker(): Promise<WorkerHealth> {
    try {
      const [beat, stop] = await Promise.all(
        [workerHeartbeatKey, workerStoppedKey].map(async (key) => {
          const [, score] = await this.redis.zrevrange(key(this.config.REDIS_PREFIX), 0, 0, 'WITHSCORES');
          return score ? Number(score) : undefined;
        }),
      );
      if (beat !== undefined && Date.now() - beat < WORKER_HEARTBEAT_STALE_MS)
        return { status: 'up', lastSeenAt: new Date(beat).toISOString() };
      // A stopped worker was seen as much as a crashed one: its beat is gone, when it stopped is not.
      const last = Math.max(beat ?? 0, stop ?? 0);
      if (!last) return { status: 'unknown', lastSeenAt: null };
      return { status: 'down', lastSeenAt: new Date(last).toISOString() };
    } catch {
      return { status: 'unknown', lastSeenAt: null };
    }
  }
}
