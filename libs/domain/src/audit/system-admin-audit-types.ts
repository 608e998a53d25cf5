/**
 * The audit events the system administrator reads: those of how organisations are set up (who
 * is in them, with which role and token, in which team and chain), not of their register,
 * reflection or delivery, whose events hold texts that may be confidential.
 */
export const SYSTEM_ADMIN_AUDIT_TYPES: readonly string[] = [
  'organisation',
  'person',
  'team',
  'chain',
  'role-assignment',
  'api-token',
];
