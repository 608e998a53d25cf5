import { formatPercentage } from './format-percentage';

describe('formatPercentage', () => {
  it('rounds part / whole once: 6/11 is 54,5%, where its 4-decimal ratio 0.5455 would give 54,6%', () => {
    expect(formatPercentage(6, 11, 'nl')).toBe('54,5%');
    expect(formatPercentage(6, 11, 'en')).toBe('54.5%');
    expect(formatPercentage(3, 11, 'nl')).toBe('27,3%');
  });

  it('leaves whole numbers without decimals and rounds a half up', () => {
    expect(formatPercentage(2, 5, 'nl')).toBe('40%');
    expect(formatPercentage(1, 16, 'nl')).toBe('6,3%');
    expect(formatPercentage(0, 7, 'nl')).toBe('0%');
  });

  it('is null without a whole or a part', () => {
    expect(formatPercentage(0, 0, 'nl')).toBeNull();
    expect(formatPercentage(null, 10, 'nl')).toBeNull();
  });
});
