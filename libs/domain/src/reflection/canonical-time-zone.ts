/**
 * The tz database's own spelling of a time zone name: "europe/amsterdam" is accepted as
 * Europe/Amsterdam, and stored and written (in a VTIMEZONE's TZID) that way, which calendar clients
 * match case-sensitively.
 */
export function canonicalTimeZone(timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone }).resolvedOptions().timeZone;
}
