import { zoneOffsetAt } from './zone-offset-at';
import { zoneYear } from './zone-year';

const DAY = 24 * 3600_000;

/**
 * Whether the wall time an instant shows in a zone belongs to that instant alone. In the hour an
 * autumn change repeats it does not (02:15 CEST and 02:15 CET read the same), so a reader given
 * only the wall time may pick the other instant.
 */
export function wallTimeIsUnique(instant: Date, zone: string): boolean {
  const ms = instant.getTime();
  const wall = ms + zoneOffsetAt(zone, instant) * 60_000;
  // Another instant with this wall time lies at most the size of an offset change away, which is
  // under a day, so only the offsets around changes within two days can give one.
  const offsets = new Set<number>();
  for (const year of new Set([
    new Date(ms - 2 * DAY).getUTCFullYear(),
    new Date(ms + 2 * DAY).getUTCFullYear(),
  ]))
    for (const change of zoneYear(zone, year).changes)
      if (Math.abs(change.at - ms) <= 2 * DAY) offsets.add(change.from).add(change.to);
  let readings = 1;
  for (const offset of offsets) {
    const other = wall - offset * 60_000;
    if (other !== ms && zoneOffsetAt(zone, new Date(other)) === offset) readings++;
  }
  return readings === 1;
}
