import { AuditSubject } from '../audit/audit-subject';

/** Audit events about an action record these fields (sourceId: also when its session is postponed). */
export const ACTION_AUDIT_SUBJECT: AuditSubject = {
  type: 'action',
  fields: [
    'sourceType',
    'sourceId',
    'chainId',
    'description',
    'assigneeId',
    'addressedRole',
    'dueDate',
    'status',
    'completedAt',
    'cancelledAt',
  ],
};
