import { Quarter } from './quarter';

describe('Quarter', () => {
  it('runs from local midnight to local midnight across the daylight saving change', () => {
    const q1 = Quarter.of(2026, 1);
    expect(q1.startsAt.toISOString()).toBe('2025-12-31T23:00:00.000Z');
    // 1 April is in summer time (+02:00), so Q1 ends at 22:00 UTC.
    expect(q1.endsAt.toISOString()).toBe('2026-03-31T22:00:00.000Z');
    expect([q1.firstDay, q1.lastDay]).toEqual(['2026-01-01', '2026-03-31']);
    expect(Quarter.of(2026, 4).endsAt.toISOString()).toBe('2026-12-31T23:00:00.000Z');
    expect(Quarter.of(2024, 1).lastDay).toBe('2024-03-31');
    expect(Quarter.of(2026, 2).lastDay).toBe('2026-06-30');
  });

  it('places instants in the quarter of their Dutch local time', () => {
    expect(Quarter.containing(new Date('2026-12-31T23:30:00+01:00')).label).toBe('2026-Q4');
    expect(Quarter.containing(new Date('2026-12-31T23:10:00Z')).label).toBe('2027-Q1');
    expect(Quarter.containing(new Date('2026-03-31T23:30:00+02:00')).label).toBe('2026-Q1');
    expect(Quarter.containing(new Date('2026-03-31T22:00:00Z')).label).toBe('2026-Q2');
  });

  it('steps to the previous and next quarter over the year boundary', () => {
    expect(Quarter.of(2027, 1).previous().label).toBe('2026-Q4');
    expect(Quarter.of(2026, 4).next().label).toBe('2027-Q1');
    expect(Quarter.of(2026, 3).previous().label).toBe('2026-Q2');
  });

  it('is closed only once its exclusive end has passed', () => {
    const q4 = Quarter.of(2026, 4);
    expect(q4.hasEndedBy(new Date('2026-12-31T22:59:59Z'))).toBe(false);
    expect(q4.hasEndedBy(new Date('2026-12-31T23:00:00Z'))).toBe(true);
  });

  it('has begun from its first local instant on', () => {
    const q4 = Quarter.of(2026, 4);
    expect(q4.hasBegunBy(new Date('2026-09-30T21:59:59Z'))).toBe(false);
    expect(q4.hasBegunBy(new Date('2026-09-30T22:00:00Z'))).toBe(true);
    expect(q4.hasBegunBy(new Date('2027-06-01T00:00:00Z'))).toBe(true);
  });

  it('is judged on the Dutch today while it runs, on its last day otherwise', () => {
    const q1 = Quarter.of(2027, 1);
    expect(q1.judgedOn(new Date('2027-03-15T23:30:00Z'))).toBe('2027-03-16');
    expect(q1.judgedOn(new Date('2026-12-31T22:59:59Z'))).toBe('2027-03-31');
    expect(q1.judgedOn(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
    expect(q1.judgedOn(new Date('2027-03-31T21:59:59Z'))).toBe('2027-03-31');
    expect(q1.judgedOn(new Date('2027-03-31T22:00:00Z'))).toBe('2027-03-31');
    expect(q1.judgedOn(new Date('2028-01-01T00:00:00Z'))).toBe('2027-03-31');
  });

  it('names the Dutch local day of an instant', () => {
    expect(Quarter.localDate(new Date('2027-03-15T23:30:00Z'))).toBe('2027-03-16');
    expect(Quarter.localDate(new Date('2027-03-15T22:59:59Z'))).toBe('2027-03-15');
    expect(Quarter.localDate(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });

  it('refuses quarters that do not exist', () => {
    expect(() => Quarter.of(2026, 0)).toThrow(RangeError);
    expect(() => Quarter.of(2026, 5)).toThrow(RangeError);
    expect(() => Quarter.of(2026.5, 1)).toThrow(RangeError);
  });

  it('writes instants with the Dutch offset of the moment', () => {
    expect(Quarter.localIso(Quarter.of(2026, 1).startsAt)).toBe('2026-01-01T00:00:00+01:00');
    expect(Quarter.localIso(Quarter.of(2026, 2).startsAt)).toBe('2026-04-01T00:00:00+02:00');
  });
});
