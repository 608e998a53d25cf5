import { AuditSubject } from '../audit/audit-subject';

/** What the audit log records of an incident: its own changes and those recurrence checks make. */
export const INCIDENT_AUDIT_SUBJECT: AuditSubject = {
  type: 'incident',
  fields: [
    'chainId',
    'teamId',
    'title',
    'description',
    'occurredAt',
    'reportedAt',
    'reportedById',
    'severity',
    'publicAttention',
    'source',
    'causeLevel',
    'tags',
    'confidentiality',
    'status',
    'recurrence',
    'closedAt',
  ],
};
