import { formatSessionTime } from './format-when';

// Instants in UTC, text in the session's zone: run with TZ=UTC and with TZ=Europe/Amsterdam.
const when = (start: string, end: string, locale: 'nl' | 'en' = 'nl') =>
  formatSessionTime(new Date(start), new Date(end), 'Europe/Amsterdam', locale);

describe('formatSessionTime', () => {
  it('names the zone abbreviation of both times when one falls in the repeated autumn hour', () => {
    // 25 October 2026: 02:15 CEST (00:15Z) and 02:15 CET (01:15Z) show the same clock time.
    expect(when('2026-10-25T00:15:00Z', '2026-10-25T01:15:00Z')).toBe(
      'zondag 25 oktober 2026, 02:15 CEST–02:15 CET (Europe/Amsterdam)',
    );
    expect(when('2026-10-25T00:30:00Z', '2026-10-25T02:30:00Z', 'en')).toBe(
      'Sunday 25 October 2026, 02:30 CEST–03:30 CET (Europe/Amsterdam)',
    );
  });

  it('writes plain clock times otherwise, also across the spring gap', () => {
    expect(when('2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z')).toBe(
      'zondag 29 maart 2026, 01:30–03:30 (Europe/Amsterdam)',
    );
    expect(when('2026-10-25T02:00:00Z', '2026-10-25T03:00:00Z')).toBe(
      'zondag 25 oktober 2026, 03:00–04:00 (Europe/Amsterdam)',
    );
  });

  it('names the day of an end after midnight', () => {
    expect(when('2026-12-08T21:30:00Z', '2026-12-09T00:30:00Z', 'nl')).toBe(
      'dinsdag 8 december 2026, 22:30 – woensdag 9 december 2026, 01:30 (Europe/Amsterdam)',
    );
    expect(when('2026-12-08T09:00:00Z', '2026-12-09T09:00:00Z', 'en')).toBe(
      'Tuesday 8 December 2026, 10:00 – Wednesday 9 December 2026, 10:00 (Europe/Amsterdam)',
    );
  });
});
