import { count } from './cli';

describe('count', () => {
  it('reads plain numbers, underscores and k/m suffixes', () => {
    expect(count('100000', 1, 'incidents')).toBe(100_000);
    expect(count('100_000', 1, 'incidents')).toBe(100_000);
    expect(count('100k', 1, 'incidents')).toBe(100_000);
    expect(count('1m', 1, 'incidents')).toBe(1_000_000);
    expect(count('2M', 1, 'incidents')).toBe(2_000_000);
    expect(count(undefined, 42, 'incidents')).toBe(42);
  });

  it('refuses what is not a positive count', () => {
    for (const bad of ['', 'abc', '-5', '1.5', '0', '10g'])
      expect(() => count(bad, 1, 'incidents')).toThrow(/--incidents/);
  });
});
