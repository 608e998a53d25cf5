import { zoneYear } from './zone-year';

/** A zone's offset from UTC in minutes at an instant, from its offset changes (cached per year). */
export function zoneOffsetAt(zone: string, instant: Date): number {
  const ms = instant.getTime();
  const year = zoneYear(zone, instant.getUTCFullYear());
  let offset = year.startOffset;
  for (const change of year.changes) {
    if (change.at > ms) break;
    offset = change.to;
  }
  return offset;
}
