import { DateTime } from 'luxon';
import { zoneOffsetAt } from './zone-offset-at';
import { ZoneChange, zoneYear } from './zone-year';

const HOUR = 3600_000;

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** The offset changes of a zone after `from` up to and including `to`. */
function transitions(zone: string, from: Date, to: Date): ZoneChange[] {
  const found: ZoneChange[] = [];
  for (let year = from.getUTCFullYear(); year <= to.getUTCFullYear(); year++) {
    for (const change of zoneYear(zone, year).changes)
      if (change.at > from.getTime() && change.at <= to.getTime()) found.push(change);
  }
  return found;
}

/**
 * A VTIMEZONE for `zone` covering the instants from..to: one STANDARD or DAYLIGHT component per
 * actual offset change (taken from the tz database through luxon), so every local time in the
 * calendar maps to the right UTC instant, in any zone, without relying on recurrence rules.
 */
export function vtimezoneLines(zone: string, from: Date, to: Date): string[] {
  const start = new Date(from.getTime() - 366 * 24 * HOUR);
  const end = new Date(to.getTime() + 366 * 24 * HOUR);
  const changes = transitions(zone, start, end);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  if (changes.length === 0) {
    const offset = zoneOffsetAt(zone, from);
    const name = DateTime.fromJSDate(from, { zone }).offsetNameShort ?? formatOffset(offset);
    lines.push(
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      `TZOFFSETFROM:${formatOffset(offset)}`,
      `TZOFFSETTO:${formatOffset(offset)}`,
      `TZNAME:${name}`,
      'END:STANDARD',
    );
  }
  for (const change of changes) {
    const kind = change.to > change.from ? 'DAYLIGHT' : 'STANDARD';
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${change.local.toFormat("yyyyLLdd'T'HHmmss")}`,
      `TZOFFSETFROM:${formatOffset(change.from)}`,
      `TZOFFSETTO:${formatOffset(change.to)}`,
      `TZNAME:${change.name ?? formatOffset(change.to)}`,
      `END:${kind}`,
    );
  }
  lines.push('END:VTIMEZONE');
  return lines;
}
