/**
 * Sort orders of the delivery log: a property name, descending with a leading minus. Sent time
 * only descending (what went out last first, what was not sent after it), as its index has it.
 */
export enum NotificationSort {
  DueAt = 'dueAt',
  DueAtDesc = '-dueAt',
  SentAtDesc = '-sentAt',
  CreatedAt = 'createdAt',
  CreatedAtDesc = '-createdAt',
}
