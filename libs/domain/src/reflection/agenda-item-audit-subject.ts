import { AuditSubject } from '../audit/audit-subject';

/** Audit events about an agenda item record these fields. */
export const AGENDA_ITEM_AUDIT_SUBJECT: AuditSubject = {
  type: 'agenda-item',
  fields: ['seriesId', 'sessionId', 'kind', 'referenceId', 'title', 'timeboxMinutes', 'status'],
};
