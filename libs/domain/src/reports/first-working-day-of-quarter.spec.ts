import { firstWorkingDayOfQuarter } from './first-working-day-of-quarter';

describe('firstWorkingDayOfQuarter', () => {
  it('skips New Year, which is always a public holiday', () => {
    expect(firstWorkingDayOfQuarter(2026, 1)).toBe('2026-01-02'); // Thursday 1 Jan → Friday
    expect(firstWorkingDayOfQuarter(2027, 1)).toBe('2027-01-04'); // Friday 1 Jan → Monday
    expect(firstWorkingDayOfQuarter(2028, 1)).toBe('2028-01-03'); // Saturday 1 Jan → Monday
  });

  it('skips Easter Monday when it falls on 1 April', () => {
    expect(firstWorkingDayOfQuarter(2024, 2)).toBe('2024-04-02');
    // 2029: Easter Sunday 1 April, Easter Monday 2 April.
    expect(firstWorkingDayOfQuarter(2029, 2)).toBe('2029-04-03');
    expect(firstWorkingDayOfQuarter(2026, 2)).toBe('2026-04-01');
  });

  it('skips weekends', () => {
    expect(firstWorkingDayOfQuarter(2023, 3)).toBe('2023-07-03'); // Saturday 1 July
    expect(firstWorkingDayOfQuarter(2023, 4)).toBe('2023-10-02'); // Sunday 1 October
    expect(firstWorkingDayOfQuarter(2026, 3)).toBe('2026-07-01');
    expect(firstWorkingDayOfQuarter(2026, 4)).toBe('2026-10-01');
  });
});
