import { scheduleOccurrence } from './schedule-occurrence';

// Instants in UTC, days and wall times in the series' zone: run with TZ=UTC and with
// TZ=Europe/Amsterdam.
const moved = (occurrence: string, firstStart: string, skipPublicHolidays = true) =>
  scheduleOccurrence(new Date(occurrence), {
    firstStart: new Date(firstStart),
    timeZone: 'Europe/Amsterdam',
    skipPublicHolidays,
  }).toISOString();

describe('scheduleOccurrence', () => {
  it('moves Easter Sunday on the spring change day at the series’ wall time, not the shifted one', () => {
    // Sundays 02:30 from 21 March 2027. On 28 March (Easter, and the clocks go forward) 02:30
    // does not exist and the rule gives 03:30 CEST; Monday is Easter Monday, so Tuesday 02:30 CEST.
    expect(moved('2027-03-28T01:30:00Z', '2027-03-21T02:30:00+01:00')).toBe('2027-03-30T00:30:00.000Z');
  });

  it('keeps the wall time when the move crosses a clock change', () => {
    // Easter Monday 2027-03-29 at 10:00 CEST; firstStart 10:00 CET, a week before the change.
    expect(moved('2027-03-29T08:00:00Z', '2027-03-22T10:00:00+01:00')).toBe('2027-03-30T08:00:00.000Z');
  });

  it('leaves an ordinary day, and a holiday when holidays are kept', () => {
    expect(moved('2027-03-28T01:30:00Z', '2027-03-21T02:30:00+01:00', false)).toBe(
      '2027-03-28T01:30:00.000Z',
    );
    expect(moved('2027-03-21T01:30:00Z', '2027-03-21T02:30:00+01:00')).toBe('2027-03-21T01:30:00.000Z');
  });
});
