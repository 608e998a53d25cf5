import { SeededRandom } from './seeded-random';
import { sizeLabel } from './size-label';

describe('SeededRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = new SeededRandom('x');
    const b = new SeededRandom('x');
    const sequence = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(sequence);
    expect(sequence.every((value) => value >= 0 && value < 1)).toBe(true);
    const other = new SeededRandom('y');
    expect(Array.from({ length: 20 }, () => other.next())).not.toEqual(sequence);
  });

  it('forks independently of how much the parent was used', () => {
    const used = new SeededRandom('s');
    used.next();
    used.next();
    expect(used.fork('part').next()).toBe(new SeededRandom('s').fork('part').next());
  });

  it('makes stable version-4 UUIDs that class-validator accepts', () => {
    const rng = new SeededRandom('leerlus');
    const id = rng.uuid('incident', 1);
    expect(id).toBe(new SeededRandom('leerlus').uuid('incident', 1));
    expect(id).not.toBe(rng.uuid('incident', 2));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('keeps pgSeed within what setseed() accepts', () => {
    const rng = new SeededRandom('leerlus');
    for (let chunk = 0; chunk < 100; chunk++) {
      const value = rng.pgSeed('incidents', chunk);
      expect(value).toBeGreaterThanOrEqual(-1);
      expect(value).toBeLessThanOrEqual(1);
    }
  });

  it('samples distinct elements and skews picks to the front', () => {
    const rng = new SeededRandom('sample');
    const sample = rng.sample([1, 2, 3, 4, 5, 6], 4);
    expect(new Set(sample).size).toBe(4);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[rng.pick([0, 1, 2, 3], 2)]++;
    expect(counts[0]).toBeGreaterThan(counts[3] * 2);
  });
});

describe('sizeLabel', () => {
  it('names sizes as the database names and tables do', () => {
    expect(sizeLabel(1_000_000)).toBe('1m');
    expect(sizeLabel(100_000)).toBe('100k');
    expect(sizeLabel(12_345)).toBe('12345');
  });
});
