import { ExistingSession, pairSessionsBySlot } from './pair-sessions-by-slot';
import { PlannedSession } from './plan-sessions';
import { SessionSlots } from './session-slots';

// Days in the series' zone: run with TZ=UTC and with TZ=Europe/Amsterdam.
const at = (iso: string, minutes = 60): PlannedSession => {
  const start = new Date(iso);
  return { occurrenceStart: start, scheduledAt: start, endsAt: new Date(start.getTime() + minutes * 60_000) };
};
const existing = (id: string, iso: string, minutes = 60): ExistingSession => ({ id, ...at(iso, minutes) });
const zone = 'Europe/Amsterdam';
const byDay = SessionSlots.forRule('FREQ=DAILY', zone, []);
const byWeek = SessionSlots.forRule('FREQ=WEEKLY', zone, []);

describe('pairSessionsBySlot', () => {
  it('keeps a session on its day at its new time, and pairs the same occurrence first', () => {
    const result = pairSessionsBySlot(
      [existing('mon', '2026-12-07T09:00:00Z'), existing('tue', '2026-12-08T09:00:00Z', 60)],
      [at('2026-12-07T13:00:00Z'), at('2026-12-08T09:00:00Z', 90)],
      byDay,
      zone,
    );
    expect(result.pairs.map((p) => [p.existing.id, p.planned.scheduledAt.toISOString()])).toEqual([
      ['tue', '2026-12-08T09:00:00.000Z'],
      ['mon', '2026-12-07T13:00:00.000Z'],
    ]);
    expect([result.removed, result.created]).toEqual([[], []]);
  });

  it('deletes what falls on a day the new rule skips and creates what falls on a new day', () => {
    const result = pairSessionsBySlot(
      [existing('tue', '2026-12-08T09:00:00Z')],
      [at('2026-12-10T09:00:00Z')],
      byDay,
      zone,
    );
    expect(result.pairs).toEqual([]);
    expect(result.removed.map((e) => e.id)).toEqual(['tue']);
    expect(result.created.map((p) => p.scheduledAt.toISOString())).toEqual(['2026-12-10T09:00:00.000Z']);
  });

  it("reads the day in the series' zone, and pairs several a day in order of time", () => {
    // 23:30 UTC on Sunday is Monday 00:30 in Amsterdam: the same day as Monday 09:00.
    const result = pairSessionsBySlot(
      [existing('early', '2026-12-06T23:30:00Z'), existing('late', '2026-12-07T15:00:00Z')],
      [at('2026-12-07T08:00:00Z'), at('2026-12-07T16:00:00Z'), at('2026-12-07T18:00:00Z')],
      byDay,
      zone,
    );
    expect(result.pairs.map((p) => [p.existing.id, p.planned.scheduledAt.toISOString()])).toEqual([
      ['early', '2026-12-07T08:00:00.000Z'],
      ['late', '2026-12-07T16:00:00.000Z'],
    ]);
    expect(result.created.map((p) => p.scheduledAt.toISOString())).toEqual(['2026-12-07T18:00:00.000Z']);
  });

  it('pairs by the week in a weekly series: Monday becomes Thursday, the same meeting', () => {
    // Monday 7 Dec 00:30 in Amsterdam (Sunday 23:30 UTC) is in week 50, as is Thursday the 10th.
    const result = pairSessionsBySlot(
      [existing('w50', '2026-12-06T23:30:00Z'), existing('w51', '2026-12-14T09:00:00Z')],
      [at('2026-12-10T09:00:00Z'), at('2026-12-24T09:00:00Z')],
      byWeek,
      zone,
    );
    expect(result.pairs.map((p) => [p.existing.id, p.planned.scheduledAt.toISOString()])).toEqual([
      ['w50', '2026-12-10T09:00:00.000Z'],
    ]);
    expect(result.removed.map((e) => e.id)).toEqual(['w51']);
    expect(result.created.map((p) => p.scheduledAt.toISOString())).toEqual(['2026-12-24T09:00:00.000Z']);
  });
});
