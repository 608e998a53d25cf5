import { Quarter } from './quarter';
import { QuarterCloseSchedule } from './quarter-close-schedule';

describe('QuarterCloseSchedule', () => {
  it('closes a quarter at 06:00 local time on the first working day of the next one', () => {
    expect(QuarterCloseSchedule.closesAt(Quarter.of(2026, 4)).toISOString()).toBe('2027-01-04T05:00:00.000Z');
    expect(QuarterCloseSchedule.closesAt(Quarter.of(2026, 1)).toISOString()).toBe('2026-04-01T04:00:00.000Z');
    expect(QuarterCloseSchedule.closesAt(Quarter.of(2024, 1)).toISOString()).toBe('2024-04-02T04:00:00.000Z');
  });

  it('is due from that moment on, not a minute before', () => {
    expect(QuarterCloseSchedule.isDue(new Date('2027-01-04T05:59:00+01:00'))).toBe(false);
    expect(QuarterCloseSchedule.isDue(new Date('2027-01-04T06:00:00+01:00'))).toBe(true);
    expect(QuarterCloseSchedule.isDue(new Date('2027-02-15T12:00:00+01:00'))).toBe(true);
    expect(QuarterCloseSchedule.isDue(new Date('2027-01-01T12:00:00+01:00'))).toBe(false);
  });

  it('names the most recent quarter whose close has come', () => {
    expect(QuarterCloseSchedule.quarterToClose(new Date('2027-01-04T06:00:00+01:00')).label).toBe('2026-Q4');
    expect(QuarterCloseSchedule.quarterToClose(new Date('2027-03-31T23:00:00+02:00')).label).toBe('2026-Q4');
    // New Year's Day: Q4 is not due yet, so Q3 is the latest closable quarter.
    expect(QuarterCloseSchedule.quarterToClose(new Date('2027-01-01T12:00:00+01:00')).label).toBe('2026-Q3');
  });

  it('looks back on the last closable quarters, oldest first, for a run after an outage', () => {
    const labels = (now: string, count: number) =>
      QuarterCloseSchedule.quartersToClose(new Date(now), count).map((q) => q.label);
    expect(labels('2027-07-05T06:00:00+02:00', 4)).toEqual(['2026-Q3', '2026-Q4', '2027-Q1', '2027-Q2']);
    expect(labels('2027-01-01T12:00:00+01:00', 2)).toEqual(['2026-Q2', '2026-Q3']);
    expect(labels('2027-01-04T06:00:00+01:00', 1)).toEqual(['2026-Q4']);
  });
});
