import { agendaLineIn } from '../reflection/agenda-line-in';
import { CalendarEvent } from './calendar-event';
import { CalendarSession } from './calendar-session';

const AGENDA = { nl: 'Agenda', en: 'Agenda' };
const LINK = { nl: 'Online deelnemen', en: 'Join online' };

/** The calendar event of a session: a stable UID per session, the agenda in the description. */
export function sessionEvent(session: CalendarSession, locale: 'nl' | 'en' = 'nl'): CalendarEvent {
  const description: string[] = [];
  if (session.agenda?.length) {
    description.push(`${AGENDA[locale]}:`);
    session.agenda.forEach((item, index) =>
      description.push(`${index + 1}. ${agendaLineIn(item.title, locale)} (${item.timeboxMinutes} min)`),
    );
  }
  if (session.meetingUrl) description.push('', `${LINK[locale]}: ${session.meetingUrl}`);
  description.push('', session.url);
  return {
    uid: `${session.calendarUid}@leerlus`,
    sequence: session.sequence,
    start: session.start,
    end: session.end,
    timeZone: session.timeZone,
    summary: session.title,
    description: description.join('\n').trim(),
    location: session.location ?? session.meetingUrl,
    url: session.url,
    cancelled: session.cancelled,
    // Not the chair: a new chair would change the organizer of an event calendars have, which they
    // refuse, and the former chair's withdrawal would come from someone else (RFC 6638 §3.2.1).
    organizer: session.organizer,
    attendees: [
      ...(session.chair ? [{ ...session.chair, chair: true }] : []),
      ...(session.participants ?? []).filter((p) => p.email !== session.chair?.email),
    ],
    updatedAt: session.updatedAt,
  };
}
