import { periodBound } from './period-bound';

describe('periodBound', () => {
  it('takes a date-time as given', () => {
    expect(periodBound('2026-03-29T10:00:00+02:00', 'to').toISOString()).toBe('2026-03-29T08:00:00.000Z');
  });

  it('reads a date as a whole Dutch day, the end exclusive, across daylight saving', () => {
    expect(periodBound('2026-01-01', 'from').toISOString()).toBe('2025-12-31T23:00:00.000Z');
    expect(periodBound('2026-03-31', 'to').toISOString()).toBe('2026-03-31T22:00:00.000Z');
    expect(periodBound('2026-03-28', 'to').toISOString()).toBe('2026-03-28T23:00:00.000Z');
  });
});
