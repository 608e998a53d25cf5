import { DateTime } from 'luxon';

interface Transition {
  /** The instant of the change (ms since the epoch). */
  at: number;
  /** Local wall time (in the offset before the change) at which the change happens. */
  local: DateTime;
  from: number;
  to: number;
  name: string;
}

const HOUR = 3600_000;
/** Offsets never change twice within a day, so a daily scan finds every change. */
const STEP = 24 * HOUR;

function offsetAt(zone: string, ms: number): number {
  return DateTime.fromMillis(ms, { zone }).offset;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** The offset changes of a zone in one UTC year, found by scanning days then bisecting. */
function scanYear(zone: string, year: number): Transition[] {
  const found: Transition[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  let t = Date.UTC(year, 0, 1);
  let offset = offsetAt(zone, t);
  while (t < end) {
    const next = t + STEP;
    const nextOffset = offsetAt(zone, next);
    if (nextOffset !== offset) {
      let lo = t;
      let hi = next;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 2 / 60_000) * 60_000;
        if (offsetAt(zone, mid) === offset) lo = mid;
        else hi = mid;
      }
      const after = DateTime.fromMillis(hi, { zone });
      if (hi < end)
        found.push({
          at: hi,
          local: DateTime.fromMillis(hi + offset * 60_000, { zone: 'utc' }),
          from: offset,
          to: nextOffset,
          name: after.offsetNameShort ?? formatOffset(nextOffset),
        });
      offset = nextOffset;
    }
    t = next;
  }
  return found;
}

// Scanning two years of days cost a calendar feed most of its time; the tz database does not
// change while the process runs, so each zone's year is scanned once.
const transitionsByYear = new Map<string, Transition[]>();

/** The offset changes of a zone after `from` up to and including `to`. */
function transitions(zone: string, from: Date, to: Date): Transition[] {
  const found: Transition[] = [];
  for (let year = from.getUTCFullYear(); year <= to.getUTCFullYear(); year++) {
    const key = `${zone} ${year}`;
    let ofYear = transitionsByYear.get(key);
    if (!ofYear) {
      ofYear = scanYear(zone, year);
      transitionsByYear.set(key, ofYear);
    }
    found.push(...ofYear.filter((change) => change.at > from.getTime() && change.at <= to.getTime()));
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
    const offset = offsetAt(zone, from.getTime());
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
      `TZNAME:${change.name}`,
      `END:${kind}`,
    );
  }
  lines.push('END:VTIMEZONE');
  return lines;
}
