import { AuditEntityType } from './audit-entity-type';

/** What kind of entity an audit event is about, and which of its fields are recorded. */
export interface AuditSubject {
  /** One of AuditEntityType's values (a misspelt one does not compile). */
  type: `${AuditEntityType}`;
  fields: readonly string[];
}
