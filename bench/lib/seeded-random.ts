import { createHash } from 'node:crypto';

/**
 * A small deterministic random generator (mulberry32) so the same seed gives the same data.
 * Also derives stable UUIDs and Postgres setseed() values from the seed.
 */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: string) {
    this.state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  }

  /** A uniform draw in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** One element; skew > 1 favours the front of the list. */
  pick<T>(values: readonly T[], skew = 1): T {
    return values[Math.floor(Math.pow(this.next(), skew) * values.length)];
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** count distinct elements in random order. */
  sample<T>(values: readonly T[], count: number): T[] {
    const copy = [...values];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, Math.min(count, copy.length));
  }

  /** A new generator for a named part, independent of how much this one was used. */
  fork(part: string): SeededRandom {
    return new SeededRandom(`${this.seed}/${part}`);
  }

  /** A stable UUID (v4 layout) for a named thing, e.g. uuid('chain', 7). */
  uuid(...parts: Array<string | number>): string {
    const hex = createHash('md5')
      .update(`${this.seed}/${parts.join('/')}`)
      .digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  /** A value for Postgres setseed() (between -1 and 1) for a named part. */
  pgSeed(...parts: Array<string | number>): number {
    const value = createHash('sha256')
      .update(`${this.seed}/${parts.join('/')}`)
      .digest()
      .readUInt32LE(0);
    return value / 4294967296 - 0.5;
  }
}
