import { percentile } from './percentile';

describe('percentile', () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1);

  it('takes the nearest rank', () => {
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7, 9], 50)).toBe(7);
    expect(percentile([7, 9], 51)).toBe(9);
  });

  it('stays inside the list', () => {
    expect(percentile([3], 0)).toBe(3);
    expect(percentile([3], 99.9)).toBe(3);
    expect(percentile([], 50)).toBeNaN();
  });
});
