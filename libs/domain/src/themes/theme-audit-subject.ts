import { AuditSubject } from '../audit/audit-subject';

/** Audit events about a theme record these fields (lastDiscussedAt: set when a session is held). */
export const THEME_AUDIT_SUBJECT: AuditSubject = {
  type: 'theme',
  fields: ['title', 'description', 'ownerId', 'active', 'lastDiscussedAt'],
};
