import { AuditSubject } from '../audit/audit-subject';

/** Audit events about a reflection session record these fields. */
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
    'icalSequence',
  ],
};
