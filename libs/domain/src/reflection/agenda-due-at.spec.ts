import { agendaDueAt } from './agenda-due-at';

const series = { timeZone: 'Europe/Amsterdam', agendaLeadTime: 'P3D' };
const due = (scheduledAt: string, scheduledSince: string | null, leadTime = 'P3D') =>
  agendaDueAt(
    { ...series, agendaLeadTime: leadTime },
    { scheduledAt: new Date(scheduledAt), scheduledSince: scheduledSince ? new Date(scheduledSince) : null },
  ).toISOString();

describe('agendaDueAt', () => {
  it('is the start minus the lead time on the series’ clock', () => {
    // Tuesday 31 March 2026 10:00 CEST minus three days is Saturday 28 March 10:00 CET.
    expect(due('2026-03-31T08:00:00Z', '2026-03-01T00:00:00Z')).toBe('2026-03-28T09:00:00.000Z');
    expect(due('2026-03-31T08:00:00Z', null)).toBe('2026-03-28T09:00:00.000Z');
  });

  it('is not before the session had its time', () => {
    expect(due('2026-03-31T08:00:00Z', '2026-03-30T12:15:00Z')).toBe('2026-03-30T12:15:00.000Z');
    expect(due('2026-03-31T08:00:00Z', '2026-03-30T12:15:00Z', 'PT1H')).toBe('2026-03-31T07:00:00.000Z');
  });
});
