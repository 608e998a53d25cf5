import { AuditSubject } from '../audit/audit-subject';

/** Audit events about a lesson record these fields (sourceId: also when its session is postponed). */
export const LESSON_AUDIT_SUBJECT: AuditSubject = {
  type: 'lesson',
  fields: [
    'chainId',
    'sourceType',
    'sourceId',
    'title',
    'observation',
    'insight',
    'recommendation',
    'addressedRole',
    'status',
    'response',
    'responseReason',
    'evidence',
    'drawnById',
    'validatedAt',
    'validatedById',
    'embeddedAt',
    'recheckAt',
    'recheckedAt',
    'retiredAt',
  ],
};
