import { AuditSubject } from '../audit/audit-subject';

/** Audit events about a message of the delivery log record these fields (never its payload). */
export const NOTIFICATION_AUDIT_SUBJECT: AuditSubject = {
  type: 'notification',
  fields: ['status', 'attempts', 'dueAt', 'target', 'lastError', 'cancelReason'],
};
