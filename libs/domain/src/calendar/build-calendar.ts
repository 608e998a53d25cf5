import { CalendarEvent } from './calendar-event';
import { escapeText, foldLine, paramText } from './ics-text';
import { vtimezoneLines } from './vtimezone';
import { wallTimeIsUnique } from './wall-time-is-unique';
import { zoneOffsetAt } from './zone-offset-at';

export interface CalendarOptions {
  /** iTIP method: REQUEST (invitation/update), CANCEL, or none for a subscription feed. */
  method?: 'REQUEST' | 'CANCEL' | 'PUBLISH';
  /** Calendar name shown by clients that subscribe to a feed. */
  name?: string;
  events: CalendarEvent[];
  /**
   * A zone and moment to describe when there is no event: a calendar holds at least one component
   * (RFC 5545 §3.6), and a feed of someone without sessions is still subscribed to.
   */
  withoutEvents?: { timeZone: string; at: Date };
}

function utc(instant: Date): string {
  const iso = instant.toISOString(); // 2026-03-29T01:00:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/**
 * The wall time of an instant in a zone, from the zone's offset changes (scanned once per zone and
 * year): a feed writes two local times per session, and asking the tz database (Intl or luxon)
 * each time was most of a long feed's cost.
 */
function local(instant: Date, zone: string): string {
  return utc(new Date(instant.getTime() + zoneOffsetAt(zone, instant) * 60_000)).slice(0, -1);
}

/**
 * DTSTART or DTEND: the local time with TZID, or the UTC time when the local time also names
 * another instant (the repeated autumn hour), where a client could pick the other one.
 */
function time(name: 'DTSTART' | 'DTEND', instant: Date, zone: string): string {
  return wallTimeIsUnique(instant, zone)
    ? `${name};TZID=${zone}:${local(instant, zone)}`
    : `${name}:${utc(instant)}`;
}

function person(name: string, email: string): string {
  return `CN="${paramText(name)}":mailto:${email}`;
}

/**
 * An RFC 5545 calendar of reflection sessions, the one place Leerlus writes iCalendar: used by
 * the calendar feeds and by the invitations attached to agenda and change e-mails. Times are
 * written as local times with TZID and a VTIMEZONE per zone, so clients show the session at the
 * wall time it was planned in, across daylight saving changes; a time in the repeated autumn hour
 * is written in UTC instead.
 */
export function buildCalendar(options: CalendarOptions): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Leerlus//Leerlus//NL', 'CALSCALE:GREGORIAN'];
  if (options.method) lines.push(`METHOD:${options.method}`);
  if (options.name) lines.push(`X-WR-CALNAME:${escapeText(options.name)}`);

  const zones = new Map<string, { from: Date; to: Date }>();
  for (const event of options.events) {
    const range = zones.get(event.timeZone);
    zones.set(event.timeZone, {
      from: range && range.from < event.start ? range.from : event.start,
      to: range && range.to > event.end ? range.to : event.end,
    });
  }
  if (zones.size === 0 && options.withoutEvents) {
    const { timeZone, at } = options.withoutEvents;
    zones.set(timeZone, { from: at, to: at });
  }
  for (const [zone, range] of zones) lines.push(...vtimezoneLines(zone, range.from, range.to));

  for (const event of options.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${event.uid}`,
      `SEQUENCE:${event.sequence}`,
      `DTSTAMP:${utc(event.updatedAt)}`,
      `LAST-MODIFIED:${utc(event.updatedAt)}`,
      time('DTSTART', event.start, event.timeZone),
      time('DTEND', event.end, event.timeZone),
      `SUMMARY:${escapeText(event.summary)}`,
    );
    // A CANCEL without STATUS withdraws it from the attendees it names only (RFC 5546 §3.2.5).
    if (options.method !== 'CANCEL' || event.cancelled)
      lines.push(`STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`);
    if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
    if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
    if (event.url) lines.push(`URL:${event.url}`);
    if (event.organizer) lines.push(`ORGANIZER;${person(event.organizer.name, event.organizer.email)}`);
    for (const attendee of event.attendees ?? []) {
      const role = attendee.chair ? 'CHAIR' : 'REQ-PARTICIPANT';
      lines.push(`ATTENDEE;ROLE=${role};RSVP=FALSE;${person(attendee.name, attendee.email)}`);
    }
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
