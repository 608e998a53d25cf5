import { AppConfig } from '@app/config';
import { REDIS_CLIENT } from '@app/queue';
import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';

/**
 * How long an address Redis knew no failure of is taken as clean without asking again. Every
 * authenticated request asks otherwise: a round trip that cost a fifth of the api's CPU for a
 * page of incidents. Failures here clear it at once, so only a block counted by another replica
 * arrives late: by at most this long, and one guess per request of that address then in flight.
 */
const CLEAN_FOR_MS = 1000;
/** Addresses remembered as clean; past this the memory starts over (a flood of addresses). */
const CLEAN_ADDRESSES = 10_000;
/** How long a token that worked from an address keeps working there while the address is blocked. */
const KNOWN_FOR_MS = 10 * 60_000;

/**
 * Counts failed authentications per client address in Redis (shared by all api replicas), so
 * guessing tokens is slowed to AUTH_FAILURE_LIMIT tries a minute. Fails open when Redis is down:
 * a Redis outage must not lock everyone out.
 */
@Injectable()
export class AuthFailureLimiter {
  /** Address → until when it counts as clean (performance.now()). */
  private readonly clean = new Map<string, number>();
  /** Failures recorded here so far: a Redis answer asked for before one of them is stale. */
  private failures = 0;
  /** Address and token fingerprint → until when that token counts as known there. */
  private readonly known = new Map<string, number>();

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  /** One counter per address; its minute starts with the first failure (no clock-minute edges). */
  private key(address: string): string {
    return `${this.config.REDIS_PREFIX}:auth-failures:${address}`;
  }

  async isBlocked(address: string): Promise<boolean> {
    if ((this.clean.get(address) ?? 0) > performance.now()) return false;
    const failuresBefore = this.failures;
    try {
      const count = Number((await this.redis.get(this.key(address))) ?? 0);
      if (count === 0 && this.failures === failuresBefore) this.rememberClean(address);
      return count >= this.config.AUTH_FAILURE_LIMIT;
    } catch {
      return false;
    }
  }

  async recordFailure(address: string): Promise<void> {
    this.failures++;
    this.clean.delete(address);
    try {
      const key = this.key(address);
      await this.redis.multi().incr(key).expire(key, 60, 'NX').exec();
    } catch {
      // Fail open, see above.
    }
  }

  /**
   * A token that worked from this address: colleagues behind the same proxy keep working while
   * someone there guesses (per replica; a token new to a blocked address waits out the block, so
   * a blocked address cannot test guesses either).
   */
  rememberValid(address: string, token: string): void {
    if (this.known.size >= CLEAN_ADDRESSES) this.known.clear();
    this.known.set(knownKey(address, token), performance.now() + KNOWN_FOR_MS);
  }

  knownValid(address: string, token: string): boolean {
    return (this.known.get(knownKey(address, token)) ?? 0) > performance.now();
  }

  private rememberClean(address: string): void {
    if (this.clean.size >= CLEAN_ADDRESSES) this.clean.clear();
    this.clean.set(address, performance.now() + CLEAN_FOR_MS);
  }
}

/** A fingerprint, not the token: memory holds nothing that authenticates. */
function knownKey(address: string, token: string): string {
  return `${address}\n${createHash('sha256').update(token).digest('base64url').slice(0, 22)}`;
}
