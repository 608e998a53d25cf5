/** Sort orders of the delivery log: a property name, descending with a leading minus. */
export enum NotificationSort {
  DueAt = 'dueAt',
  DueAtDesc = '-dueAt',
  SentAt = 'sentAt',
  SentAtDesc = '-sentAt',
  CreatedAt = 'createdAt',
  CreatedAtDesc = '-createdAt',
}
