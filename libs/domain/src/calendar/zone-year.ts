import { DateTime } from 'luxon';

export interface ZoneChange {
  /** The instant of the change (ms since the epoch). */
  at: number;
  /** Local wall time (in the offset before the change) at which the change happens. */
  local: DateTime;
  /** Offsets in minutes east of UTC, before and after. */
  from: number;
  to: number;
  /** The zone's short name after the change, when the tz database has one. */
  name: string | null;
}

export interface ZoneYear {
  /** The offset at the start of the UTC year, in minutes east of UTC. */
  startOffset: number;
  changes: ZoneChange[];
}

const DAY = 24 * 3600_000;

function offsetAt(zone: string, ms: number): number {
  return DateTime.fromMillis(ms, { zone }).offset;
}

/** Scans a year's days, then bisects each day whose offset differs from the day before. */
function scan(zone: string, year: number): ZoneYear {
  const changes: ZoneChange[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  let t = Date.UTC(year, 0, 1);
  const startOffset = offsetAt(zone, t);
  let offset = startOffset;
  // Offsets never change twice within a day, so a daily scan finds every change.
  while (t < end) {
    const next = t + DAY;
    const nextOffset = offsetAt(zone, next);
    if (nextOffset !== offset) {
      let lo = t;
      let hi = next;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 2 / 60_000) * 60_000;
        if (offsetAt(zone, mid) === offset) lo = mid;
        else hi = mid;
      }
      if (hi < end)
        changes.push({
          at: hi,
          local: DateTime.fromMillis(hi + offset * 60_000, { zone: 'utc' }),
          from: offset,
          to: nextOffset,
          name: DateTime.fromMillis(hi, { zone }).offsetNameShort,
        });
      offset = nextOffset;
    }
    t = next;
  }
  return { startOffset, changes };
}

// Scanning the tz database is most of a calendar's cost; it does not change while the process
// runs, so each zone's year is scanned once.
const years = new Map<string, ZoneYear>();

/** A zone's offset at the start of a UTC year and its offset changes in that year. */
export function zoneYear(zone: string, year: number): ZoneYear {
  const key = `${zone} ${year}`;
  let found = years.get(key);
  if (!found) {
    found = scan(zone, year);
    years.set(key, found);
  }
  return found;
}
