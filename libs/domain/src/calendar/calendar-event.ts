/** One reflection session as a calendar event, whatever carries it (feed or invitation). */
export interface CalendarEvent {
  /**
   * Stable per session (`<sessionId>@leerlus`), so updates replace instead of duplicate; a session
   * replacing a postponed one takes over its UID, so the meeting moves.
   */
  uid: string;
  /** iCalendar SEQUENCE: rises with every change a calendar must pick up. */
  sequence: number;
  start: Date;
  end: Date;
  /** IANA zone the session is planned in; times are written in it with a VTIMEZONE. */
  timeZone: string;
  summary: string;
  description?: string;
  location?: string | null;
  url?: string | null;
  cancelled?: boolean;
  organizer?: { name: string; email: string };
  /** The chair first (ROLE=CHAIR), then the participants. */
  attendees?: { name: string; email: string; chair?: boolean }[];
  /** When the event last changed (DTSTAMP/LAST-MODIFIED). */
  updatedAt: Date;
}
