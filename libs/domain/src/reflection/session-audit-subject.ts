import { AuditSubject } from '../audit/audit-subject';

/**
 * Audit events about a reflection session record these fields. Not its icalSequence: a counter for
 * calendars, raised with every change they must take (and, for a new place or invitee, on every
 * session at once, where one event per session would bury the change itself in the log).
 */
export const SESSION_AUDIT_SUBJECT: AuditSubject = {
  type: 'reflection-session',
  fields: [
    'status',
    'scheduledAt',
    'endsAt',
    'postponedTo',
    'statusReason',
    'minutes',
    'decisions',
    'attendeeIds',
    'agendaCompiledAt',
    'agendaSentAt',
    'outcomeRecordedAt',
  ],
};
