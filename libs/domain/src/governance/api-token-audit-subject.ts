import { AuditSubject } from '../audit/audit-subject';

/** Audit events about an API token record these fields (never its hash). */
export const API_TOKEN_AUDIT_SUBJECT: AuditSubject = {
  type: 'api-token',
  fields: ['personId', 'name', 'expiresAt', 'revokedAt', 'bootstrap'],
};
