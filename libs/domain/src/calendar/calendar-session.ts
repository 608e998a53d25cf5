/** A reflection session as both the feed and the invitations need it. */
export interface CalendarSession {
  id: string;
  /** The calendar event it is: its own id, or that of the session it replaces (postponed). */
  calendarUid: string;
  title: string;
  timeZone: string;
  start: Date;
  end: Date;
  cancelled: boolean;
  location: string | null;
  meetingUrl: string | null;
  sequence: number;
  updatedAt: Date;
  url: string;
  /** The agenda, once it was sent (null before). */
  agenda: { title: string; timeboxMinutes: number }[] | null;
  /** Who sends the invitations: the event's organizer, the same whoever chairs (RFC 6638 §3.2.1). */
  organizer?: { name: string; email: string };
  chair?: { name: string; email: string };
  participants?: { name: string; email: string }[];
}
