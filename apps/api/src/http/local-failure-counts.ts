/**
 * Failed authentications per client scope in this process: what the limiter counts while Redis
 * cannot be reached. Each count lasts one window from its first failure, as the Redis key does.
 * At most `capacity` scopes are held: when full, expired counts go first, then the oldest (a
 * flood of addresses forgets the earliest, never grows the memory).
 */
export class LocalFailureCounts {
  /** Scope → its count and when its window ends (ms, the caller's clock); oldest first. */
  private readonly counts = new Map<string, { count: number; endsAt: number }>();

  constructor(
    private readonly windowMs: number,
    private readonly capacity: number,
  ) {}

  get size(): number {
    return this.counts.size;
  }

  /** The failures of this scope in its current window (0 when none or expired). */
  count(scope: string, now: number): number {
    const entry = this.counts.get(scope);
    if (!entry) return 0;
    if (entry.endsAt > now) return entry.count;
    this.counts.delete(scope);
    return 0;
  }

  /** Counts one failure; returns the count of its window. */
  increment(scope: string, now: number): number {
    const entry = this.counts.get(scope);
    if (entry && entry.endsAt > now) return ++entry.count;
    // A new window: inserted last, so the map stays in order of its windows' ends.
    this.counts.delete(scope);
    if (this.counts.size >= this.capacity) this.evict(now);
    this.counts.set(scope, { count: 1, endsAt: now + this.windowMs });
    return 1;
  }

  private evict(now: number): void {
    for (const [scope, entry] of this.counts) {
      if (entry.endsAt > now) break;
      this.counts.delete(scope);
    }
    if (this.counts.size >= this.capacity) this.counts.delete(this.counts.keys().next().value as string);
  }
}
