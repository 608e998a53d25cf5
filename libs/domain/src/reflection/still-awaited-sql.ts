/**
 * SQL condition: a session (alias `session`, its series `series`) is still to be held or recorded
 * at `now`: open (planned or agenda sent) and not yet past outcomeDueAt (two calendar days after
 * its end on the series' clock), from when an unrecorded session counts as not held. Its agenda's
 * subjects wait on it until then, for the compilation and for a hand pick alike.
 */
export function stillAwaited(session: string, series: string, now: string): string {
  return `(${session}.status IN ('planned', 'agenda-sent')
    AND ((${session}.ends_at AT TIME ZONE ${series}.time_zone) + interval '2 days') AT TIME ZONE ${series}.time_zone > ${now})`;
}
