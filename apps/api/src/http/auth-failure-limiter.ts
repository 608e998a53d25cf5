import { AppConfig } from '@app/config';
import { REDIS_CLIENT } from '@app/queue';
import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { LocalFailureCounts } from './local-failure-counts';

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
/** The window of a count: its minute starts with the first failure, in Redis and here. */
const WINDOW_MS = 60_000;
/** Addresses counted in this process while Redis is unreachable (a flood of addresses forgets the oldest). */
const LOCAL_ADDRESSES = 10_000;

/**
 * Counts failed authentications per client address in Redis (shared by all api replicas), so
 * guessing tokens is slowed to AUTH_FAILURE_LIMIT tries a minute. While Redis cannot be reached
 * each replica counts in its own memory instead (same limit and window, bounded): guessing is not
 * unlimited during an outage, and nobody who authenticates is locked out by it.
 */
@Injectable()
export class AuthFailureLimiter {
  private readonly logger = new Logger('AuthFailureLimiter');
  /** Address → until when it counts as clean (performance.now()). */
  private readonly clean = new Map<string, number>();
  /** Failures recorded here so far: a Redis answer asked for before one of them is stale. */
  private failures = 0;
  /** Address and token fingerprint → until when that token counts as known there. */
  private readonly known = new Map<string, number>();
  /** Failures counted here while Redis was unreachable; they count until their window ends. */
  private readonly local = new LocalFailureCounts(WINDOW_MS, LOCAL_ADDRESSES);
  /** Whether the last Redis call failed (logged when that changes, not per request). */
  private redisDown = false;

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
    // Failures counted here during an outage still count once Redis is back, until their window ends.
    const local = this.local.size > 0 ? this.local.count(address, performance.now()) : 0;
    try {
      const count = Number((await this.redis.get(this.key(address))) ?? 0);
      this.redisAnswered();
      if (count === 0 && local === 0 && this.failures === failuresBefore) this.rememberClean(address);
      return Math.max(count, local) >= this.config.AUTH_FAILURE_LIMIT;
    } catch (error) {
      this.redisFailed(error as Error);
      return local >= this.config.AUTH_FAILURE_LIMIT;
    }
  }

  async recordFailure(address: string): Promise<void> {
    this.failures++;
    this.clean.delete(address);
    try {
      const key = this.key(address);
      const replies = await this.redis
        .multi()
        .incr(key)
        .expire(key, WINDOW_MS / 1000, 'NX')
        .exec();
      // A command Redis refused inside the transaction is a reply, not a rejection.
      const refused = replies?.find(([error]) => error)?.[0];
      if (!replies || refused) throw refused ?? new Error('the transaction was discarded');
      this.redisAnswered();
    } catch (error) {
      this.redisFailed(error as Error);
      this.local.increment(address, performance.now());
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

  private redisFailed(error: Error): void {
    if (this.redisDown) return;
    this.redisDown = true;
    this.logger.warn(
      `Redis cannot be reached (${error.message}): failed authentications are counted per api ` +
        'process until it answers again',
    );
  }

  private redisAnswered(): void {
    if (!this.redisDown) return;
    this.redisDown = false;
    this.logger.log('Redis answers again: failed authentications are counted in Redis');
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
