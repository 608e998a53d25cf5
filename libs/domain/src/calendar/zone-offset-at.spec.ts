import { DateTime } from 'luxon';
import { zoneOffsetAt } from './zone-offset-at';

describe('zoneOffsetAt', () => {
  // Daylight saving in both hemispheres, a half-hour change (Lord Howe), a zone without one.
  const zones = [
    'Europe/Amsterdam',
    'America/New_York',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'Asia/Kolkata',
    'UTC',
  ];

  it.each(zones)('agrees with the tz database every 7 hours over four years (%s)', (zone) => {
    const wrong: string[] = [];
    for (let ms = Date.UTC(2025, 0, 1); ms < Date.UTC(2029, 0, 1); ms += 7 * 3600_000) {
      const expected = DateTime.fromMillis(ms, { zone }).offset;
      const actual = zoneOffsetAt(zone, new Date(ms));
      if (actual !== expected) wrong.push(`${new Date(ms).toISOString()}: ${actual} ≠ ${expected}`);
    }
    expect(wrong).toEqual([]);
  });

  it('changes at the exact minute of the Dutch clock changes', () => {
    // 29 March 2026 01:00 UTC (02:00 → 03:00 local); 25 October 2026 01:00 UTC (03:00 → 02:00).
    const at = (iso: string) => zoneOffsetAt('Europe/Amsterdam', new Date(iso));
    expect([at('2026-03-29T00:59:59Z'), at('2026-03-29T01:00:00Z')]).toEqual([60, 120]);
    expect([at('2026-10-25T00:59:59Z'), at('2026-10-25T01:00:00Z')]).toEqual([120, 60]);
  });
});
