import type { ReportSnapshotDto } from '../../reports/dto/report-snapshot.dto';

/** Everything an e-mail is rendered from, loaded from Postgres when it is sent. */
export interface EmailContext {
  notificationId: string;
  kind: string;
  locale: 'nl' | 'en';
  recipientName: string | null;
  /** The address the e-mail goes to. */
  recipientEmail: string;
  organisationName: string;
  /** Who sends the invitations (MAIL_FROM): their calendar events' organizer, whoever chairs. */
  sender: { name: string; email: string };
  baseUrl: string;
  payload: Record<string, unknown>;
  session?: SessionContext;
  series?: { id: string; title: string; timeZone: string };
  action?: ActionContext;
  reportSnapshot?: ReportSnapshotDto;
}

export interface SessionContext {
  id: string;
  calendarUid: string;
  seriesId: string;
  title: string;
  timeZone: string;
  start: Date;
  end: Date;
  status: string;
  statusReason: string | null;
  location: string | null;
  meetingUrl: string | null;
  sequence: number;
  updatedAt: Date;
  agendaSent: boolean;
  /** Who chairs the series; one who left (not active) is named only to say so. */
  chair: { name: string; email: string; active: boolean };
  /** The organizer an invitation sent before 1764920000000 named; null: the sender. */
  organizer: { name: string; email: string } | null;
  participants: { name: string; email: string }[];
  agenda: { title: string; kind: string; timeboxMinutes: number }[];
}

export interface ActionContext {
  id: string;
  /** Null when the recipient may not see the action (ConfidentialityFilter.actions). */
  description: string | null;
  /** YYYY-MM-DD */
  dueDate: string;
  status: string;
  assigneeName: string;
}
