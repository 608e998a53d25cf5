/** What kind of entity an audit event is about, and which of its fields are recorded. */
export interface AuditSubject {
  type: string;
  fields: readonly string[];
}
