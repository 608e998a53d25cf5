import { computeOccurrences } from './compute-occurrences';
import { wallTimeInstant } from './wall-time-instant';

const AMSTERDAM = 'Europe/Amsterdam';
const at = (wall: string, zone = AMSTERDAM) => {
  const [date, time] = wall.split(' ');
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  return wallTimeInstant({ year, month, day, hour, minute }, zone).toISOString();
};

/** Runs under TZ=UTC and TZ=Europe/Amsterdam (npm test does both): the process zone must not matter. */
describe('wallTimeInstant', () => {
  it('takes the first of a wall time the autumn change repeats, as RFC 5545 does', () => {
    expect(at('2026-10-25 02:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(at('2027-10-31 02:30')).toBe('2027-10-31T00:30:00.000Z');
    expect(at('2027-10-31 02:00')).toBe('2027-10-31T00:00:00.000Z');
    expect(at('2027-10-31 02:59')).toBe('2027-10-31T00:59:00.000Z');
    // Southern hemisphere: Sydney repeats 02:00-03:00 on the first Sunday of April.
    expect(at('2027-04-04 02:30', 'Australia/Sydney')).toBe('2027-04-03T15:30:00.000Z');
  });

  it('leaves the hours around the change, and other days, as they are', () => {
    expect(at('2027-10-31 01:59')).toBe('2027-10-30T23:59:00.000Z');
    expect(at('2027-10-31 03:00')).toBe('2027-10-31T02:00:00.000Z');
    expect(at('2027-11-01 02:30')).toBe('2027-11-01T01:30:00.000Z');
    expect(at('2027-07-01 10:00')).toBe('2027-07-01T08:00:00.000Z');
    expect(at('2027-01-15 10:00')).toBe('2027-01-15T09:00:00.000Z');
  });

  it('moves a wall time the spring change skips forward by the change', () => {
    expect(at('2027-03-28 02:30')).toBe('2027-03-28T01:30:00.000Z');
    expect(at('2027-03-28 03:00')).toBe('2027-03-28T01:00:00.000Z');
  });

  it('gives a daily series at 02:30 its first 02:30 on the autumn change day', () => {
    const occurrences = computeOccurrences(
      { rrule: 'FREQ=DAILY;COUNT=3', firstStart: new Date('2027-10-30T02:30:00+02:00'), timeZone: AMSTERDAM },
      new Date('2027-10-01T00:00:00Z'),
      new Date('2027-11-30T00:00:00Z'),
    );
    expect(occurrences.map((o) => o.toISOString())).toEqual([
      '2027-10-30T00:30:00.000Z',
      '2027-10-31T00:30:00.000Z',
      '2027-11-01T01:30:00.000Z',
    ]);
  });

  it('keeps a first start that names the second of a repeated wall time, and later days by their wall time', () => {
    const occurrences = computeOccurrences(
      {
        rrule: 'FREQ=YEARLY;COUNT=2',
        firstStart: new Date('2026-10-25T02:30:00+01:00'),
        timeZone: AMSTERDAM,
      },
      new Date('2026-10-01T00:00:00Z'),
      new Date('2028-11-30T00:00:00Z'),
    );
    expect(occurrences.map((o) => o.toISOString())).toEqual([
      '2026-10-25T01:30:00.000Z',
      '2027-10-25T00:30:00.000Z',
    ]);
  });
});
