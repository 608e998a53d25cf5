import { REDIS_CLIENT } from '@app/queue';
import { DomainError } from '@app/domain/shared/domain.error';
import { ErrorCode } from '@app/domain/shared/error-code';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';

type Component = { status: 'up' | 'down'; latencyMs: number };

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

/** Asks Postgres and Redis for a round trip each, in parallel, with a short timeout. */
@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
  ) {}

  async check(): Promise<{ status: 'up'; checks: Record<string, Component> }> {
    const [postgres, redis] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.redis.ping()),
    ]);
    const checks = { postgres, redis };
    const down = Object.entries(checks)
      .filter(([, c]) => c.status === 'down')
      .map(([name]) => name);
    if (down.length > 0) {
      throw new DomainError(ErrorCode.Unavailable, `Not available: ${down.join(', ')}.`, { checks });
    }
    return { status: 'up', checks };
  }
}
