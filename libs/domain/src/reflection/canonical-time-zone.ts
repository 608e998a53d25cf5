/**
 * ICU's name of a time zone: "europe/amsterdam" is Europe/Amsterdam, but also Europe/Kyiv is
 * Europe/Kiev (ICU keeps old names). Only to see whether a name is already spelled right (see
 * requireKnownTimeZone); what is stored is the database's spelling.
 */
export function canonicalTimeZone(timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone }).resolvedOptions().timeZone;
}
