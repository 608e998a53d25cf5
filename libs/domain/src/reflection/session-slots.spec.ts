import { SessionSlots } from './session-slots';

// Slots in the series' zone: run with TZ=UTC and with TZ=Europe/Amsterdam.
const zone = 'Europe/Amsterdam';
const instants = (...isos: string[]) => isos.map((iso) => new Date(iso));

describe('SessionSlots', () => {
  it("names the week, month or day of an instant in the series' zone", () => {
    // Monday 7 December 2026 00:30 in Amsterdam is Sunday 23:30 in UTC: week 50, not 49.
    const monday = new Date('2026-12-06T23:30:00Z');
    expect(SessionSlots.forRule('FREQ=WEEKLY;BYDAY=MO', zone, []).of(monday)).toBe('2026-W50');
    expect(SessionSlots.forRule('FREQ=MONTHLY;BYDAY=1MO', zone, []).of(monday)).toBe('2026-12');
    expect(SessionSlots.forRule('FREQ=DAILY', zone, []).of(monday)).toBe('2026-12-07');
    // ISO week-years: Thursday 31 December 2026 is in week 53 of 2026, Friday 1 January 2027 too.
    expect(SessionSlots.forRule('FREQ=WEEKLY', zone, []).of(new Date('2027-01-01T09:00:00Z'))).toBe(
      '2026-W53',
    );
  });

  it('tells sessions apart by the day when a version of the rule meets twice in a slot', () => {
    const twiceAWeek = instants('2026-12-07T09:00:00Z', '2026-12-10T09:00:00Z');
    const weekly = instants('2026-12-07T09:00:00Z', '2026-12-14T09:00:00Z');
    expect(SessionSlots.forRule('FREQ=WEEKLY;BYDAY=TH', zone, [weekly]).unit).toBe('week');
    expect(SessionSlots.forRule('FREQ=WEEKLY;BYDAY=TH', zone, [weekly, twiceAWeek]).unit).toBe('day');
    expect(SessionSlots.forRule('FREQ=WEEKLY;BYDAY=MO,TH', zone, [twiceAWeek]).unit).toBe('day');
    // A postponed session and its replacement share their occurrence: one meeting.
    const postponed = instants('2026-12-07T09:00:00Z', '2026-12-07T09:00:00Z', '2026-12-14T09:00:00Z');
    expect(SessionSlots.forRule('FREQ=WEEKLY;BYDAY=MO', zone, [postponed]).unit).toBe('week');
  });
});
