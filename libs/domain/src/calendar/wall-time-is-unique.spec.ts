import { DateTime } from 'luxon';
import { wallTimeIsUnique } from './wall-time-is-unique';

// Instants in UTC: the answer must not depend on the process zone (run with TZ=UTC and
// TZ=Europe/Amsterdam).
describe('wallTimeIsUnique', () => {
  const unique = (iso: string, zone = 'Europe/Amsterdam') => wallTimeIsUnique(new Date(iso), zone);

  it('is false in the hour the Dutch autumn change repeats, on both sides of the change', () => {
    // 25 October 2026, 01:00Z: 03:00 CEST becomes 02:00 CET, so 02:00–02:59 happens twice.
    expect(unique('2026-10-24T23:59:00Z')).toBe(true); // 01:59 CEST
    expect(unique('2026-10-25T00:00:00Z')).toBe(false); // 02:00 CEST
    expect(unique('2026-10-25T00:15:00Z')).toBe(false); // 02:15 CEST
    expect(unique('2026-10-25T01:15:00Z')).toBe(false); // 02:15 CET
    expect(unique('2026-10-25T01:59:00Z')).toBe(false); // 02:59 CET
    expect(unique('2026-10-25T02:00:00Z')).toBe(true); // 03:00 CET
  });

  it('is true around the spring change, whose skipped hour no instant shows', () => {
    expect(unique('2026-03-29T00:59:00Z')).toBe(true); // 01:59 CET
    expect(unique('2026-03-29T01:00:00Z')).toBe(true); // 03:00 CEST
  });

  it('agrees with the tz database every 17 minutes over two years, in several zones', () => {
    const wrong: string[] = [];
    for (const zone of ['Europe/Amsterdam', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata']) {
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 17 * 60_000) {
        const local = DateTime.fromMillis(ms, { zone });
        const offsets = local.getPossibleOffsets().length;
        if (wallTimeIsUnique(new Date(ms), zone) !== (offsets === 1))
          wrong.push(`${zone} ${new Date(ms).toISOString()}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
