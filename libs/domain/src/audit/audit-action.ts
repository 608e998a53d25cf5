export enum AuditAction {
  Create = 'create',
  Update = 'update',
  Delete = 'delete',
}
