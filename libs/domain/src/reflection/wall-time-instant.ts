import { DateTime } from 'luxon';

/** A wall-clock time: what a calendar shows in a zone. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

/**
 * The instant a wall-clock time names in a zone, as RFC 5545 (3.3.5) reads it: a time the spring
 * change skips moves forward by the change (02:30 becomes 03:30), and a time the autumn change
 * repeats is its first occurrence (02:30 summer time, not winter time). luxon takes the second.
 */
export function wallTimeInstant(wall: WallTime, zone: string): Date {
  const taken = DateTime.fromObject({ ...wall, second: wall.second ?? 0, millisecond: 0 }, { zone });
  const offsetBefore = DateTime.fromMillis(taken.toMillis() - 24 * 3600_000, { zone }).offset;
  if (offsetBefore <= taken.offset) return taken.toJSDate();
  // The offset fell within the last day: the same wall time may have come round once before.
  const earlier = DateTime.fromMillis(taken.toMillis() - (offsetBefore - taken.offset) * 60_000, { zone });
  const same =
    earlier.offset === offsetBefore &&
    earlier.toFormat('yyyy-MM-dd HH:mm:ss') === taken.toFormat('yyyy-MM-dd HH:mm:ss');
  return (same ? earlier : taken).toJSDate();
}
