import { actionReminderSchedule } from './action-reminder-schedule';

const iso = (d: Date) => d.toISOString();

describe('actionReminderSchedule', () => {
  it('reminds 3 days before, notes overdue the day after and escalates 14 days after, at 09:00', () => {
    const s = actionReminderSchedule('2026-06-15');
    expect(iso(s.reminderAt)).toBe('2026-06-12T07:00:00.000Z');
    expect(iso(s.overdueAt)).toBe('2026-06-16T07:00:00.000Z');
    expect(iso(s.escalationAt)).toBe('2026-06-29T07:00:00.000Z');
  });

  it('keeps 09:00 local time across the start of summer time (29 March 2026)', () => {
    const s = actionReminderSchedule('2026-03-30');
    expect(iso(s.reminderAt)).toBe('2026-03-27T08:00:00.000Z'); // 09:00 CET
    expect(iso(s.overdueAt)).toBe('2026-03-31T07:00:00.000Z'); // 09:00 CEST
    expect(iso(s.escalationAt)).toBe('2026-04-13T07:00:00.000Z');
  });

  it('keeps 09:00 local time across the end of summer time (25 October 2026)', () => {
    const s = actionReminderSchedule('2026-10-24');
    expect(iso(s.reminderAt)).toBe('2026-10-21T07:00:00.000Z'); // 09:00 CEST
    expect(iso(s.overdueAt)).toBe('2026-10-25T08:00:00.000Z'); // 09:00 CET, the day the clocks go back
    expect(iso(s.escalationAt)).toBe('2026-11-07T08:00:00.000Z');
  });

  it('counts calendar days over month and year ends and leap days', () => {
    const s = actionReminderSchedule('2028-03-01');
    expect(iso(s.reminderAt)).toBe('2028-02-27T08:00:00.000Z');
    const y = actionReminderSchedule('2026-12-31');
    expect(iso(y.overdueAt)).toBe('2027-01-01T08:00:00.000Z');
    expect(iso(y.escalationAt)).toBe('2027-01-14T08:00:00.000Z');
  });

  it('works in another time zone', () => {
    expect(iso(actionReminderSchedule('2026-06-15', 'UTC').overdueAt)).toBe('2026-06-16T09:00:00.000Z');
  });

  it('refuses something that is not a date', () => {
    expect(() => actionReminderSchedule('2026-02-30')).toThrow();
  });
});
