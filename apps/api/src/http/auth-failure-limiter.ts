import { AppConfig } from '@app/config';
import { REDIS_CLIENT } from '@app/queue';
import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';

/**
 * Counts failed authentications per client address in Redis (shared by all api replicas), so
 * guessing tokens is slowed to AUTH_FAILURE_LIMIT tries a minute. Fails open when Redis is down:
 * a Redis outage must not lock everyone out.
 */
@Injectable()
export class AuthFailureLimiter {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  /** One counter per address; its minute starts with the first failure (no clock-minute edges). */
  private key(address: string): string {
    return `${this.config.REDIS_PREFIX}:auth-failures:${address}`;
  }

  async isBlocked(address: string): Promise<boolean> {
    try {
      const count = Number((await this.redis.get(this.key(address))) ?? 0);
      return count >= this.config.AUTH_FAILURE_LIMIT;
    } catch {
      return false;
    }
  }

  async recordFailure(address: string): Promise<void> {
    try {
      const key = this.key(address);
      await this.redis.multi().incr(key).expire(key, 60, 'NX').exec();
    } catch {
      // Fail open, see above.
    }
  }
}
